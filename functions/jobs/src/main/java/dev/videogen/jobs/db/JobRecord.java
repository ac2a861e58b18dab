package dev.videogen.jobs.db;

import dev.videogen.jobs.JobStatus;
import java.time.Instant;
import java.util.UUID;

/**
 * One row of {@code jobs}, as the service reads it. {@code retry} is {@link RetryState#NONE} for a job of one attempt;
 * {@code thumbnailKey} is the key of the JPEG poster stored beside the result (a video job that asked for a
 * {@code thumbnail}), or {@code null}.
 */
public record JobRecord(
        UUID id,
        String jobId,
        String owner,
        JobStatus status,
        String responseType,
        boolean quickResponse,
        String outputFormat,
        int width,
        int height,
        Double durationSeconds,
        String requestPayload,
        String callbackUrl,
        Integer estimatedSeconds,
        Double actualSeconds,
        int progress,
        String currentStep,
        String s3Bucket,
        String s3Key,
        String s3Region,
        String resultUrl,
        Long fileSizeBytes,
        String errorCode,
        String errorMessage,
        String errorDetails,
        int retryCount,
        String leaseOwner,
        Instant leaseUntil,
        String requestHash,
        Instant createdAt,
        Instant startedAt,
        Instant completedAt,
        RetryState retry,
        String thumbnailKey) {

    /**
     * Where a job stands in its attempts.
     *
     * @param maxAttempts      attempts the job may have in all
     * @param nextAttemptAt    when a job waiting to be tried again is tried; null when no retry waits
     * @param lastErrorCode    the error of the last failed attempt, kept while retrying
     * @param lastErrorMessage its message
     * @param deadline         the job's processing timeout, by which every attempt must have ended
     */
    public record RetryState(int maxAttempts, Instant nextAttemptAt, String lastErrorCode, String lastErrorMessage,
                             Instant deadline) {

        /** A single attempt, no retry waiting. */
        public static final RetryState NONE = new RetryState(1, null, null, null, null);
    }

    /** The attempt under way (for a working job) or last made: 1 for the first. */
    public int attempt() {
        return retryCount + 1;
    }

    /** Whether the job is pending, waiting for its next attempt after a passing failure. */
    public boolean waitingToRetry() {
        return status == JobStatus.PENDING && retry.nextAttemptAt() != null;
    }
}
