package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

class TimelineAndStorageFunctionsTest extends SchemaTestCase {

    private static final UUID UNKNOWN = UUID.fromString("00000000-0000-4000-8000-0000000000aa");

    @Test
    void timelineEntriesAreNumberedInOrderAndBecomeTheCurrentStep() {
        UUID job = createJob();

        UUID validation = (UUID) sql.value("SELECT create_timeline_entry(?, 'validation', '{\"elements\": 2}')", job);
        UUID download = (UUID) sql.value("SELECT create_timeline_entry(?, 'download')", job);
        UUID retry = (UUID) sql.value("SELECT create_timeline_entry(?, 'download')", job);

        assertThat(sql.value("SELECT step_order FROM processing_timeline WHERE id = ?", validation)).isEqualTo(1);
        assertThat(sql.value("SELECT step_order FROM processing_timeline WHERE id = ?", download)).isEqualTo(2);
        assertThat(sql.value("SELECT step_order FROM processing_timeline WHERE id = ?", retry)).isEqualTo(3);
        Map<String, Object> first = sql.row(
                "SELECT step::text, status::text, details ->> 'elements' AS elements, completed_at FROM processing_timeline WHERE id = ?",
                validation);
        assertThat(first).containsEntry("step", "validation").containsEntry("status", "running")
                .containsEntry("elements", "2").containsEntry("completed_at", null);
        assertThat(sql.text("SELECT current_step FROM jobs WHERE id = ?", job)).isEqualTo("download");
    }

    @Test
    void aFinishedJobKeepsItsCurrentStepWhenATimelineEntryIsAdded() {
        UUID job = insertJob("failed");
        sql.exec("UPDATE jobs SET current_step = 'encoding' WHERE id = ?", job);

        sql.value("SELECT create_timeline_entry(?, 'cleanup')", job);

        assertThat(sql.text("SELECT current_step FROM jobs WHERE id = ?", job)).isEqualTo("encoding");
    }

    @Test
    void timelineEntryForAnUnknownJobIsRefused() {
        ServerErrorMessage error = sql.error("SELECT create_timeline_entry(?, 'download')", UNKNOWN);

        assertThat(error.getSQLState()).isEqualTo("P0002");
        assertThat(error.getMessage()).isEqualTo("job " + UNKNOWN + " does not exist");
    }

    @Test
    void completingAnEntryRecordsSuccessDurationAndOutputOnce() throws Exception {
        UUID job = createJob();
        UUID entry = (UUID) sql.value("SELECT create_timeline_entry(?, 'encoding')", job);
        Thread.sleep(20);

        boolean closed = (Boolean) sql.value("SELECT complete_timeline_entry(?, true, '{\"frames\": 300}')", entry);
        boolean closedAgain = (Boolean) sql.value("SELECT complete_timeline_entry(?, false, NULL, 'late failure')", entry);

        assertThat(closed).isTrue();
        assertThat(closedAgain).isFalse();
        Map<String, Object> row = sql.row("""
                SELECT status::text, success, progress_percentage, output_data ->> 'frames' AS frames, error_message,
                       duration_ms, completed_at >= started_at AS ordered
                  FROM processing_timeline WHERE id = ?""", entry);
        assertThat(row).containsEntry("status", "completed").containsEntry("success", true)
                .containsEntry("progress_percentage", 100).containsEntry("frames", "300")
                .containsEntry("error_message", null).containsEntry("ordered", true);
        assertThat((Integer) row.get("duration_ms")).isGreaterThanOrEqualTo(20);
    }

    @Test
    void failingAnEntryRecordsTheError() {
        UUID job = createJob();
        UUID entry = (UUID) sql.value("SELECT create_timeline_entry(?, 'download')", job);

        sql.value("SELECT complete_timeline_entry(?, false, NULL, 'HTTP 404 from source')", entry);

        Map<String, Object> row = sql.row(
                "SELECT status::text, success, progress_percentage, error_message FROM processing_timeline WHERE id = ?", entry);
        assertThat(row).containsEntry("status", "failed").containsEntry("success", false)
                .containsEntry("progress_percentage", 0).containsEntry("error_message", "HTTP 404 from source");
    }

    @Test
    void completingAnUnknownEntryIsAnError() {
        ServerErrorMessage error = sql.error("SELECT complete_timeline_entry(?)", UNKNOWN);

        assertThat(error.getSQLState()).isEqualTo("P0002");
        assertThat(error.getMessage()).isEqualTo("timeline entry " + UNKNOWN + " does not exist");
    }

