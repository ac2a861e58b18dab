package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/**
 * {@code create_job_with_elements}: a create request's whole write in one call, row for row what the API's separate
 * statements wrote, with the same idempotency rules.
 */
class CreateJobWithElementsTest extends SchemaTestCase {

    /** A video with an end, an audio track (no box, no fit) and a text, with times that are not whole milliseconds. */
    private static final String ELEMENTS = """
            [{"element_order": 0, "element_key": "el_0", "type": "video", "source_url": "https://media.example.com/a.mp4",
              "track": 0, "x_position": "0%", "y_position": "0%", "width": "100%", "height": "100%", "fit_mode": "cover",
              "start_time": 0.3333333333333333, "end_time": 2.6666666666666665, "trim_start": 1.0005, "trim_end": null,
              "properties": {"opacity": 1.0, "volume": 1.0, "loop": false, "duration": 2.3333333333333335}},
             {"element_order": 1, "element_key": "el_1", "type": "audio", "source_url": "s3://bucket/inputs/m.mp3",
              "track": 1, "x_position": null, "y_position": null, "width": null, "height": null, "fit_mode": null,
              "start_time": 0.0, "end_time": null, "trim_start": 0.0, "trim_end": 12.25,
              "properties": {"volume": 0.8, "loop": true, "duration": "auto"}},
             {"element_order": 2, "element_key": "el_2", "type": "text", "text_content": "Hello",
              "track": 2, "x_position": "5%", "y_position": "70%", "width": "90%", "height": "15%", "fit_mode": "auto",
              "start_time": 1.5, "end_time": 3.0, "trim_start": 0.0,
              "properties": {"font_size": "4%", "duration": 1.5}}]""";

    /** The call the API makes, with named arguments. */
    private static final String CALL = """
            SELECT f.created, (f.job).id, (f.job).job_id
              FROM create_job_with_elements(
                     p_job_id => ?, p_owner => ?, p_response_type => 'async', p_output_format => 'mp4',
                     p_width => 1280, p_height => 720, p_fps => ?::float8, p_duration_seconds => ?::float8,
                     p_background_color => '#000000', p_request_payload => '{"elements": []}'::jsonb,
                     p_callback_url => NULL, p_estimated_processing_seconds => 7, p_idempotency_key => ?,
                     p_request_hash => ?, p_client_ip => '203.0.113.7'::inet, p_user_agent => 'curl/8',
                     p_request_metadata => '{"request_id": "r1"}'::jsonb, p_timeout_seconds => 3600::float8,
                     p_elements => ?::jsonb, p_validation_details => '{"elements": 3}'::jsonb,
                     p_idempotency_since => now() - interval '24 hours') f""";

    private static int next;

    private static String jobId() {
        return String.format("vg_%020d", next++).replace('0', 'a').replace('1', 'b').replace('2', 'c')
                .replace('3', 'd').replace('4', 'e').replace('5', 'f').replace('6', 'g').replace('7', 'h')
                .replace('8', 'i').replace('9', 'j');
    }

    private Map<String, Object> create(String jobId, String owner, String key, String hash) {
        return sql.row(CALL, jobId, owner, 29.97, 3.0005, key, hash, ELEMENTS);
    }

    @Test
    void writesTheJobItsElementsAndAFinishedValidationStepAndReturnsTheRow() {
        String jobId = jobId();
        Map<String, Object> created = create(jobId, "alice", null, null);

        assertThat(created).containsEntry("created", true).containsEntry("job_id", jobId);
        UUID id = (UUID) created.get("id");
        Map<String, Object> job = sql.row("""
                SELECT status::text, current_step::text, owner, fps::text, duration_seconds::text,
                       processing_timeout_at = now() + interval '1 hour' AS timeout_in_an_hour
                  FROM jobs WHERE id = ?""", id);
        assertThat(job).containsEntry("status", "pending").containsEntry("current_step", "validation")
                .containsEntry("owner", "alice").containsEntry("fps", "29.970").containsEntry("duration_seconds", "3.001")
                .containsEntry("timeout_in_an_hour", true);
        List<Map<String, Object>> elements = sql.rows("""
                SELECT element_key, type::text, fit_mode::text, x_position, start_time::text, end_time::text,
                       trim_start::text, trim_end::text, properties ->> 'duration' AS duration
                  FROM elements WHERE job_id = ? ORDER BY element_order""", id);
        assertThat(elements).hasSize(3);
        assertThat(elements.get(0)).containsEntry("fit_mode", "cover").containsEntry("start_time", "0.333")
                .containsEntry("end_time", "2.667").containsEntry("trim_start", "1.001").containsEntry("trim_end", null);
        assertThat(elements.get(1)).as("an audio element has no box and no fit")
                .containsEntry("type", "audio").containsEntry("fit_mode", null).containsEntry("x_position", null)
                .containsEntry("trim_end", "12.250").containsEntry("duration", "auto");
        assertThat(elements.get(2)).containsEntry("type", "text").containsEntry("end_time", "3.000");
        Map<String, Object> step = sql.row("""
                SELECT step::text, step_order, status::text, success, progress_percentage, details ->> 'elements' AS n
                  FROM processing_timeline WHERE job_id = ?""", id);
        assertThat(step).containsEntry("step", "validation").containsEntry("step_order", 1)
                .containsEntry("status", "completed").containsEntry("success", true)
                .containsEntry("progress_percentage", 100).containsEntry("n", "3");
    }

