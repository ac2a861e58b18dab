package dev.videogen.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.model.OutputFormat;
import dev.videogen.jobs.db.JobRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/** The bodies the contract gives for a job in each state, shared by the API, the webhooks and the event stream. */
public final class JobViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResultUrls urls;

    public JobViews(ResultUrls urls) {
        this.urls = urls;
    }

    /** The {@code GET /v1/videoresult/{job_id}} body. */
    public ObjectNode result(JobRecord job, Instant now) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", job.status().apiName());
        body.put("job_id", job.jobId());
        switch (job.status()) {
            case COMPLETED -> completed(job, body);
            case PENDING, DOWNLOADING, PROCESSING, UPLOADING, STORING -> inProgress(job, body, now);
            case FAILED, TIMEOUT, CANCELLED -> ended(job, body);
            case EXPIRED -> body.put("message", "The result was deleted at the end of its retention period");
        }
        JsonNode metadata = metadata(job);
        if (metadata != null) {
            body.set("metadata", metadata);
        }
        return body;
    }

    private void completed(JobRecord job, ObjectNode body) {
        long size = job.fileSizeBytes() == null ? 0 : job.fileSizeBytes();
        // a still (png, jpg) is one picture: it has no length, whatever the composition it was taken from lasts
        boolean still = OutputFormat.fromWireName(job.outputFormat()).map(OutputFormat::still).orElse(false);
        double duration = still || job.durationSeconds() == null ? 0 : job.durationSeconds();
        // one value in both forms: 2.46 s shows as 2.5 and "3 seconds", never "2 seconds" beside 2.5
        double processing = Math.round((job.actualSeconds() == null ? 0 : job.actualSeconds()) * 10) / 10.0;
        body.put("result_url", urls.presigned() || job.resultUrl() == null ? urls.urlFor(job.s3Key()) : job.resultUrl());
        if (job.thumbnailKey() != null) {
            // the poster beside the result, signed and expiring like the result's URL
            body.put("thumbnail_url", urls.urlFor(job.thumbnailKey()));
        }
        body.put("file_size", HumanUnits.size(size));
        body.put("file_size_bytes", size);
        body.put("duration", HumanUnits.seconds(duration));
        body.put("duration_seconds", duration);
        body.put("processing_time", HumanUnits.seconds(processing));
        body.put("processing_time_seconds", processing);
        body.put("width", job.width());
        body.put("height", job.height());
        body.put("output_format", job.outputFormat());
        body.put("message", still ? "Still rendered successfully" : "Video processed successfully");
    }

    private static void inProgress(JobRecord job, ObjectNode body, Instant now) {
        int progress = job.progress();
        body.put("progress", progress + "%");
        body.put("progress_percentage", progress);
        body.put("current_step", job.currentStep() == null ? "validation" : job.currentStep());
        int maxAttempts = job.retry().maxAttempts();
        if (job.waitingToRetry()) {
            // the contract's "Status while retrying": the attempt to come, when, and after what
            int next = job.attempt() + 1;
            String code = job.retry().lastErrorCode() == null ? "PROCESSING_FAILED" : job.retry().lastErrorCode();
            String reason = job.retry().lastErrorMessage() == null ? "" : ": " + job.retry().lastErrorMessage();
            body.put("message", "Retrying after " + code + reason + " (attempt " + next + " of " + maxAttempts + ")");
            body.put("attempt", next);
            body.put("max_attempts", maxAttempts);
            body.put("next_attempt_at", job.retry().nextAttemptAt().toString());
            body.put("last_error", code);
        } else if (job.status() == JobStatus.PENDING) {
            body.put("message", "Video is queued for processing");
        } else if (job.attempt() > 1) {
            // a new attempt started: its progress began again from 0
            body.put("message", "Video processing in progress (attempt " + job.attempt() + " of " + maxAttempts
                    + ")");
            body.put("attempt", job.attempt());
            body.put("max_attempts", maxAttempts);
        } else {
            body.put("message", "Video processing in progress");
        }
        body.put("estimated_time_remaining_seconds", remainingSeconds(job, now));
    }

    /**
     * What is left: the estimate until the job starts; the estimate less the time spent while progress is too small
     * to extrapolate from (under 5%); then the time spent so far scaled by the real progress.
     */
    static long remainingSeconds(JobRecord job, Instant now) {
        int estimate = job.estimatedSeconds() == null ? 0 : job.estimatedSeconds();
        if (job.waitingToRetry()) {
            // the wait for the next attempt, then the attempt itself
            long wait = Math.max(0, Duration.between(now, job.retry().nextAttemptAt()).toMillis());
            return Math.round(wait / 1000.0) + estimate;
        }
        if (job.startedAt() == null) {
            return estimate;
        }
        double elapsed = Math.max(0, Duration.between(job.startedAt(), now).toMillis() / 1000.0);
        if (job.progress() < 5) {
            return Math.max(0, Math.round(estimate - elapsed));
        }
        double fraction = job.progress() / 100.0;
        return Math.max(0, Math.round(elapsed / fraction - elapsed));
    }

    private static void ended(JobRecord job, ObjectNode body) {
        String code = switch (job.status()) {
            // cancelling is not an error: the contract's codes name failures only
            case CANCELLED -> job.errorCode();
            case TIMEOUT -> job.errorCode() == null ? "PROCESSING_TIMEOUT" : job.errorCode();
            default -> job.errorCode() == null ? "PROCESSING_FAILED" : job.errorCode();
        };
        if (code == null) {
            body.putNull("error");
        } else {
            body.put("error", code);
        }
        body.put("message", job.errorMessage() != null ? job.errorMessage() : switch (job.status()) {
            case CANCELLED -> "Video processing was cancelled";
            case TIMEOUT -> "Video processing took too long and was stopped";
            default -> "Video processing failed";
        });
        if (job.errorDetails() != null) {
            body.set("details", parse(job.errorDetails()));
        }
    }

    private static JsonNode metadata(JobRecord job) {
        JsonNode request = parse(job.requestPayload());
        JsonNode metadata = request == null ? null : request.get("metadata");
        return metadata == null || metadata.isNull() ? null : metadata;
    }

    static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }
}
