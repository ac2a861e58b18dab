package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.ServerErrorMessage;

/**
 * Row-level security as Supabase's API sees it: the session switches to the role named in the
 * JWT (SET ROLE) and exposes the claims in request.jwt.claims, as PostgREST and Realtime do.
 * Seed: user-a owns two jobs, user-b one, and one job has no owner; each job has an element,
 * a timeline entry, a storage operation, a webhook delivery and an access log.
 */
class RowLevelSecurityTest extends SchemaTestCase {

    private static final String[] CHILD_TABLES = {
        "elements", "processing_timeline", "storage_operations", "webhook_deliveries", "url_access_logs"};

    private UUID aliceFirst;
    private UUID aliceSecond;
    private UUID bob;

    @BeforeEach
    void seed() {
        aliceFirst = insertJob("completed", "user-a");
        aliceSecond = insertJob("pending", "user-a");
        bob = insertJob("processing", "user-b");
        UUID nobody = insertJob("pending", null);
        for (UUID job : new UUID[] {aliceFirst, aliceSecond, bob, nobody}) {
            sql.value("SELECT add_job_element(?, 0, 'el_0', 'image', 'https://example.com/a.png')", job);
            sql.value("SELECT create_timeline_entry(?, 'validation')", job);
            sql.value("SELECT create_storage_operation(?, 'upload', 'bkt', 'k', NULL)", job);
            sql.exec("INSERT INTO webhook_deliveries (job_id, url, event, attempt) VALUES (?, 'https://hooks.example.com', 'job.completed', 1)", job);
            sql.exec("INSERT INTO url_access_logs (job_id, url, access_type) VALUES (?, 'https://cdn.example.com/x', 'stream')", job);
        }
        sql.exec("INSERT INTO api_keys (owner, name, key_prefix, key_hash) VALUES ('user-a', 'alice key', 'vgk_a', repeat('a', 64))");
        sql.exec("INSERT INTO api_keys (owner, name, key_prefix, key_hash) VALUES ('user-b', 'bob key', 'vgk_b', repeat('b', 64))");
        sql.exec("INSERT INTO system_metrics (metric_name, metric_type, value) VALUES ('jobs_created', 'counter', 4)");
    }

    private void actAs(String role, String claims) {
        sql.exec("SET LOCAL ROLE " + role);
        sql.value("SELECT set_config('request.jwt.claims', ?, true)", claims);
    }