    /** The rows the API's separate statements wrote before, compared column by column with the function's. */
    @Test
    void writesRowForRowWhatTheSeparateStatementsWrote() {
        UUID viaFunction = (UUID) create(jobId(), "alice", "key-a", "hash-a").get("id");
        UUID viaStatements = (UUID) sql.value("""
                INSERT INTO jobs (job_id, owner, status, response_type, output_format, width, height, fps,
                    duration_seconds, background_color, request_payload, callback_url,
                    estimated_processing_seconds, idempotency_key, request_hash, client_ip, user_agent,
                    request_metadata, processing_timeout_at)
                VALUES (?, 'alice', 'pending', 'async'::response_type, 'mp4', 1280, 720, ?, ?, '#000000',
                    '{"elements": []}'::jsonb, NULL, 7, 'key-b', 'hash-a', '203.0.113.7'::inet, 'curl/8',
                    '{"request_id": "r1"}'::jsonb, now() + make_interval(secs => ?))
                RETURNING id""", jobId(), 29.97, 3.0005, 3600L);
        for (int i = 0; i < 3; i++) {
            sql.exec("""
                    INSERT INTO elements (job_id, element_order, element_key, type, source_url, text_content, track,
                        x_position, y_position, width, height, fit_mode, start_time, end_time, trim_start, trim_end,
                        properties)
                    SELECT ?, e.element_order, e.element_key, e.type, e.source_url, e.text_content, e.track,
                           e.x_position, e.y_position, e.width, e.height, e.fit_mode, ?, ?, ?, ?, e.properties
                      FROM jsonb_to_recordset(?::jsonb) AS e(element_order integer, element_key text, type element_type,
                           source_url text, text_content text, track integer, x_position text, y_position text,
                           width text, height text, fit_mode fit_mode, properties jsonb)
                     WHERE e.element_order = ?""",
                    viaStatements, new double[] {0.3333333333333333, 0.0, 1.5}[i],
                    new Double[] {2.6666666666666665, null, 3.0}[i], new double[] {1.0005, 0.0, 0.0}[i],
                    new Double[] {null, 12.25, null}[i], ELEMENTS, i);
        }
        sql.value("SELECT complete_timeline_entry(create_timeline_entry(?, 'validation', '{\"elements\": 3}'), true, NULL, NULL)",
                viaStatements);

        String jobColumns = """
                SELECT owner, status, response_type, is_quick_response, output_format, width, height, fps,
                       duration_seconds, background_color, request_payload, callback_url, estimated_processing_seconds,
                       progress_percentage, current_step, retry_count, max_retries, request_hash, client_ip, user_agent,
                       request_metadata, processing_timeout_at, created_at, started_at, completed_at
                  FROM jobs WHERE id = ?""";
        assertThat(sql.row(jobColumns, viaFunction)).isEqualTo(sql.row(jobColumns, viaStatements));
        String elementColumns = """
                SELECT element_order, element_key, type, source_url, text_content, track, x_position, y_position,
                       width, height, fit_mode, start_time, end_time, trim_start, trim_end, properties, downloaded,
                       processed, metadata
                  FROM elements WHERE job_id = ? ORDER BY element_order""";
        assertThat(sql.rows(elementColumns, viaFunction)).isEqualTo(sql.rows(elementColumns, viaStatements));
        String stepColumns = """
                SELECT step, step_order, status, success, progress_percentage, details, output_data, error_message
                  FROM processing_timeline WHERE job_id = ?""";
        assertThat(sql.rows(stepColumns, viaFunction)).isEqualTo(sql.rows(stepColumns, viaStatements));
    }

