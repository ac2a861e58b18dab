package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.migrations.testing.TestDatabase;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The videogen_job_events channel, heard by a second session after each commit. */
class JobEventNotificationTest {

    private final TestDatabase db = TestDatabase.fresh();

    @Test
    void everyVisibleChangeOfAJobIsAnnouncedOnceAfterCommit() throws Exception {
        try (SqlSession listener = new SqlSession(db.connect()); SqlSession writer = new SqlSession(db.connect())) {
            try (Statement listen = listener.connection().createStatement()) {
                listen.execute("LISTEN videogen_job_events");
            }

            String jobId = writer.text("SELECT job_id FROM jobs WHERE id = ?", writer.value(
                    "SELECT create_job(p_response_type => 'async', p_width => 640, p_height => 360, p_request_payload => '{}')"));
            writer.exec("UPDATE jobs SET user_agent = 'not visible' WHERE job_id = ?", jobId);
            writer.value("SELECT update_job_status(?, 'processing')", jobId);
            writer.exec("UPDATE jobs SET progress_percentage = 40, current_step = 'encoding' WHERE job_id = ?", jobId);
            writer.exec("UPDATE jobs SET progress_percentage = 40, lease_until = now() WHERE job_id = ?", jobId);
            writer.exec("UPDATE jobs SET result_url = ?, s3_key = 'k', s3_bucket = 'b' WHERE job_id = ?",
                    "https://cdn.example.com/r.mp4", jobId);
            writer.value("SELECT update_job_status(?, 'completed')", jobId);
            writer.connection().setAutoCommit(false);
            writer.exec("UPDATE jobs SET error_code = 'NEVER_COMMITTED' WHERE job_id = ?", jobId);
            writer.connection().rollback();

            List<Map<String, Object>> events = new ArrayList<>();
            for (String payload : receive(listener, 5, 10_000)) {
                events.add(writer.row("""
                        SELECT p ->> 'job_id' AS job_id, p ->> 'status' AS status,
                               (p ->> 'progress_percentage')::int AS progress, p ->> 'current_step' AS step,
                               p ->> 'result_url' AS result_url, p ->> 'error_code' AS error_code
                          FROM (SELECT ?::jsonb AS p) payload""", payload));
            }

            assertThat(events).extracting(e -> e.get("job_id")).containsOnly(jobId);
            assertThat(events).extracting(e -> e.get("status"))
                    .containsExactly("pending", "processing", "processing", "processing", "completed");
            assertThat(events).extracting(e -> e.get("progress")).containsExactly(0, 0, 40, 40, 100);
            assertThat(events).extracting(e -> e.get("step")).containsExactly(null, null, "encoding", "encoding", "encoding");
            assertThat(events).extracting(e -> e.get("result_url"))
                    .containsExactly(null, null, null, "https://cdn.example.com/r.mp4", "https://cdn.example.com/r.mp4");
            assertThat(events).extracting(e -> e.get("error_code")).containsOnlyNulls();
        }
    }

    @Test
    void aCreateRequestIsAnnouncedOnceAtItsValidationStep() throws Exception {
        try (SqlSession listener = new SqlSession(db.connect()); SqlSession writer = new SqlSession(db.connect())) {
            try (Statement listen = listener.connection().createStatement()) {
                listen.execute("LISTEN videogen_job_events");
            }

            String jobId = writer.text("""
                    SELECT (f.job).job_id
                      FROM create_job_with_elements(
                             p_job_id => 'vg_aaaaaaaaaaaaaaaaaaab', p_owner => 'alice', p_response_type => 'async',
                             p_output_format => 'mp4', p_width => 640, p_height => 360, p_fps => 30,
                             p_duration_seconds => 2, p_background_color => '#000000',
                             p_request_payload => '{"elements": []}', p_callback_url => NULL,
                             p_estimated_processing_seconds => 3, p_idempotency_key => NULL, p_request_hash => NULL,
                             p_client_ip => NULL, p_user_agent => NULL, p_request_metadata => '{}',
                             p_timeout_seconds => 600, p_elements => '[]', p_validation_details => '{"elements": 0}',
                             p_idempotency_since => now() - interval '24 hours') f""");

            List<String> payloads = receive(listener, 1, 10_000);
            assertThat(payloads).hasSize(1);
            Map<String, Object> event = writer.row("""
                    SELECT p ->> 'job_id' AS job_id, p ->> 'status' AS status, p ->> 'current_step' AS step,
                           (p ->> 'progress_percentage')::int AS progress
                      FROM (SELECT ?::jsonb AS p) payload""", payloads.get(0));
            assertThat(event).containsEntry("job_id", jobId).containsEntry("status", "pending")
                    .containsEntry("step", "validation").containsEntry("progress", 0);
        }
    }

    /** Collects notifications until {@code expected} arrived, then waits briefly for any extra one. */
    private static List<String> receive(SqlSession listener, int expected, int timeoutMillis) throws SQLException {
        PGConnection connection = listener.connection().unwrap(PGConnection.class);
        List<String> payloads = new ArrayList<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (payloads.size() < expected && System.currentTimeMillis() < deadline) {
            collect(connection.getNotifications(500), payloads);
        }
        collect(connection.getNotifications(300), payloads);
        return payloads;
    }

    private static void collect(PGNotification[] notifications, List<String> into) {
        if (notifications == null) {
            return;
        }
        for (PGNotification notification : notifications) {
            if (notification.getName().equals("videogen_job_events")) {
                into.add(notification.getParameter());
            }
        }
    }
}
