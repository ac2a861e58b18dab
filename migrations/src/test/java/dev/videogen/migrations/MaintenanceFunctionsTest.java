package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

class MaintenanceFunctionsTest extends SchemaTestCase {

    /** A job that ended days ago (completed_at is fixed once set, so it is inserted that way). */
    private UUID endedDaysAgo(String status, int days) {
        return (UUID) sql.value("""
                INSERT INTO jobs (job_id, status, response_type, width, height, request_payload, result_url, s3_key,
                                  completed_at)
                VALUES (generate_job_id(), ?::job_status, 'async', 1280, 720, '{}', ?, 'results/video.mp4',
                        now() - make_interval(days => ?))
                RETURNING id""", status, RESULT_URL, days);
    }

    @Test
    void completedJobsPastRetentionExpireWithACleanupEntry() {
        UUID old = endedDaysAgo("completed", 31);
        UUID recent = endedDaysAgo("completed", 29);
        UUID oldFailure = endedDaysAgo("failed", 90);
        sql.value("SELECT create_timeline_entry(?, 'upload')", old);

        int expired = (Integer) sql.value("SELECT mark_jobs_for_cleanup()");

        assertThat(expired).isEqualTo(1);
        assertThat(sql.row("SELECT status::text, current_step::text FROM jobs WHERE id = ?", old))
                .containsEntry("status", "expired").containsEntry("current_step", "cleanup");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", recent)).isEqualTo("completed");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", oldFailure)).isEqualTo("failed");
        Map<String, Object> entry = sql.row("""
                SELECT step::text, step_order, status::text, success, details ->> 'reason' AS reason,
                       details ->> 'older_than' AS older_than
                  FROM processing_timeline WHERE job_id = ? AND step = 'cleanup'""", old);
        assertThat(entry).containsEntry("step", "cleanup").containsEntry("step_order", 2)
                .containsEntry("status", "completed").containsEntry("success", true)
                .containsEntry("reason", "lifecycle_policy").containsEntry("older_than", "30 days");
        assertThat(sql.count("SELECT count(*) FROM processing_timeline WHERE job_id IN (?, ?) AND step = 'cleanup'",
                recent, oldFailure)).isZero();
    }

    @Test
    void cleanupTakesTheRetentionPeriodAsAnArgumentAndIsSafeToRepeat() {
        UUID job = endedDaysAgo("completed", 8);

        assertThat(sql.value("SELECT mark_jobs_for_cleanup('7 days')")).isEqualTo(1);
        assertThat(sql.value("SELECT mark_jobs_for_cleanup('7 days')")).isEqualTo(0);
        assertThat(sql.count("SELECT count(*) FROM processing_timeline WHERE job_id = ? AND step = 'cleanup'", job))
                .isEqualTo(1);
    }

    @Test
    void negativeRetentionIsRefused() {
        ServerErrorMessage error = sql.error("SELECT mark_jobs_for_cleanup('-1 day')");

        assertThat(error.getSQLState()).isEqualTo("22023");
        assertThat(error.getMessage()).isEqualTo("p_older_than must be a non-negative interval, got -1 days");
    }

    @Test
    void activeJobsPastTheirTimeoutEndAsTimeout() {
        UUID late = insertJob("processing");
        UUID lateAndQueued = insertJob("pending");
        UUID onTime = insertJob("processing");
        UUID finished = insertJob("completed");
        sql.exec("UPDATE jobs SET processing_timeout_at = now() + interval '5 minutes' WHERE id = ?", onTime);
        sql.exec("UPDATE jobs SET processing_timeout_at = now() - interval '1 second' WHERE id = ?", finished);
        sql.exec("UPDATE jobs SET processing_timeout_at = timestamptz '2020-05-01T12:30:00Z' WHERE id IN (?, ?)",
                late, lateAndQueued);

        int timedOut = (Integer) sql.value("SELECT mark_timed_out_jobs()");

        assertThat(timedOut).isEqualTo(2);
        for (UUID job : new UUID[] {late, lateAndQueued}) {
            assertThat(sql.row("SELECT status::text, error_code, error_message, completed_at IS NOT NULL AS ended FROM jobs WHERE id = ?", job))
                    .containsEntry("status", "timeout").containsEntry("error_code", "PROCESSING_TIMEOUT")
                    .containsEntry("error_message", "processing did not finish by 2020-05-01T12:30:00Z")
                    .containsEntry("ended", true);
        }
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", onTime)).isEqualTo("processing");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", finished)).isEqualTo("completed");
    }

    @Test
    void withoutPgCronNothingIsScheduled() {
        assertThat(sql.value("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'")).isEqualTo(0L);

        assertThat(sql.value("SELECT schedule_maintenance_jobs()")).isEqualTo(0);
    }
}
