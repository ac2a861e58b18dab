package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.migrations.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the schema that depend on what the server offers: Supabase or plain PostgreSQL. */
class SupabaseCompatibilityTest {

    private static final List<String> TABLES = List.of("jobs", "elements", "storage_operations", "processing_timeline",
            "url_access_logs", "system_metrics", "api_keys", "webhook_deliveries", "webhook_events", "render_chunks",
            "templates", "template_versions");

    @Test
    void jobsAndTimelineJoinTheRealtimePublicationWhenItExists() throws Exception {
        TestDatabase db = TestDatabase.empty();
        try (SqlSession sql = new SqlSession(db.connect())) {
            sql.exec("CREATE PUBLICATION supabase_realtime");
        }

        DatabaseMigrator.migrate(db.dataSource());

        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.rows("SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1")
                    .stream().map(r -> r.get("tablename")))
                    .containsExactly("jobs", "processing_timeline");
            // by hand, again: already published tables are left alone
            sql.exec(DatabaseMigratorTest.shippedScripts().stream()
                    .filter(p -> p.getFileName().toString().contains("realtime"))
                    .map(p -> {
                        try {
                            return java.nio.file.Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .findFirst().orElseThrow());
            assertThat(sql.count("SELECT count(*) FROM pg_publication_tables WHERE pubname = 'supabase_realtime'"))
                    .isEqualTo(2);
        }
    }

    @Test
    void plainPostgresHasNoRealtimePublicationAndStillMigrates() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.count("SELECT count(*) FROM pg_publication")).isZero();
        }
    }

    @Test
    void apiRolesExistWithoutLogin() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.rows("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY 1"))
                    .extracting(r -> r.get("rolname") + " " + r.get("rolcanlogin"))
                    .containsExactly("anon false", "authenticated false", "service_role false");
        }
    }

    @Test
    void everyTableHasRowLevelSecurityAndPolicies() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            for (String table : TABLES) {
                assertThat(sql.value("SELECT relrowsecurity FROM pg_class WHERE oid = ?::regclass", table))
                        .as(table).isEqualTo(true);
                assertThat(sql.count("SELECT count(*) FROM pg_policies WHERE tablename = ? AND 'service_role' = ANY (roles)", table))
                        .as(table).isEqualTo(1);
            }
            assertThat(sql.count("SELECT count(*) FROM pg_policies WHERE 'anon' = ANY (roles)")).isZero();
            assertThat(sql.count("SELECT count(*) FROM pg_policies WHERE 'authenticated' = ANY (roles)")).isEqualTo(11);
        }
    }

    @Test
    void viewsAreReadWithTheCallersRights() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.rows("""
                    SELECT c.relname, c.reloptions::text AS options FROM pg_class c
                     WHERE c.relkind = 'v' AND c.relnamespace = 'public'::regnamespace ORDER BY 1"""))
                    .extracting(r -> r.get("relname") + " " + r.get("options"))
                    .containsExactly("job_summary_with_storage {security_invoker=true}",
                            "performance_analytics {security_invoker=true}",
                            "processing_status_realtime {security_invoker=true}");
        }
    }
}
