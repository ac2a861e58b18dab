package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.ServerErrorMessage;

class JobStatusTransitionTest extends SchemaTestCase {

    private static final List<String> STATUSES = List.of("pending", "downloading", "processing", "uploading", "storing",
            "completed", "failed", "cancelled", "timeout", "expired");
    private static final Set<String> WORKING = Set.of("downloading", "processing", "uploading", "storing");

    /** The state machine as the API documents it, written out independently of the SQL. */
    private static boolean documented(String from, String to) {
        if (from.equals("pending")) {
            return Set.of("downloading", "processing", "failed", "cancelled", "timeout").contains(to);
        }
        if (WORKING.contains(from)) {
            return !to.equals("expired");
        }
        if (from.equals("completed")) {
            return to.equals("expired");
        }
        return false;
    }

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (String from : STATUSES) {
            for (String to : STATUSES) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void transitionFunctionMatchesTheDocumentedStateMachine(String from, String to) {
        assertThat(sql.value("SELECT job_status_transition_allowed(?::job_status, ?::job_status)", from, to))
                .isEqualTo(documented(from, to));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void directUpdatesAreHeldToTheStateMachine(String from, String to) {
        if (from.equals(to)) {
            return; // not a transition: the row keeps its status, nothing to validate
        }
        UUID job = insertJob(from);
        String update = """
                UPDATE jobs SET status = ?::job_status,
                                result_url = coalesce(result_url, 'https://cdn.example.com/r.mp4'),
                                s3_key = coalesce(s3_key, 'results/r.mp4')
                 WHERE id = ?""";

        if (documented(from, to)) {
            assertThat(sql.exec(update, to, job)).isEqualTo(1);
            assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", job)).isEqualTo(to);
        } else {
            ServerErrorMessage error = sql.error(update, to, job);
            assertThat(error.getSQLState()).isEqualTo("23514");
            assertThat(error.getConstraint()).isEqualTo("job_status_transition");
            assertThat(error.getMessage()).isEqualTo("job " + publicId(job) + " cannot move from " + from + " to " + to);
        }
    }

    @Test
    void finishedJobCannotGoBackToProcessing() {
        UUID job = insertJob("completed");

        ServerErrorMessage error = sql.error("UPDATE jobs SET status = 'processing' WHERE id = ?", job);

        assertThat(error.getMessage()).isEqualTo("job " + publicId(job) + " cannot move from completed to processing");
        assertThat(error.getHint()).isEqualTo("A completed job can only become expired.");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", job)).isEqualTo("completed");
    }

    @Test
    void failedJobCannotBeRevived() {
        UUID job = insertJob("failed");

        ServerErrorMessage error = sql.error("UPDATE jobs SET status = 'pending' WHERE id = ?", job);

        assertThat(error.getMessage()).isEqualTo("job " + publicId(job) + " cannot move from failed to pending");
        assertThat(error.getHint()).isEqualTo("failed is a final state.");
    }

    @Test
    void completedJobWithoutResultUrlIsRefused() {
        UUID job = insertJob("processing");
        sql.exec("UPDATE jobs SET s3_key = 'results/r.mp4' WHERE id = ?", job);

        ServerErrorMessage error = sql.error("UPDATE jobs SET status = 'completed' WHERE id = ?", job);

        assertThat(error.getSQLState()).isEqualTo("23514");
        assertThat(error.getConstraint()).isEqualTo("jobs_completed_requires_result");
        assertThat(error.getMessage()).isEqualTo("completed job " + publicId(job) + " must have result_url and s3_key");
    }

    @Test
    void completedJobWithoutS3KeyIsRefused() {
        UUID job = insertJob("processing");

        ServerErrorMessage error = sql.error("UPDATE jobs SET status = 'completed', result_url = ? WHERE id = ?", RESULT_URL, job);

        assertThat(error.getMessage()).isEqualTo("completed job " + publicId(job) + " must have result_url and s3_key");
    }

    @Test
    void completedJobCannotLoseItsResultUrlLater() {
        UUID job = insertJob("completed");

        ServerErrorMessage error = sql.error("UPDATE jobs SET result_url = NULL WHERE id = ?", job);

        assertThat(error.getMessage()).isEqualTo("completed job " + publicId(job) + " must have result_url and s3_key");
    }

    @Test
    void insertingACompletedJobWithoutResultIsRefused() {
        ServerErrorMessage error = sql.error("""
                INSERT INTO jobs (job_id, status, response_type, width, height, request_payload)
                VALUES ('vg_aaaaaaaaaaaaaaaaaaaa', 'completed', 'immediate', 640, 360, '{}')""");

        assertThat(error.getMessage()).isEqualTo("completed job vg_aaaaaaaaaaaaaaaaaaaa must have result_url and s3_key");
    }

    @Test
    void startingWorkStampsStartedAtOnce() {
        UUID job = createJob();
        assertThat(sql.value("SELECT started_at FROM jobs WHERE id = ?", job)).isNull();

        sql.exec("UPDATE jobs SET status = 'downloading' WHERE id = ?", job);
        assertThat(sql.value("SELECT started_at = now() FROM jobs WHERE id = ?", job)).isEqualTo(true);

        sql.exec("UPDATE jobs SET started_at = now() - interval '1 minute' WHERE id = ?", job);
        sql.exec("UPDATE jobs SET status = 'processing' WHERE id = ?", job);
        sql.exec("UPDATE jobs SET status = 'pending' WHERE id = ?", job);
        sql.exec("UPDATE jobs SET status = 'processing' WHERE id = ?", job);

        assertThat(sql.value("SELECT started_at = now() - interval '1 minute' FROM jobs WHERE id = ?", job)).isEqualTo(true);
    }

    @Test
    void finishingStampsCompletedAtAndTheActualProcessingTime() {
        UUID job = insertJob("processing");
        sql.exec("UPDATE jobs SET started_at = now() - interval '42.5 seconds', result_url = ?, s3_key = 'k' WHERE id = ?",
                RESULT_URL, job);

        sql.exec("UPDATE jobs SET status = 'completed' WHERE id = ?", job);

        Map<String, Object> row = sql.row(
                "SELECT completed_at = now() AS stamped, actual_processing_seconds, progress_percentage FROM jobs WHERE id = ?", job);
        assertThat(row.get("stamped")).isEqualTo(true);
        assertThat((BigDecimal) row.get("actual_processing_seconds")).isEqualByComparingTo("42.5");
        assertThat(row.get("progress_percentage")).isEqualTo(100);
    }

    @Test
    void cancellingAJobThatNeverStartedHasNoProcessingTime() {
        UUID job = createJob();

        sql.exec("UPDATE jobs SET status = 'cancelled' WHERE id = ?", job);

        Map<String, Object> row = sql.row(
                "SELECT completed_at IS NOT NULL AS stamped, actual_processing_seconds, progress_percentage FROM jobs WHERE id = ?",
                job);
        assertThat(row.get("stamped")).isEqualTo(true);
        assertThat(row.get("actual_processing_seconds")).isNull();
        assertThat(row.get("progress_percentage")).isEqualTo(0);
    }

    @Test
    void terminalTimestampsAreSetOnlyOnce() {
        UUID job = insertJob("processing");
        sql.exec("UPDATE jobs SET started_at = now() - interval '10 seconds', result_url = ?, s3_key = 'k' WHERE id = ?",
                RESULT_URL, job);
        sql.exec("UPDATE jobs SET status = 'completed' WHERE id = ?", job);

        sql.exec("UPDATE jobs SET completed_at = now() + interval '1 day', actual_processing_seconds = 999 WHERE id = ?", job);
        sql.exec("UPDATE jobs SET status = 'expired' WHERE id = ?", job);

        Map<String, Object> row = sql.row(
                "SELECT status::text, completed_at = now() AS kept, actual_processing_seconds FROM jobs WHERE id = ?", job);
        assertThat(row.get("status")).isEqualTo("expired");
        assertThat(row.get("kept")).isEqualTo(true);
        assertThat((BigDecimal) row.get("actual_processing_seconds")).isEqualByComparingTo("10");
    }

    @Test
    void uploadingGivesTheUploadAtLeastTenMinutes() {
        UUID soon = insertJob("processing");
        UUID later = insertJob("processing");
        sql.exec("UPDATE jobs SET processing_timeout_at = now() + interval '1 minute' WHERE id = ?", soon);
        sql.exec("UPDATE jobs SET processing_timeout_at = now() + interval '1 hour' WHERE id = ?", later);

        sql.exec("UPDATE jobs SET status = 'uploading' WHERE id IN (?, ?)", soon, later);

        assertThat(sql.value("SELECT processing_timeout_at = now() + interval '10 minutes' FROM jobs WHERE id = ?", soon))
                .isEqualTo(true);
        assertThat(sql.value("SELECT processing_timeout_at = now() + interval '1 hour' FROM jobs WHERE id = ?", later))
                .isEqualTo(true);
    }

    @Test
    void updateJobStatusAppliesAnAllowedMoveWithItsError() {
        UUID job = insertJob("processing");

        boolean applied = (Boolean) sql.value(
                "SELECT update_job_status(?, 'failed', 'FFMPEG_ERROR', 'ffmpeg exited with 1', '{\"exit\": 1}')", publicId(job));

        assertThat(applied).isTrue();
        Map<String, Object> row = sql.row(
                "SELECT status::text, error_code, error_message, error_details ->> 'exit' AS exit FROM jobs WHERE id = ?", job);
        assertThat(row).containsEntry("status", "failed").containsEntry("error_code", "FFMPEG_ERROR")
                .containsEntry("error_message", "ffmpeg exited with 1").containsEntry("exit", "1");
    }

    @Test
    void updateJobStatusReturnsFalseForAFinishedJobAndChangesNothing() {
        UUID job = insertJob("cancelled");

        boolean applied = (Boolean) sql.value("SELECT update_job_status(?, 'failed', 'FFMPEG_ERROR')", publicId(job));

        assertThat(applied).isFalse();
        Map<String, Object> row = sql.row("SELECT status::text, error_code FROM jobs WHERE id = ?", job);
        assertThat(row.get("status")).isEqualTo("cancelled");
        assertThat(row.get("error_code")).isNull();
    }

    @Test
    void updateJobStatusAcceptsStayingInAWorkingState() {
        UUID job = insertJob("processing");

        assertThat(sql.value("SELECT update_job_status(?, 'processing')", publicId(job))).isEqualTo(true);
        assertThat(sql.value("SELECT update_job_status(?, 'pending')", publicId(job))).isEqualTo(true);
        assertThat(sql.value("SELECT update_job_status(?, 'pending')", publicId(job))).isEqualTo(false);
    }

    @Test
    void updateJobStatusKeepsEarlierErrorDetailsWhenGivenNone() {
        UUID job = insertJob("processing");
        sql.exec("UPDATE jobs SET error_code = 'NETWORK_TIMEOUT' WHERE id = ?", job);

        sql.value("SELECT update_job_status(?, 'timeout')", publicId(job));

        assertThat(sql.text("SELECT error_code FROM jobs WHERE id = ?", job)).isEqualTo("NETWORK_TIMEOUT");
    }

    @Test
    void updateJobStatusOfAnUnknownJobIsAnError() {
        ServerErrorMessage error = sql.error("SELECT update_job_status('vg_zzzzzzzzzzzzzzzzzzzz', 'processing')");

        assertThat(error.getSQLState()).isEqualTo("P0002");
        assertThat(error.getMessage()).isEqualTo("job vg_zzzzzzzzzzzzzzzzzzzz does not exist");
    }
}
