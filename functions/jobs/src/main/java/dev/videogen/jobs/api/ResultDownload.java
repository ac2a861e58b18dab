package dev.videogen.jobs.api;

import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.ResultDownloads;
import dev.videogen.jobs.db.JobRecord;
import java.util.Optional;

/**
 * {@code GET /v1/videoresult/{job_id}/download}: a 302 to a URL of the result signed now, for the job's owner only;
 * every answer, refusals included, is recorded in {@code url_access_logs}.
 */
final class ResultDownload {

    private static final String ROUTE = "/v1/videoresult/%s/download";

    private final VideoApi.Dependencies deps;
    /** {@code null} where the service has no store to sign URLs for. */
    private final ResultDownloads downloads;

    ResultDownload(VideoApi.Dependencies deps, ResultDownloads downloads) {
        this.deps = deps;
        this.downloads = downloads;
    }

    ApiResponse download(ApiRequest request, String jobId) {
        long started = System.nanoTime();
        Caller caller = deps.authenticator().authenticate(request);
        Optional<JobRecord> visible = JobIds.wellFormed(jobId)
                ? deps.jobs().find(jobId).filter(job -> caller.owns(job.owner())) : Optional.empty();
        ApiResponse response;
        String handedOut = String.format(ROUTE, ErrorResponses.printable(jobId));
        Long bytes = null;
        if (visible.isEmpty()) {
            response = ErrorResponses.notFound(jobId);
        } else if (visible.get().status() != JobStatus.COMPLETED || visible.get().s3Key() == null) {
            response = ErrorResponses.error(409, "RESULT_NOT_AVAILABLE", "job " + jobId + " is "
                    + visible.get().status().apiName() + " and has no result to download", "job_id");
        } else if (downloads == null) {
            return ErrorResponses.unavailable("result downloads are not configured here");
        } else {
            handedOut = downloads.signedUrl(visible.get());
            bytes = visible.get().fileSizeBytes();
            response = new ApiResponse(302, java.util.Map.of("Location", handedOut, "Cache-Control", "no-store"), "");
        }
        if (downloads != null && (visible.isPresent() || JobIds.wellFormed(jobId))) {
            // an id that cannot exist is noise, not an access worth keeping
            downloads.record(new ResultDownloads.Access(jobId, handedOut, request.sourceIp(),
                    request.header("User-Agent"), request.header("Referer"), response.status(), bytes,
                    (System.nanoTime() - started) / 1_000_000));
        }
        return response;
    }
}
