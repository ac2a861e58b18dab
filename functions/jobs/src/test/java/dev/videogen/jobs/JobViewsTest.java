package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.jobs.db.JobRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobViewsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String JOB_ID = "vg_abcdefghijklmnopqrst";
    private static final String PAYLOAD = "{\"width\":720,\"height\":1280,\"metadata\":{\"order\":42}}";
    /** With a public base URL the object store is never asked for a presigned URL. */
    private final JobViews views = new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1)));

    private static JobRecord job(JobStatus status, int progress, String step, Instant startedAt, String resultUrl,
                                 String errorCode, String errorMessage, String errorDetails) {
        return new JobRecord(UUID.randomUUID(), JOB_ID, null, status, "async", false, "mp4", 720, 1280, 30.0,
                PAYLOAD, null, 140, status == JobStatus.COMPLETED ? 18.44 : null, progress, step, "videos",
                "processed/video_" + JOB_ID + ".mp4", "us-east-1", resultUrl,
                status == JobStatus.COMPLETED ? 15_938_355L : null, errorCode, errorMessage, errorDetails, 0, null,
                null, null, NOW.minusSeconds(120), startedAt, status.terminal() ? NOW : null, JobRecord.RetryState.NONE,
                null);
    }

    private static List<String> fields(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aCompletedJobHasEveryFieldOfTheContract() {
        ObjectNode body = views.result(job(JobStatus.COMPLETED, 100, "cleanup", NOW.minusSeconds(30),
                "https://cdn.example.com/processed/video.mp4", null, null, null), NOW);

        assertThat(fields(body)).containsExactlyInAnyOrder("status", "job_id", "result_url", "file_size",
                "file_size_bytes", "duration", "duration_seconds", "processing_time", "processing_time_seconds",
                "width", "height", "output_format", "message", "metadata");
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("job_id").asText()).isEqualTo(JOB_ID);
        assertThat(body.get("result_url").asText()).isEqualTo("https://cdn.example.com/processed/video.mp4");
        assertThat(body.get("file_size").asText()).isEqualTo("15.2MB");
        assertThat(body.get("file_size_bytes").asLong()).isEqualTo(15_938_355L);
        assertThat(body.get("duration").asText()).isEqualTo("30 seconds");
        assertThat(body.get("duration_seconds").asDouble()).isEqualTo(30.0);
        assertThat(body.get("processing_time").asText()).isEqualTo("18 seconds");
        assertThat(body.get("processing_time_seconds").asDouble()).isEqualTo(18.4);
        assertThat(body.get("width").asInt()).isEqualTo(720);
        assertThat(body.get("height").asInt()).isEqualTo(1280);
        assertThat(body.get("output_format").asText()).isEqualTo("mp4");
        assertThat(body.get("message").asText()).isEqualTo("Video processed successfully");
        assertThat(body.get("metadata").get("order").asInt()).isEqualTo(42);
    }

    @Test
    void theProcessingTimeReadsTheSameInWordsAsInSeconds() {
        JobRecord done = job(JobStatus.COMPLETED, 100, "cleanup", NOW.minusSeconds(30),
                "https://cdn.example.com/processed/video.mp4", null, null, null);
        JobRecord justUnderHalf = new JobRecord(done.id(), done.jobId(), done.owner(), done.status(),
                done.responseType(), done.quickResponse(), done.outputFormat(), done.width(), done.height(),
                done.durationSeconds(), done.requestPayload(), done.callbackUrl(), done.estimatedSeconds(), 2.46,
                done.progress(), done.currentStep(), done.s3Bucket(), done.s3Key(), done.s3Region(), done.resultUrl(),
                done.fileSizeBytes(), done.errorCode(), done.errorMessage(), done.errorDetails(), done.retryCount(),
                done.leaseOwner(), done.leaseUntil(), done.requestHash(), done.createdAt(), done.startedAt(),
                done.completedAt(), done.retry(), done.thumbnailKey());

        ObjectNode body = views.result(justUnderHalf, NOW);

        assertThat(body.get("processing_time_seconds").asDouble()).isEqualTo(2.5);
        assertThat(body.get("processing_time").asText()).isEqualTo("3 seconds");
    }

    @Test
    void aCompletedJobWithoutAStoredUrlGetsOneFromItsKey() {
        ObjectNode body = views.result(job(JobStatus.COMPLETED, 100, "cleanup", NOW.minusSeconds(30), null, null, null,
                null), NOW);

        assertThat(body.get("result_url").asText())
                .isEqualTo("https://cdn.example.com/processed/video_" + JOB_ID + ".mp4");
    }

    @Test
    void aProcessingJobReportsItsProgressAndStep() {
        ObjectNode body = views.result(job(JobStatus.PROCESSING, 65, "encoding", NOW.minusSeconds(13), null, null,
                null, null), NOW);

        assertThat(fields(body)).containsExactlyInAnyOrder("status", "job_id", "progress", "progress_percentage",
                "current_step", "message", "estimated_time_remaining_seconds", "metadata");
        assertThat(body.get("status").asText()).isEqualTo("processing");
        assertThat(body.get("progress").asText()).isEqualTo("65%");
        assertThat(body.get("progress_percentage").asInt()).isEqualTo(65);
        assertThat(body.get("current_step").asText()).isEqualTo("encoding");
        assertThat(body.get("message").asText()).isEqualTo("Video processing in progress");
        // 13 s for 65%: 7 s to go
        assertThat(body.get("estimated_time_remaining_seconds").asLong()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"DOWNLOADING", "UPLOADING", "STORING"})
    void everyWorkingStateReadsAsProcessing(JobStatus status) {
        ObjectNode body = views.result(job(status, 96, "upload", NOW.minusSeconds(10), null, null, null, null), NOW);

        assertThat(body.get("status").asText()).isEqualTo("processing");
        assertThat(body.get("current_step").asText()).isEqualTo("upload");
    }

    @Test
    void aPendingJobShowsItsWholeEstimate() {
        ObjectNode body = views.result(job(JobStatus.PENDING, 0, "validation", null, null, null, null, null), NOW);

        assertThat(body.get("status").asText()).isEqualTo("pending");
        assertThat(body.get("progress").asText()).isEqualTo("0%");
        assertThat(body.get("current_step").asText()).isEqualTo("validation");
        assertThat(body.get("estimated_time_remaining_seconds").asLong()).isEqualTo(140);
        assertThat(body.has("result_url")).isFalse();
    }

    @Test
    void aFailedJobNamesItsErrorWithDetails() {
        ObjectNode body = views.result(job(JobStatus.FAILED, 10, "download", NOW.minusSeconds(5), null,
                "SOURCE_DOWNLOAD_FAILED", "elements[0] (clip): the server answered 404",
                "{\"element\": \"clip\"}"), NOW);

        assertThat(fields(body)).containsExactlyInAnyOrder("status", "job_id", "error", "message", "details",
                "metadata");
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(body.get("message").asText()).contains("404");
        assertThat(body.get("details").get("element").asText()).isEqualTo("clip");
    }

    @Test
    void aFailedJobWithoutACodeIsAProcessingFailure() {
        ObjectNode body = views.result(job(JobStatus.FAILED, 10, "download", NOW, null, null, null, null), NOW);

        assertThat(body.get("error").asText()).isEqualTo("PROCESSING_FAILED");
        assertThat(body.get("message").asText()).isEqualTo("Video processing failed");
        assertThat(body.has("details")).isFalse();
    }

    @Test
    void aTimedOutJobIsAProcessingTimeout() {
        ObjectNode body = views.result(job(JobStatus.TIMEOUT, 40, "encoding", NOW, null, null, null, null), NOW);

        assertThat(body.get("status").asText()).isEqualTo("timeout");
        assertThat(body.get("error").asText()).isEqualTo("PROCESSING_TIMEOUT");
    }

    @Test
    void aCancelledJobSaysSo() {
        ObjectNode body = views.result(job(JobStatus.CANCELLED, 40, "encoding", NOW, null, null,
                "cancelled by the client", null), NOW);

        assertThat(body.get("status").asText()).isEqualTo("cancelled");
        assertThat(body.get("error").isNull()).as("cancelling is not one of the contract's error codes").isTrue();
        assertThat(body.get("message").asText()).isEqualTo("cancelled by the client");
    }

    @Test
    void anExpiredJobHasNoResultUrl() {
        ObjectNode body = views.result(job(JobStatus.EXPIRED, 100, "cleanup", NOW, "https://cdn/x.mp4", null, null,
                null), NOW);

        assertThat(body.get("status").asText()).isEqualTo("expired");
        assertThat(body.has("result_url")).isFalse();
        assertThat(body.get("message").asText()).contains("retention");
    }

    @Test
    void aJobWithoutMetadataHasNoMetadataField() {
        JobRecord plain = new JobRecord(UUID.randomUUID(), JOB_ID, null, JobStatus.PENDING, "async", false, "mp4", 16,
                16, null, "{\"width\":16}", null, null, null, 0, null, null, null, null, null, null, null, null, null,
                0, null, null, null, NOW, null, null, JobRecord.RetryState.NONE, null);

        ObjectNode body = views.result(plain, NOW);

        assertThat(body.has("metadata")).isFalse();
        assertThat(body.get("estimated_time_remaining_seconds").asLong()).isZero();
    }

    @Test
    void tooLittleProgressToExtrapolateCountsDownTheEstimate() {
        JobRecord starting = job(JobStatus.PROCESSING, 2, "download", NOW.minusSeconds(10), null, null, null, null);

        // 1% after 10 s would project 990 s; the 140 s estimate less the 10 s spent is the better guess
        assertThat(JobViews.remainingSeconds(starting, NOW)).isEqualTo(130);
    }

    @Test
    void remainingTimeNeverGoesNegative() {
        JobRecord almostDone = job(JobStatus.PROCESSING, 100, "upload", NOW.minusSeconds(500), null, null, null, null);

        assertThat(JobViews.remainingSeconds(almostDone, NOW)).isZero();
    }

    @Test
    void aCompletedJobWithAPosterLinksItBesideTheResultAndAStillReadsAsOnePicture() {
        JobRecord done = job(JobStatus.COMPLETED, 100, "cleanup", NOW.minusSeconds(30),
                "https://cdn.example.com/processed/video.mp4", null, null, null);
        JobRecord withPoster = new JobRecord(done.id(), done.jobId(), done.owner(), done.status(),
                done.responseType(), done.quickResponse(), done.outputFormat(), done.width(), done.height(),
                done.durationSeconds(), done.requestPayload(), done.callbackUrl(), done.estimatedSeconds(),
                done.actualSeconds(), done.progress(), done.currentStep(), done.s3Bucket(), done.s3Key(),
                done.s3Region(), done.resultUrl(), done.fileSizeBytes(), null, null, null, 0, null, null, null,
                done.createdAt(), done.startedAt(), done.completedAt(), JobRecord.RetryState.NONE,
                "processed/video_" + JOB_ID + ".thumbnail.jpg");
        ObjectNode body = views.result(withPoster, NOW);
        assertThat(body.get("thumbnail_url").asText())
                .isEqualTo("https://cdn.example.com/processed/video_" + JOB_ID + ".thumbnail.jpg");
        assertThat(views.result(done, NOW).has("thumbnail_url")).isFalse();

        JobRecord still = new JobRecord(done.id(), done.jobId(), done.owner(), done.status(), done.responseType(),
                done.quickResponse(), "png", done.width(), done.height(), 3.0, done.requestPayload(), null, 5, 1.2,
                100, "cleanup", "videos", "processed/video_" + JOB_ID + ".png", "us-east-1", null, 41_000L, null, null,
                null, 0, null, null, null, done.createdAt(), done.startedAt(), done.completedAt(),
                JobRecord.RetryState.NONE, null);
        ObjectNode picture = views.result(still, NOW);
        assertThat(picture.get("output_format").asText()).isEqualTo("png");
        assertThat(picture.get("duration_seconds").asDouble()).isZero();
        assertThat(picture.get("message").asText()).isEqualTo("Still rendered successfully");
        assertThat(picture.has("thumbnail_url")).isFalse();
    }
}