    @Test
    void userSeesOnlyTheirOwnJobs() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        assertThat(sql.rows("SELECT id FROM jobs ORDER BY created_at").stream().map(r -> r.get("id")))
                .containsExactlyInAnyOrder(aliceFirst, aliceSecond);
        assertThat(sql.count("SELECT count(*) FROM jobs WHERE id = ?", bob)).isZero();
    }

    @Test
    void userSeesTheRowsBelongingToTheirJobsOnly() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        for (String table : CHILD_TABLES) {
            assertThat(sql.count("SELECT count(*) FROM " + table)).as(table).isEqualTo(2);
            assertThat(sql.count("SELECT count(*) FROM " + table + " WHERE job_id NOT IN (?, ?)", aliceFirst, aliceSecond))
                    .as(table).isZero();
        }
    }

    @Test
    void viewsShowAUserOnlyTheirOwnJobs() {
        actAs("authenticated", "{\"sub\": \"user-b\", \"role\": \"authenticated\"}");

        assertThat(sql.rows("SELECT id FROM job_summary_with_storage").stream().map(r -> r.get("id"))).containsExactly(bob);
        assertThat(sql.rows("SELECT id FROM processing_status_realtime").stream().map(r -> r.get("id"))).containsExactly(bob);
        assertThat(sql.count("SELECT coalesce(sum(total_jobs), 0) FROM performance_analytics")).isEqualTo(1);
    }

    @Test
    void userCannotWriteJobsDirectly() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        ServerErrorMessage insert = sql.error("""
                INSERT INTO jobs (job_id, owner, response_type, width, height, request_payload)
                VALUES ('vg_aaaaaaaaaaaaaaaaaaaa', 'user-a', 'async', 640, 360, '{}')""");
        ServerErrorMessage update = sql.error("UPDATE jobs SET progress_percentage = 99 WHERE id = ?", aliceSecond);
        ServerErrorMessage call = sql.error("SELECT update_job_status(?, 'cancelled')", publicId(aliceSecond));

        assertThat(insert.getSQLState()).isEqualTo("42501");
        assertThat(insert.getMessage()).isEqualTo("permission denied for table jobs");
        assertThat(update.getMessage()).isEqualTo("permission denied for table jobs");
        assertThat(call.getMessage()).isEqualTo("permission denied for function update_job_status");
    }

    @Test
    void authenticatedWithoutASubjectSeesNothing() {
        actAs("authenticated", "{\"role\": \"authenticated\"}");

        assertThat(sql.count("SELECT count(*) FROM jobs")).isZero();
        assertThat(sql.count("SELECT count(*) FROM elements")).isZero();
    }

    @Test
    void administratorSeesEveryJob() {
        actAs("authenticated", "{\"sub\": \"ops\", \"role\": \"authenticated\", \"app_metadata\": {\"role\": \"admin\"}}");

        assertThat(sql.count("SELECT count(*) FROM jobs")).isEqualTo(4);
        assertThat(sql.count("SELECT count(*) FROM processing_timeline")).isEqualTo(4);
    }

    @Test
    void selfDeclaredAdministratorIsNotOne() {
        actAs("authenticated", "{\"sub\": \"mallory\", \"role\": \"authenticated\", \"user_metadata\": {\"role\": \"admin\"}}");

        assertThat(sql.count("SELECT count(*) FROM jobs")).isZero();
    }

    @Test
    void userSeesTheirOwnApiKeysButNeverTheHashes() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        assertThat(sql.rows("SELECT name, key_prefix FROM api_keys").stream().map(r -> r.get("name")))
                .containsExactly("alice key");
        assertThat(sql.error("SELECT key_hash FROM api_keys").getMessage()).isEqualTo("permission denied for table api_keys");
    }

    @Test
    void userCannotReadSystemMetrics() {
        actAs("authenticated", "{\"sub\": \"user-a\", \"role\": \"authenticated\"}");

        assertThat(sql.error("SELECT * FROM system_metrics").getMessage())
                .isEqualTo("permission denied for table system_metrics");
    }

    @Test
    void anonymousSeesNothingAtAll() {
        actAs("anon", "{\"role\": \"anon\"}");

        for (String table : new String[] {"jobs", "elements", "processing_timeline", "storage_operations",
                "webhook_deliveries", "url_access_logs", "system_metrics", "api_keys",
                "job_summary_with_storage", "processing_status_realtime", "performance_analytics"}) {
            ServerErrorMessage error = sql.error("SELECT count(*) FROM " + table);
            assertThat(error.getSQLState()).as(table).isEqualTo("42501");
            assertThat(error.getMessage()).as(table).startsWith("permission denied for ").endsWith(" " + table);
        }
        assertThat(sql.error("SELECT create_job('async', 640, 360, '{}')").getMessage())
                .isEqualTo("permission denied for function create_job");
        assertThat(sql.value("SELECT get_current_user_role()")).isEqualTo("anon");
    }

    @Test
    void serviceRoleSeesAndWritesEverything() {
        actAs("service_role", "{\"role\": \"service_role\"}");

        assertThat(sql.count("SELECT count(*) FROM jobs")).isEqualTo(4);
        for (String table : CHILD_TABLES) {
            assertThat(sql.count("SELECT count(*) FROM " + table)).as(table).isEqualTo(4);
        }
        assertThat(sql.count("SELECT count(*) FROM api_keys")).isEqualTo(2);
        assertThat(sql.count("SELECT count(*) FROM system_metrics")).isEqualTo(1);

        UUID created = (UUID) sql.value("SELECT create_job('async', 640, 360, '{}', p_owner => 'user-c')");
        assertThat(sql.value("SELECT update_job_status(?, 'processing')", publicId(created))).isEqualTo(true);
        UUID entry = (UUID) sql.value("SELECT create_timeline_entry(?, 'download')", created);
        assertThat(sql.value("SELECT complete_timeline_entry(?)", entry)).isEqualTo(true);
        assertThat(sql.value("SELECT mark_timed_out_jobs()")).isEqualTo(0);
        assertThat(sql.exec("DELETE FROM jobs WHERE id = ?", created)).isEqualTo(1);
    }
}
