package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.migrations.testing.TestDatabase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseMigratorTest {

    @Test
    void emptyDatabaseGetsEveryShippedMigrationInOrder() throws Exception {
        TestDatabase db = TestDatabase.empty();

        MigrationReport report = DatabaseMigrator.migrate(db.dataSource());

        List<Path> scripts = shippedScripts();
        assertThat(report.versionBefore()).isNull();
        assertThat(report.migrationsApplied()).isEqualTo(scripts.size());
        assertThat(report.applied()).first().isEqualTo("01 extensions");
        assertThat(report.versionAfter()).isEqualTo(versionOf(scripts.get(scripts.size() - 1)));
    }

    @Test
    void migratingAgainChangesNothingAndValidationPasses() {
        TestDatabase db = TestDatabase.empty();
        MigrationReport first = DatabaseMigrator.migrate(db.jdbcUrl(), db.user(), db.password());

        MigrationReport second = DatabaseMigrator.migrate(db.jdbcUrl(), db.user(), db.password());

        assertThat(second.upToDate()).isTrue();
        assertThat(second.versionBefore()).isEqualTo(first.versionAfter());
        assertThat(second.versionAfter()).isEqualTo(first.versionAfter());
        DatabaseMigrator.validate(db.jdbcUrl(), db.user(), db.password());
    }

    @Test
    void everyScriptCanBeRunAgainByHandWithoutChangingTheSchema() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            String before = SchemaFingerprint.of(sql);

            for (Path script : shippedScripts()) {
                try (Statement statement = sql.connection().createStatement()) {
                    statement.execute(Files.readString(script, StandardCharsets.UTF_8));
                } catch (SQLException e) {
                    throw new AssertionError("re-running " + script.getFileName() + " failed: " + e.getMessage(), e);
                }
            }

            assertThat(SchemaFingerprint.of(sql)).isEqualTo(before);
        }
        DatabaseMigrator.validate(db.dataSource());
    }

    @Test
    void credentialsMayBeGivenInTheUrl() {
        TestDatabase db = TestDatabase.empty();
        String url = db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password();

        MigrationReport report = DatabaseMigrator.migrate(url, null, null);

        assertThat(report.migrationsApplied()).isPositive();
        DatabaseMigrator.validate(url, null, null);
    }

    @Test
    void unreachableDatabaseIsReportedAsSuch() {
        assertThatThrownBy(() -> DatabaseMigrator.migrate("jdbc:postgresql://127.0.0.1:1/videogen", "postgres", "x"))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("cannot connect to the database: ")
                .satisfies(e -> assertThat(((MigrationException) e).reason())
                        .isEqualTo(MigrationException.Reason.DATABASE_UNREACHABLE));
    }

    @Test
    void somethingOtherThanAPostgresUrlIsRefused() {
        assertThatThrownBy(() -> DatabaseMigrator.validate("jdbc:mysql://localhost/videogen", "u", "p"))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("not a PostgreSQL JDBC URL")
                .satisfies(e -> assertThat(((MigrationException) e).reason())
                        .isEqualTo(MigrationException.Reason.DATABASE_UNREACHABLE));
    }

    @Test
    void failingMigrationIsReportedAndRolledBack() throws Exception {
        TestDatabase db = TestDatabase.empty();
        try (SqlSession sql = new SqlSession(db.connect())) {
            // an event trigger (outside the migrated schema) that refuses to create views: V21 fails
            sql.exec("CREATE SCHEMA guard");
            sql.exec("""
                    CREATE FUNCTION guard.refuse_views() RETURNS event_trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'views are not allowed in this database'; END $$""");
            sql.exec("CREATE EVENT TRIGGER refuse_views ON ddl_command_start WHEN TAG IN ('CREATE VIEW')"
                    + " EXECUTE FUNCTION guard.refuse_views()");
        }

        assertThatThrownBy(() -> DatabaseMigrator.migrate(db.dataSource()))
                .isInstanceOf(MigrationException.class)
                .hasMessageStartingWith("database migration failed: ")
                .hasMessageContaining("V21__views.sql")
                .hasMessageContaining("views are not allowed in this database")
                .satisfies(e -> assertThat(((MigrationException) e).reason())
                        .isEqualTo(MigrationException.Reason.MIGRATION_FAILED));

        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.text("SELECT max(version) FROM videogen_migrations.flyway_schema_history WHERE success")).isEqualTo("20");
            assertThat(sql.count("SELECT count(*) FROM videogen_migrations.flyway_schema_history WHERE NOT success")).isZero();
            assertThat(sql.value("SELECT to_regclass('job_summary_with_storage')")).isNull();
        }
    }

    @Test
    void databaseMigratedWithLaterVersionsFirstTakesTheLowerVersionsItLacks(@TempDir Path earlier) throws Exception {
        // an earlier build shipped V37 and later before V26-V34 existed; its database must take them when they come
        List<String> lacking = List.of("26", "27", "28", "30", "31", "32", "34");
        URL location = DatabaseMigratorTest.class.getClassLoader().getResource("db/migration");
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                boolean later = name.matches("V\\d+__.+\\.sql") && lacking.contains(versionOf(file));
                if (!later) {
                    Files.copy(file, earlier.resolve(name));
                }
            }
        }
        TestDatabase db = TestDatabase.empty();
        Flyway.configure().dataSource(db.dataSource()).locations("filesystem:" + earlier)
                .defaultSchema(DatabaseMigrator.HISTORY_SCHEMA).schemas(DatabaseMigrator.HISTORY_SCHEMA)
                .table(DatabaseMigrator.HISTORY_TABLE).load().migrate();

        MigrationReport report = DatabaseMigrator.migrate(db.dataSource());

        assertThat(report.migrationsApplied()).isEqualTo(lacking.size());
        DatabaseMigrator.validate(db.dataSource());
        try (SqlSession sql = new SqlSession(db.connect())) {
            assertThat(sql.count("SELECT count(*) FROM videogen_migrations.flyway_schema_history"
                    + " WHERE version IN ('26', '27', '28', '30', '31', '32', '34') AND success"))
                    .isEqualTo(lacking.size());
        }
    }

    @Test
    void databaseWithPendingMigrationsFailsValidation() {
        TestDatabase db = TestDatabase.empty();

        assertThatThrownBy(() -> DatabaseMigrator.validate(db.dataSource()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("not applied")
                .satisfies(e -> assertThat(((MigrationException) e).reason())
                        .isEqualTo(MigrationException.Reason.VALIDATION_FAILED));
    }

    @Test
    void editedMigrationFailsValidation() throws Exception {
        TestDatabase db = TestDatabase.fresh();
        try (SqlSession sql = new SqlSession(db.connect())) {
            sql.exec("UPDATE videogen_migrations.flyway_schema_history SET checksum = checksum + 1 WHERE version = '04'");
        }

        assertThatThrownBy(() -> DatabaseMigrator.validate(db.dataSource()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("checksum mismatch")
                .hasMessageContaining("04")
                .satisfies(e -> assertThat(((MigrationException) e).reason())
                        .isEqualTo(MigrationException.Reason.VALIDATION_FAILED));
    }

    static List<Path> shippedScripts() throws IOException, URISyntaxException {
        URL location = DatabaseMigratorTest.class.getClassLoader().getResource("db/migration");
        assertThat(location).as("db/migration on the classpath").isNotNull();
        try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.+\\.sql"))
                    .sorted()
                    .toList();
        }
    }

    private static String versionOf(Path script) {
        String name = script.getFileName().toString();
        return name.substring(1, name.indexOf("__"));
    }
}
