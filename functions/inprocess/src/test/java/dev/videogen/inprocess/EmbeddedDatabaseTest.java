package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.migrations.DatabaseMigrator;
import dev.videogen.migrations.MigrationReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    private static EmbeddedDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedDatabase.start();
    }

    @AfterAll
    static void stopDatabase() {
        database.stop();
    }

    @Test
    void runsPostgres17() throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("show server_version_num")) {
            result.next();
            assertThat(result.getInt(1)).isBetween(170_000, 179_999);
        }
    }

    @Test
    void jdbcUrlAndConnectionUriNameTheSameServer() throws SQLException {
        assertThat(database.connectionUri())
                .isEqualTo("postgresql://postgres:postgres@127.0.0.1:" + database.port() + "/postgres");
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            assertThat(connection.getMetaData().getUserName()).isEqualTo(database.user());
        }
    }

    @Test
    void restartBreaksOpenConnectionsAndKeepsCommittedRows() throws SQLException {
        execute(database, "create table if not exists restart_probe (id int primary key)", "delete from restart_probe",
                "insert into restart_probe values (42)");
        Connection beforeRestart = database.dataSource().getConnection();
        int port = database.port();

        database.restart();

        assertThat(database.isRunning()).isTrue();
        assertThat(database.port()).isEqualTo(port);
        assertThatThrownBy(() -> beforeRestart.createStatement().executeQuery("select 1")).isInstanceOf(SQLException.class);
        beforeRestart.close();
        assertThat(count(database, "select count(*) from restart_probe where id = 42")).isEqualTo(1);
    }

    @Test
    void aDataDirectoryIsReopenedByANewServer(@TempDir Path data) throws SQLException {
        EmbeddedDatabase first = EmbeddedDatabase.builder().dataDirectory(data).start();
        try {
            execute(first, "create table survivor (name text)", "insert into survivor values ('kept')");
        } finally {
            first.stop();
        }
        assertThat(first.isRunning()).isFalse();
        assertThat(data.resolve("PG_VERSION")).exists();

        EmbeddedDatabase second = EmbeddedDatabase.builder().dataDirectory(data).start();
        try {
            assertThat(count(second, "select count(*) from survivor where name = 'kept'")).isEqualTo(1);
            assertThat(second.dataDirectory()).hasValue(data.toAbsolutePath());
        } finally {
            second.stop();
        }
        assertThat(data.resolve("PG_VERSION")).as("stop keeps a given directory").exists();
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() {
        LoopbackOnly.assertUnreachableFromTheNetwork(database.port());
    }

    @Test
    void theServiceSchemaAppliesAndSurvivesARestart(@TempDir Path data) throws SQLException {
        EmbeddedDatabase schemaDatabase = EmbeddedDatabase.builder().dataDirectory(data).start();
        try {
            MigrationReport first = DatabaseMigrator.migrate(schemaDatabase.dataSource());
            assertThat(first.migrationsApplied()).isPositive();

            schemaDatabase.restart();

            DatabaseMigrator.validate(schemaDatabase.dataSource());
            assertThat(DatabaseMigrator.migrate(schemaDatabase.dataSource()).upToDate()).isTrue();
            assertThat(count(schemaDatabase, "select count(*) from information_schema.tables where table_name = 'jobs'"))
                    .isEqualTo(1);
        } finally {
            schemaDatabase.stop();
        }
    }

    @Test
    void portInUseIsReportedInOneLine() {
        assertThatThrownBy(() -> EmbeddedDatabase.builder().port(database.port()).start())
                .isInstanceOf(ServerStartException.class)
                .hasMessage("postgres: port " + database.port() + " is already in use");
    }

    private static void execute(EmbeddedDatabase target, String... sql) throws SQLException {
        try (Connection connection = target.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static int count(EmbeddedDatabase target, String sql) throws SQLException {
        try (Connection connection = target.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getInt(1);
        }
    }
}
