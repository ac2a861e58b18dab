package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

class JobsTableTest extends SchemaTestCase {

    private static final String INSERT = """
            INSERT INTO jobs (job_id, response_type, width, height, fps, output_format, request_payload)
            VALUES (?, 'async', ?, ?, ?, ?, '{}')""";

    @Test
    void widthBeyond7680IsRefused() {
        ServerErrorMessage error = sql.error(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 8000, 720, 30, "mp4");

        assertThat(error.getSQLState()).isEqualTo("23514");
        assertThat(error.getMessage()).isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_width_check\"");
    }

    @Test
    void heightBelow16IsRefused() {
        ServerErrorMessage error = sql.error(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1280, 15, 30, "mp4");

        assertThat(error.getMessage()).isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_height_check\"");
    }

    @Test
    void theLargestAllowedFrameIsAccepted() {
        assertThat(sql.exec(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 7680, 4320, 60, "webm")).isEqualTo(1);
    }

    @Test
    void fpsAbove60IsRefused() {
        ServerErrorMessage error = sql.error(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1280, 720, 61, "mp4");

        assertThat(error.getMessage()).isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_fps_check\"");
    }

    @Test
    void stillFormatsAreAcceptedAndTheJobHasNoPosterUntilOneIsStored() {
        assertThat(sql.exec(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1281, 721, 30, "png")).isEqualTo(1);
        assertThat(sql.exec(INSERT, "vg_bbbbbbbbbbbbbbbbbbbb", 1280, 720, 30, "jpg")).isEqualTo(1);
        assertThat(sql.value("SELECT thumbnail_key FROM jobs WHERE job_id = 'vg_bbbbbbbbbbbbbbbbbbbb'")).isNull();
        assertThat(sql.count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'jobs'"
                + " AND column_name = 'thumbnail_key'")).isEqualTo(1);
    }

    @Test
    void unknownOutputFormatIsRefused() {
        ServerErrorMessage error = sql.error(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1280, 720, 30, "avi");

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_output_format_check\"");
    }

    @Test
    void jobIdOutsideTheBase32AlphabetIsRefused() {
        // 0, 1, 8 and 9 are not base32 digits; upper case is not the canonical form
        for (String jobId : new String[] {"vg_0aaaaaaaaaaaaaaaaaaa", "vg_AAAAAAAAAAAAAAAAAAAA", "vg_aaaa", "job_aaaaaaaaaaaaaaaaaaaa"}) {
            ServerErrorMessage error = sql.error(INSERT, jobId, 1280, 720, 30, "mp4");
            assertThat(error.getMessage()).as(jobId)
                    .isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_job_id_format\"");
        }
    }

    @Test
    void duplicateJobIdIsRefused() {
        sql.exec(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1280, 720, 30, "mp4");

        ServerErrorMessage error = sql.error(INSERT, "vg_aaaaaaaaaaaaaaaaaaaa", 1280, 720, 30, "mp4");

        assertThat(error.getSQLState()).isEqualTo("23505");
        assertThat(error.getMessage()).isEqualTo("duplicate key value violates unique constraint \"jobs_job_id_key\"");
    }

    @Test
    void progressAbove100IsRefused() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error("UPDATE jobs SET progress_percentage = 101 WHERE id = ?", job);

        assertThat(error.getSQLState()).isEqualTo("23514");
        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_progress_percentage_check\"");
    }

    @Test
    void idempotencyKeyIsUniquePerOwnerIncludingJobsWithoutOwner() {
        String insert = """
                INSERT INTO jobs (job_id, owner, idempotency_key, response_type, width, height, request_payload)
                VALUES (generate_job_id(), ?, ?, 'async', 1280, 720, '{}')""";
        sql.exec(insert, "user-a", "key-1");
        sql.exec(insert, "user-b", "key-1");
        sql.exec(insert, null, "key-1");

        ServerErrorMessage sameOwner = sql.error(insert, "user-a", "key-1");
        ServerErrorMessage noOwner = sql.error(insert, null, "key-1");

        assertThat(sameOwner.getMessage()).isEqualTo("duplicate key value violates unique constraint \"idx_jobs_idempotency\"");
        assertThat(noOwner.getMessage()).isEqualTo("duplicate key value violates unique constraint \"idx_jobs_idempotency\"");
        assertThat(sql.exec(insert, "user-a", null)).isEqualTo(1);
        assertThat(sql.exec(insert, "user-a", null)).isEqualTo(1);
    }

    @Test
    void backgroundColorMustBeHex() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error("UPDATE jobs SET background_color = 'black' WHERE id = ?", job);

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"jobs\" violates check constraint \"jobs_background_color_check\"");
        assertThat(sql.exec("UPDATE jobs SET background_color = '#00ff00' WHERE id = ?", job)).isEqualTo(1);
    }

    @Test
    void updatedAtIsRestampedOnEveryUpdateOfJobsElementsAndTimeline() {
        UUID job = createJob();
        sql.value("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png')", job);
        sql.value("SELECT create_timeline_entry(?, 'download')", job);

        sql.exec("UPDATE jobs SET updated_at = '2001-01-01', user_agent = 'test' WHERE id = ?", job);
        sql.exec("UPDATE elements SET updated_at = '2001-01-01', downloaded = true WHERE job_id = ?", job);
        sql.exec("UPDATE processing_timeline SET updated_at = '2001-01-01', cpu_usage = 50 WHERE job_id = ?", job);

        assertThat(sql.value("SELECT updated_at = now() FROM jobs WHERE id = ?", job)).isEqualTo(true);
        assertThat(sql.value("SELECT bool_and(updated_at = now()) FROM elements WHERE job_id = ?", job)).isEqualTo(true);
        assertThat(sql.value("SELECT bool_and(updated_at = now()) FROM processing_timeline WHERE job_id = ?", job))
                .isEqualTo(true);
    }

    @Test
    void deletingAJobRemovesItsRowsButKeepsItsAccessLogs() {
        UUID job = createJob();
        sql.value("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png')", job);
        sql.value("SELECT create_timeline_entry(?, 'download')", job);
        sql.value("SELECT create_storage_operation(?, 'upload', 'bucket', 'key', 'eu-west-1')", job);
        sql.exec("INSERT INTO webhook_deliveries (job_id, url, event, attempt) VALUES (?, 'https://hooks.example.com', 'job.completed', 1)", job);
        sql.exec("INSERT INTO url_access_logs (job_id, url, access_type) VALUES (?, ?, 'download')", job, RESULT_URL);

        sql.exec("DELETE FROM jobs WHERE id = ?", job);

        assertThat(sql.count("SELECT count(*) FROM elements WHERE job_id = ?", job)).isZero();
        assertThat(sql.count("SELECT count(*) FROM processing_timeline WHERE job_id = ?", job)).isZero();
        assertThat(sql.count("SELECT count(*) FROM storage_operations WHERE job_id = ?", job)).isZero();
        assertThat(sql.count("SELECT count(*) FROM webhook_deliveries WHERE job_id = ?", job)).isZero();
        assertThat(sql.count("SELECT count(*) FROM url_access_logs WHERE job_id IS NULL AND url = ?", RESULT_URL)).isEqualTo(1);
    }

    @Test
    void accessLogsAcceptOnlyKnownAccessTypes() {
        ServerErrorMessage error = sql.error("INSERT INTO url_access_logs (url, access_type) VALUES ('https://x', 'embed')");

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"url_access_logs\" violates check constraint \"url_access_logs_access_type_check\"");
    }

    @Test
    void systemMetricsAcceptOnlyKnownMetricTypes() {
        assertThat(sql.exec("INSERT INTO system_metrics (metric_name, metric_type, value) VALUES ('queue_depth', 'gauge', 3)"))
                .isEqualTo(1);

        ServerErrorMessage error = sql.error(
                "INSERT INTO system_metrics (metric_name, metric_type, value) VALUES ('queue_depth', 'summary', 3)");

        assertThat(error.getMessage())
                .isEqualTo("new row for relation \"system_metrics\" violates check constraint \"system_metrics_metric_type_check\"");
    }

    @Test
    void apiKeyHashMustBeLowercaseHexSha256AndUnique() {
        String insert = "INSERT INTO api_keys (owner, name, key_prefix, key_hash) VALUES ('user-a', 'ci', 'vgk_abcd', ?)";
        String hash = sql.text("SELECT encode(sha256('vgk_abcdefgh'::bytea), 'hex')");
        sql.exec(insert, hash);

        assertThat(sql.error(insert, hash).getMessage())
                .isEqualTo("duplicate key value violates unique constraint \"api_keys_key_hash_key\"");
        assertThat(sql.error(insert, hash.toUpperCase(java.util.Locale.ROOT)).getMessage())
                .isEqualTo("new row for relation \"api_keys\" violates check constraint \"api_keys_key_hash_format\"");
    }

    @Test
    void webhookDeliveryAttemptsStartAtOne() {
        UUID job = createJob();

        ServerErrorMessage error = sql.error(
                "INSERT INTO webhook_deliveries (job_id, url, event, attempt) VALUES (?, 'https://hooks.example.com', 'job.failed', 0)",
                job);

        assertThat(error.getMessage()).isEqualTo(
                "new row for relation \"webhook_deliveries\" violates check constraint \"webhook_deliveries_attempt_check\"");
    }
}
