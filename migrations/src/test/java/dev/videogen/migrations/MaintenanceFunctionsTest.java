package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
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

    @Test
    void withPgCronBothSweepsAreScheduledByName() throws SQLException {
        installPgCronStandIn();

        assertThat(sql.value("SELECT schedule_maintenance_jobs()")).isEqualTo(2);

        assertThat(sql.rows("SELECT job_name, schedule, command FROM cron.schedule_calls ORDER BY call"))
                .containsExactly(CLEANUP_JOB, TIMEOUT_JOB);
        assertThat(sql.rows("SELECT jobname AS job_name, schedule, command FROM cron.job ORDER BY jobid"))
                .containsExactly(CLEANUP_JOB, TIMEOUT_JOB);
        // the stand-in lives in this test's transaction only, which is rolled back after it
        try (SqlSession other = separateSession()) {
            assertThat(other.value("SELECT to_regnamespace('cron')")).isNull();
        }
    }

    @Test
    void schedulingAgainReplacesTheJobsInsteadOfAddingMore() {
        installPgCronStandIn();
        sql.value("SELECT schedule_maintenance_jobs()");
        List<Map<String, Object>> scheduled = sql.rows("SELECT jobid, jobname, schedule, command FROM cron.job ORDER BY jobid");

        assertThat(sql.value("SELECT schedule_maintenance_jobs()")).isEqualTo(2);

        // asked again by the same names, which pg_cron turns into an update of the same jobs
        assertThat(sql.rows("SELECT job_name, schedule, command FROM cron.schedule_calls ORDER BY call"))
                .containsExactly(CLEANUP_JOB, TIMEOUT_JOB, CLEANUP_JOB, TIMEOUT_JOB);
        assertThat(sql.rows("SELECT jobid, jobname, schedule, command FROM cron.job ORDER BY jobid"))
                .isEqualTo(scheduled);
    }

    @Test
    void theScheduledCommandsRunTheSweeps() {
        installPgCronStandIn();
        sql.value("SELECT schedule_maintenance_jobs()");
        UUID old = endedDaysAgo("completed", 31);
        UUID late = insertJob("processing");
        sql.exec("UPDATE jobs SET processing_timeout_at = now() - interval '1 minute' WHERE id = ?", late);

        // as pg_cron would: the recorded command text, as the user who scheduled it
        assertThat(sql.value(sql.text("SELECT command FROM cron.job WHERE jobname = 's3-cleanup-marker'")))
                .isEqualTo(1);
        assertThat(sql.value(sql.text("SELECT command FROM cron.job WHERE jobname = 'videogen-mark-timed-out-jobs'")))
                .isEqualTo(1);

        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", old)).isEqualTo("expired");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", late)).isEqualTo("timeout");
    }

    @Test
    void theScheduledCleanupHonoursTheRecordedOutputExpirationDays() {
        installPgCronStandIn();
        sql.value("SELECT schedule_maintenance_jobs()");
        UUID eightDaysOld = endedDaysAgo("completed", 8);
        UUID sixDaysOld = endedDaysAgo("completed", 6);
        String cleanup = sql.text("SELECT command FROM cron.job WHERE jobname = 's3-cleanup-marker'");

        assertThat(sql.value(cleanup)).as("30 days until a retention is recorded").isEqualTo(0);
        sql.value("SELECT record_output_retention(7)");
        assertThat(sql.value("SELECT output_retention()::text")).isEqualTo("7 days");
        assertThat(sql.value(cleanup)).isEqualTo(1);

        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", eightDaysOld)).isEqualTo("expired");
        assertThat(sql.text("SELECT status FROM jobs WHERE id = ?", sixDaysOld)).isEqualTo("completed");
        assertThat(sql.value("""
                SELECT details ->> 'older_than' FROM processing_timeline WHERE job_id = ? AND step = 'cleanup'""",
                eightDaysOld)).isEqualTo("7 days");
    }

    @Test
    void aRetentionBelowOneDayIsRefused() {
        ServerErrorMessage error = sql.error("SELECT record_output_retention(0)");

        assertThat(error.getSQLState()).isEqualTo("22023");
    }

    @Test
    void aCronScheduleWithoutJobNamesIsNotTakenForPgCron() {
        // pg_cron before 1.3 has only cron.schedule(schedule, command)
        sql.exec("CREATE SCHEMA cron");
        sql.exec("CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint LANGUAGE sql AS 'SELECT 1::bigint'");

        assertThat(sql.value("SELECT schedule_maintenance_jobs()")).isEqualTo(0);
    }

    private static final Map<String, Object> CLEANUP_JOB = Map.of(
            "job_name", "s3-cleanup-marker", "schedule", "0 2 * * *",
            "command", "SELECT public.mark_jobs_for_cleanup(public.output_retention())");
    private static final Map<String, Object> TIMEOUT_JOB = Map.of(
            "job_name", "videogen-mark-timed-out-jobs", "schedule", "* * * * *",
            "command", "SELECT public.mark_timed_out_jobs()");

    /**
     * Stands in for pg_cron 1.3+ inside the test's transaction: cron.schedule(job_name, schedule,
     * command) with pg_cron's documented behaviour, a job of the same name and user being updated
     * in place (same jobid), plus a log of every call.
     */
    private void installPgCronStandIn() {
        sql.exec("CREATE SCHEMA cron");
        sql.exec("""
                CREATE TABLE cron.job (
                    jobid    bigserial PRIMARY KEY,
                    jobname  text NOT NULL,
                    username text NOT NULL DEFAULT current_user,
                    schedule text NOT NULL,
                    command  text NOT NULL,
                    UNIQUE (jobname, username))""");
        sql.exec("""
                CREATE TABLE cron.schedule_calls (
                    call bigserial PRIMARY KEY, job_name text, schedule text, command text)""");
        sql.exec("""
                CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
                LANGUAGE sql AS $$
                    INSERT INTO cron.schedule_calls (job_name, schedule, command) VALUES (job_name, schedule, command);
                    INSERT INTO cron.job (jobname, schedule, command) VALUES (job_name, schedule, command)
                        ON CONFLICT (jobname, username)
                        DO UPDATE SET schedule = excluded.schedule, command = excluded.command
                    RETURNING jobid;
                $$""");
    }
}
