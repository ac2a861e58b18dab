package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A create repeated with the same {@code Idempotency-Key} within 24 hours answers with the job it created, as it
 * stands now; the same key with a different body is refused.
 */
final class IdempotentReplay {

    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final JobRepository jobs;
    private final JobViews views;
    private final Clock clock;

    IdempotentReplay(JobRepository jobs, JobViews views, Clock clock) {
        this.jobs = jobs;
        this.views = views;
        this.clock = clock;
    }

    /** Where the window of a key used now starts: a job created with it since then is the one it names. */
    Instant windowStart() {
        return clock.instant().minus(IDEMPOTENCY_WINDOW);
    }

    /** The answer for a repeat, or empty when the key is new. */
    Optional<ApiResponse> replay(Caller caller, String key, String hash) {
        return jobs.findByIdempotencyKey(caller.subject(), key, windowStart()).map(job -> answer(job, hash));
    }

    /** The answer to a request with body hash {@code hash} whose key names {@code job}. */
    ApiResponse answer(JobRecord job, String hash) {
        if (!hash.equals(job.requestHash())) {
            return ErrorResponses.error(409, "IDEMPOTENCY_KEY_REUSED",
                    "this Idempotency-Key was used with a different body within 24 hours", "Idempotency-Key");
        }
        if (job.status().terminal()) {
            return ApiResponse.json(200, views.result(job, clock.instant()));
        }
        // still under way: the acceptance again, with where the job stands now
        ObjectNode body = JobAcceptance.body(job, job.estimatedSeconds() == null ? 0 : job.estimatedSeconds());
        body.put("status", job.status().apiName());
        if (job.status().working()) {
            body.put("progress_percentage", job.progress());
            body.put("current_step", job.currentStep());
        }
        return JobAcceptance.accepted(job, body);
    }
}