    @Test
    void aKeyUsedWithinTheWindowReturnsThatJobAsItIsWhateverTheHashAndWritesNothing() {
        String first = jobId();
        create(first, "alice", "key-1", "hash-1");
        long jobs = sql.count("SELECT count(*) FROM jobs");
        long elements = sql.count("SELECT count(*) FROM elements");

        Map<String, Object> repeat = create(jobId(), "alice", "key-1", "hash-1");
        Map<String, Object> reuse = create(jobId(), "alice", "key-1", "hash-2");

        assertThat(repeat).containsEntry("created", false).containsEntry("job_id", first);
        assertThat(reuse).containsEntry("created", false).containsEntry("job_id", first);
        assertThat(sql.count("SELECT count(*) FROM jobs")).isEqualTo(jobs);
        assertThat(sql.count("SELECT count(*) FROM elements")).isEqualTo(elements);
        assertThat(create(jobId(), "bob", "key-1", "hash-1")).as("another owner's key is another key")
                .containsEntry("created", true);
        assertThat(create(jobId(), null, "key-1", "hash-1")).as("anonymous callers share one key space")
                .containsEntry("created", true);
        assertThat(create(jobId(), null, "key-1", "hash-1")).containsEntry("created", false);
    }

    @Test
    void aKeyOlderThanTheWindowGoesToTheNewJob() {
        String old = jobId();
        UUID oldId = (UUID) create(old, "alice", "key-1", "hash-1").get("id");
        sql.exec("UPDATE jobs SET created_at = now() - interval '25 hours' WHERE id = ?", oldId);

        String fresh = jobId();
        Map<String, Object> created = create(fresh, "alice", "key-1", "hash-1");

        assertThat(created).containsEntry("created", true).containsEntry("job_id", fresh);
        assertThat(sql.text("SELECT idempotency_key FROM jobs WHERE id = ?", oldId)).isNull();
        assertThat(sql.text("SELECT idempotency_key FROM jobs WHERE job_id = ?", fresh)).isEqualTo("key-1");
    }

    @Test
    void aValueTheSchemaRefusesLeavesNothingBehindAndNamesItsConstraint() {
        long jobs = sql.count("SELECT count(*) FROM jobs");
        String backwards = """
                [{"element_order": 0, "element_key": "el_0", "type": "text", "text_content": "x", "track": 0,
                  "start_time": 2.0, "end_time": 1.0, "trim_start": 0.0}]""";

        ServerErrorMessage error = sql.error(CALL, jobId(), "alice", 30.0, 3.0, null, null, backwards);

        assertThat(error.getSQLState()).isEqualTo("23514");
        assertThat(error.getConstraint()).isEqualTo("elements_end_after_start");
        assertThat(sql.count("SELECT count(*) FROM jobs")).isEqualTo(jobs);
        ServerErrorMessage fps = sql.error(CALL, jobId(), "alice", 0.0004, 3.0, null, null, ELEMENTS);
        assertThat(fps.getConstraint()).isEqualTo("jobs_fps_check");
    }

    /** Two requests with one key at once: the second waits for the first and answers with its job. */
    @Test
    void aRequestRacingAnotherWithTheSameKeyGetsTheOtherJob() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (SqlSession first = separateSession(); SqlSession second = separateSession()) {
            first.connection().setAutoCommit(false);
            String winner = jobId();
            first.row(CALL, winner, "carol", 30.0, 3.0, "race-key", "hash", ELEMENTS);

            Future<Map<String, Object>> racing = pool.submit(() ->
                    second.row(CALL, jobId(), "carol", 30.0, 3.0, "race-key", "hash", ELEMENTS));
            awaitWaiting(second);
            first.connection().commit();

            assertThat(racing.get(60, TimeUnit.SECONDS)).containsEntry("created", false).containsEntry("job_id", winner);
            assertThat(first.count("SELECT count(*) FROM jobs WHERE owner = 'carol'")).isEqualTo(1);
            first.exec("DELETE FROM jobs WHERE owner = 'carol'");
            first.connection().commit();
        } finally {
            pool.shutdownNow();
        }
    }

    /** Until {@code session}'s statement waits for a lock (seen from this test's own session). */
    private void awaitWaiting(SqlSession session) throws SQLException, InterruptedException {
        int pid;
        try (SqlSession probe = separateSession()) {
            pid = ((Number) session.connection().unwrap(org.postgresql.PGConnection.class).getBackendPID()).intValue();
            for (int i = 0; i < 600; i++) {
                Object waiting = probe.value("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = ?", pid);
                if (Boolean.TRUE.equals(waiting)) {
                    return;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("session " + pid + " never waited for the lock; " + new ArrayList<>());
    }
}
