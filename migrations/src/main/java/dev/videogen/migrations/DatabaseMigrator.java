package dev.videogen.migrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies Videogen's schema (the Flyway scripts packaged under {@value #LOCATION}) to a PostgreSQL
 * database, or checks that a database carries exactly those scripts.
 *
 * <p>Connect directly to the database (on Supabase: the direct connection or the session pooler,
 * port 5432), not through a transaction-mode pooler: Flyway holds a session-level advisory lock
 * for the whole run.
 *
 * <p>Flyway's history table lives in the schema {@value #HISTORY_SCHEMA}, not in {@code public}, which
 * Supabase's Data API exposes: callers holding the anon key must not read which scripts ran when. A
 * database migrated before has its table moved there first. What the scripts create still lands in
 * {@code public}, as before (tested).
 */
public final class DatabaseMigrator {

    /** Where the migration scripts are on the classpath. */
    public static final String LOCATION = "classpath:db/migration";
    /** The schema of Flyway's history table: one the Data API does not expose. */
    public static final String HISTORY_SCHEMA = "videogen_migrations";
    /** The history table's name, as Flyway calls it. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private DatabaseMigrator() {
    }

    /**
     * Applies every pending migration.
     *
     * @throws MigrationException {@link MigrationException.Reason#DATABASE_UNREACHABLE} when no
     *     connection can be opened, {@link MigrationException.Reason#MIGRATION_FAILED} when a script fails
     */
    public static MigrationReport migrate(DataSource dataSource) {
        requireReachable(dataSource);
        moveHistoryOutOfPublic(dataSource);
        Flyway flyway = flyway(dataSource);
        try {
            String before = currentVersion(flyway);
            MigrateResult result = flyway.migrate();
            List<String> applied = result.migrations.stream().map(DatabaseMigrator::describe).toList();
            return new MigrationReport(before, currentVersion(flyway), applied);
        } catch (FlywayException e) {
            throw new MigrationException(MigrationException.Reason.MIGRATION_FAILED,
                    "database migration failed: " + e.getMessage(), e);
        }
    }

    /** {@link #migrate(DataSource)} for a {@code jdbc:postgresql://} URL. */
    public static MigrationReport migrate(String jdbcUrl, String user, String password) {
        return migrate(dataSource(jdbcUrl, user, password));
    }

    /**
     * Checks that the database has every shipped migration applied, unchanged, and nothing else.
     *
     * @throws MigrationException {@link MigrationException.Reason#DATABASE_UNREACHABLE} when no
     *     connection can be opened, {@link MigrationException.Reason#VALIDATION_FAILED} naming the differences
     */
    public static void validate(DataSource dataSource) {
        requireReachable(dataSource);
        historyLocationProblem(dataSource).ifPresent(problem -> {
            throw new MigrationException(MigrationException.Reason.VALIDATION_FAILED,
                    "database schema does not match the migrations: " + problem, null);
        });
        ValidateResult result;
        try {
            result = flyway(dataSource).validateWithResult();
        } catch (FlywayException e) {
            throw new MigrationException(MigrationException.Reason.VALIDATION_FAILED,
                    "database validation failed: " + e.getMessage(), e);
        }
        if (!result.validationSuccessful) {
            throw new MigrationException(MigrationException.Reason.VALIDATION_FAILED,
                    "database schema does not match the migrations: " + result.getAllErrorMessages(), null);
        }
    }

    /** {@link #validate(DataSource)} for a {@code jdbc:postgresql://} URL. */
    public static void validate(String jdbcUrl, String user, String password) {
        validate(dataSource(jdbcUrl, user, password));
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .defaultSchema(HISTORY_SCHEMA)
                .schemas(HISTORY_SCHEMA)
                .table(HISTORY_TABLE)
                .failOnMissingLocations(true)
                // a version numbered below one already applied (work that landed after a later version) is applied
                // when it arrives, not refused: deployed databases take every script they lack
                .outOfOrder(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }

    /**
     * Moves a history table that an earlier version left in {@code public} to {@value #HISTORY_SCHEMA}, so Flyway
     * finds the database's past there instead of taking it for an empty one.
     */
    private static void moveHistoryOutOfPublic(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            boolean old = exists(statement, "public." + HISTORY_TABLE);
            boolean current = exists(statement, HISTORY_SCHEMA + "." + HISTORY_TABLE);
            if (old && !current) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + HISTORY_SCHEMA);
                statement.execute("ALTER TABLE public." + HISTORY_TABLE + " SET SCHEMA " + HISTORY_SCHEMA);
            }
            connection.commit();
        } catch (SQLException e) {
            throw new MigrationException(MigrationException.Reason.MIGRATION_FAILED,
                    "cannot move Flyway's history table out of the public schema: " + e.getMessage(), e);
        }
    }

    /** Why the history table is not where validation looks for it, if it is not. */
    private static Optional<String> historyLocationProblem(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            if (exists(statement, HISTORY_SCHEMA + "." + HISTORY_TABLE)) {
                return Optional.empty();
            }
            if (exists(statement, "public." + HISTORY_TABLE)) {
                return Optional.of("the migrations are not applied by this version yet: Flyway's history is still in "
                        + "public." + HISTORY_TABLE + " (migrate moves it to " + HISTORY_SCHEMA + ")");
            }
            return Optional.of("the migrations are not applied: there is no " + HISTORY_SCHEMA + "." + HISTORY_TABLE);
        } catch (SQLException e) {
            throw new MigrationException(MigrationException.Reason.DATABASE_UNREACHABLE,
                    "cannot connect to the database: " + e.getMessage(), e);
        }
    }

    private static boolean exists(Statement statement, String table) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    private static void requireReachable(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(10)) {
                throw new SQLException("connection is not usable");
            }
        } catch (SQLException e) {
            throw new MigrationException(MigrationException.Reason.DATABASE_UNREACHABLE,
                    "cannot connect to the database: " + e.getMessage(), e);
        }
    }

    private static DataSource dataSource(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(jdbcUrl);
        } catch (IllegalArgumentException e) {
            throw new MigrationException(MigrationException.Reason.DATABASE_UNREACHABLE,
                    "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + e.getMessage(), e);
        }
        if (user != null) {
            dataSource.setUser(user);
        }
        if (password != null) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    private static String currentVersion(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? null : current.getVersion().toString();
    }

    private static String describe(MigrateOutput migration) {
        return migration.version + " " + migration.description;
    }
}
