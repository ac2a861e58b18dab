package dev.videogen.jobs.api;

import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.db.JobRecord;
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

    /** Public lookups can only find the caller's own jobs; others read as unknown. */
    Optional<JobRecord> visibleJob(Caller caller, String jobId) {
        if (!JobIds.wellFormed(jobId)) {
            return Optional.empty();
        }
        return deps.jobs().find(jobId).filter(job -> caller.owns(job.owner()));
    }
}