    @Test
    void sameStepAndOrderTwiceForAJobIsRefused() {
        UUID job = createJob();
        sql.exec("INSERT INTO processing_timeline (job_id, step, step_order) VALUES (?, 'upload', 7)", job);

        ServerErrorMessage error = sql.error("INSERT INTO processing_timeline (job_id, step, step_order) VALUES (?, 'upload', 7)", job);

        assertThat(error.getMessage()).isEqualTo(
                "duplicate key value violates unique constraint \"processing_timeline_job_id_step_step_order_key\"");
    }

    @Test
    void storageOperationIsOpenedInProgressWithTheDefaultRegion() {
        UUID job = createJob();

        UUID operation = (UUID) sql.value(
                "SELECT create_storage_operation(?, 'upload', 'videogen-results', 'results/a.mp4', NULL)", job);

        Map<String, Object> row = sql.row("""
                SELECT job_id, operation::text, status::text, bucket, key, region, success, completed_at
                  FROM storage_operations WHERE id = ?""", operation);
        assertThat(row).containsEntry("job_id", job).containsEntry("operation", "upload")
                .containsEntry("status", "in_progress").containsEntry("bucket", "videogen-results")
                .containsEntry("key", "results/a.mp4").containsEntry("region", "us-east-1")
                .containsEntry("success", false).containsEntry("completed_at", null);
    }

    @Test
    void successfulStorageOperationRecordsItsResultOnce() {
        UUID job = createJob();
        UUID operation = (UUID) sql.value(
                "SELECT create_storage_operation(?, 'upload', 'videogen-results', 'results/a.mp4', 'eu-west-1')", job);

        boolean closed = (Boolean) sql.value(
                "SELECT complete_storage_operation(?, true, 15938355, ?, 'req-1', '\"etag-1\"', NULL)", operation, RESULT_URL);
        boolean closedAgain = (Boolean) sql.value(
                "SELECT complete_storage_operation(?, false, NULL, NULL, NULL, NULL, 'late')", operation);

        assertThat(closed).isTrue();
        assertThat(closedAgain).isFalse();
        Map<String, Object> row = sql.row("""
                SELECT status::text, success, file_size_bytes, result_url, aws_request_id, etag, region, error_message,
                       duration_ms >= 0 AS timed, completed_at IS NOT NULL AS completed
                  FROM storage_operations WHERE id = ?""", operation);
        assertThat(row).containsEntry("status", "completed").containsEntry("success", true)
                .containsEntry("file_size_bytes", 15938355L).containsEntry("result_url", RESULT_URL)
                .containsEntry("aws_request_id", "req-1").containsEntry("etag", "\"etag-1\"")
                .containsEntry("region", "eu-west-1").containsEntry("error_message", null)
                .containsEntry("timed", true).containsEntry("completed", true);
    }

    @Test
    void failedStorageOperationRecordsTheError() {
        UUID operation = (UUID) sql.value(
                "SELECT create_storage_operation(NULL, 'delete', 'videogen-results', 'results/old.mp4', 'us-east-1')");

        sql.value("SELECT complete_storage_operation(?, false, p_error => 'AccessDenied')", operation);

        Map<String, Object> row = sql.row("SELECT status::text, success, error_message FROM storage_operations WHERE id = ?", operation);
        assertThat(row).containsEntry("status", "failed").containsEntry("success", false)
                .containsEntry("error_message", "AccessDenied");
    }

    @Test
    void completingAnUnknownStorageOperationIsAnError() {
        ServerErrorMessage error = sql.error("SELECT complete_storage_operation(?, true)", UNKNOWN);

        assertThat(error.getSQLState()).isEqualTo("P0002");
        assertThat(error.getMessage()).isEqualTo("storage operation " + UNKNOWN + " does not exist");
    }

    @Test
    void storageOperationCannotBeSuccessfulAndFailed() {
        ServerErrorMessage error = sql.error("""
                INSERT INTO storage_operations (operation, status, bucket, key, success)
                VALUES ('upload', 'failed', 'b', 'k', true)""");

        assertThat(error.getMessage()).isEqualTo(
                "new row for relation \"storage_operations\" violates check constraint \"storage_operations_success_matches_status\"");
    }
}
