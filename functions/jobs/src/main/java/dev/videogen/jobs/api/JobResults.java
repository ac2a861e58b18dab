package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Redaction;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.webhooks.WebhookEvents;
import java.time.Instant;
import java.util.Optional;

/** {@code GET} and {@code DELETE /v1/videoresult/{job_id}}: a job's state, and cancelling it. */
final class JobResults {

    private final VideoApi.Dependencies deps;
    private final JobEndAnnouncer announcer;

    JobResults(VideoApi.Dependencies deps, JobEndAnnouncer announcer) {
        this.deps = deps;
        this.announcer = announcer;
    }

    ApiResponse status(ApiRequest request, String jobId) {
        Caller caller = deps.authenticator().authenticate(request);
        Optional<JobRecord> job = visibleJob(caller, jobId);
        if (job.isEmpty()) {
            return ErrorResponses.notFound(jobId);
        }
        return ApiResponse.json(200, deps.views().result(job.get(), deps.clock().instant()));
    }

    ApiResponse cancel(ApiRequest request, String jobId) {
        Caller caller = deps.authenticator().authenticate(request);
        if (!JobIds.wellFormed(jobId)) {
            return ErrorResponses.notFound(jobId);
        }
        return switch (deps.jobs().cancel(jobId, caller.subject(), caller.seesEveryJob())) {
            case NOT_FOUND -> ErrorResponses.notFound(jobId);
            case ALREADY_ENDED -> {
                JobRecord job = deps.jobs().find(jobId).orElseThrow();
                yield ErrorResponses.error(409, "JOB_ALREADY_ENDED",
                        "job " + jobId + " is already " + job.status().apiName(), "job_id");
            }
            case CANCELLED -> {
                JobRecord job = deps.jobs().find(jobId).orElseThrow();
                announcer.announce(job);
                yield ApiResponse.json(200, deps.views().result(job, deps.clock().instant()));
            }
        };
    }

    /**
     * {@code GET /v1/videoresult/{job_id}/webhooks}: each event of the job, where its delivery stands, and every
     * attempt (when, the receiver's status or the error, how long it took), for the job's owner only.
     */
    ApiResponse webhookLog(ApiRequest request, String jobId) {
        Caller caller = deps.authenticator().authenticate(request);
        Optional<JobRecord> job = visibleJob(caller, jobId);
        if (job.isEmpty()) {
            return ErrorResponses.notFound(jobId);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("job_id", jobId);
        ArrayNode deliveries = body.putArray("deliveries");
        for (WebhookEvents.Entry entry : new WebhookEvents(deps.jobs().database()).log(job.get().id())) {
            ObjectNode item = deliveries.addObject();
            item.put("delivery_id", entry.id().toString());
            item.put("event", entry.event());
            item.put("url", Redaction.url(entry.url()));
            item.put("state", entry.state());
            item.put("attempts", entry.attempts());
            putTime(item, "next_attempt_at", entry.nextAttemptAt());
            putTime(item, "last_attempt_at", entry.lastAttemptAt());
            if (entry.lastStatusCode() == null) {
                item.putNull("last_status_code");
            } else {
                item.put("last_status_code", entry.lastStatusCode());
            }
            item.put("last_error", entry.lastError());
            putTime(item, "delivered_at", entry.deliveredAt());
            ArrayNode log = item.putArray("log");
            for (WebhookEvents.Attempt attempt : entry.log()) {
                ObjectNode row = log.addObject();
                row.put("attempt", attempt.attempt());
                putTime(row, "at", attempt.at());
                if (attempt.statusCode() == null) {
                    row.putNull("status_code");
                } else {
                    row.put("status_code", attempt.statusCode());
                }
                row.put("success", attempt.success());
                row.put("error", attempt.error());
                if (attempt.durationMs() == null) {
                    row.putNull("duration_ms");
                } else {
                    row.put("duration_ms", attempt.durationMs());
                }
            }
        }
        return ApiResponse.json(200, body);
    }

    private static void putTime(ObjectNode node, String field, Instant time) {
        if (time == null) {
            node.putNull(field);
        } else {
            node.put(field, time.toString());
        }
    }

    /** Public lookups can only find the caller's own jobs; others read as unknown. */
    Optional<JobRecord> visibleJob(Caller caller, String jobId) {
        if (!JobIds.wellFormed(jobId)) {
            return Optional.empty();
        }
        return deps.jobs().find(jobId).filter(job -> caller.owns(job.owner()));
    }
}
