package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.migrations.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** What Supabase's Data API and its linter would find: nothing of Flyway's exposed, no mutable search path. */
class SupabaseHygieneTest {

    @Test
    void flywaysHistoryLivesOutsideTheSchemaTheDataApiExposes() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.value("SELECT to_regclass('public.flyway_schema_history')")).isNull();
            assertThat(sql.count("SELECT count(*) FROM videogen_migrations.flyway_schema_history WHERE success"))
                    .isPositive();
            for (String role : List.of("anon", "authenticated")) {
                assertThat(sql.value("SELECT has_schema_privilege(?, 'videogen_migrations', 'USAGE')", role))
                        .as(role).isEqualTo(false);
            }
        }
    }

    @Test
    void nothingTheScriptsCreateLandsInTheHistorySchema() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.rows("""
                    SELECT relname FROM pg_class WHERE relnamespace = 'videogen_migrations'::regnamespace
                       AND relkind IN ('r', 'v', 'm', 'S', 'p')""")).extracting(row -> row.get("relname"))
                    .containsExactly("flyway_schema_history");
            assertThat(sql.count("SELECT count(*) FROM pg_proc WHERE pronamespace = 'videogen_migrations'::regnamespace"))
                    .isZero();
            assertThat(sql.value("SELECT to_regclass('public.jobs')")).isNotNull();
        }
    }

    @Test
    void aDatabaseMigratedWithTheHistoryInPublicKeepsItsPastAndLosesTheExposedTable() throws Exception {
        TestDatabase db = TestDatabase.empty();
        // what earlier versions did: Flyway's defaults, the history table in public
        Flyway.configure().dataSource(db.dataSource()).locations(DatabaseMigrator.LOCATION).target("25").load()
                .migrate();

        MigrationReport report = DatabaseMigrator.migrate(db.dataSource());

        assertThat(report.versionBefore()).isEqualTo("25");
        assertThat(report.applied()).noneMatch(name -> name.compareTo("26") < 0);
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.value("SELECT to_regclass('public.flyway_schema_history')")).isNull();
            assertThat(sql.count("SELECT count(*) FROM videogen_migrations.flyway_schema_history WHERE version = '01'"))
                    .isEqualTo(1);
            // the scripts that ran with the history schema in place created their objects where they always did
            assertThat(sql.value("SELECT to_regclass('public.rate_limit_buckets')")).isNotNull();
            assertThat(sql.count("SELECT count(*) FROM pg_class WHERE relnamespace = 'videogen_migrations'::regnamespace"
                    + " AND relkind = 'r'")).isEqualTo(1);
        }
        DatabaseMigrator.validate(db.dataSource());
    }

    @Test
    void everyFunctionOfTheSchemaRunsWithAPinnedSearchPath() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            List<Map<String, Object>> functions = sql.rows("""
                    SELECT p.oid::regprocedure::text AS name,
                           EXISTS (SELECT 1 FROM unnest(coalesce(p.proconfig, '{}')) s WHERE s LIKE 'search_path=%')
                               AS pinned
                      FROM pg_proc p
                     WHERE p.pronamespace = 'public'::regnamespace
                       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                          AND d.objid = p.oid AND d.deptype = 'e')""");

            assertThat(functions).hasSizeGreaterThan(20);
            assertThat(functions).filteredOn(row -> !(Boolean) row.get("pinned"))
                    .extracting(row -> row.get("name")).isEmpty();
        }
    }

    @Test
    void aFunctionAddedAfterTheLastMigrationIsPinnedByTheNextRun() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            sql.exec("CREATE FUNCTION added_later() RETURNS integer LANGUAGE sql AS 'SELECT 1'");
        }

        MigrationReport report = DatabaseMigrator.migrate(db.dataSource());

        assertThat(report.upToDate()).isTrue();
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.value("SELECT proconfig::text FROM pg_proc WHERE proname = 'added_later'"))
                    .isEqualTo("{\"search_path=public, pg_temp\"}");
        }
    }
}
