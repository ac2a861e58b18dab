package dev.videogen.jobs.db;

import dev.videogen.jobs.JobStatus;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code jobs}, as the service reads it. */
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
        Instant completedAt) {
}
