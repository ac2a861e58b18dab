package dev.videogen.jobs.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * The Postgres connection pool. It opens nothing until first used (a Lambda snapshot must hold no connection),
 * validates connections before handing them out, and turns JDBC failures into {@link DatabaseException}.
 */
public final class Database implements AutoCloseable {

    private final DataSource dataSource;
    private final AutoCloseable closer;

    private Database(DataSource dataSource, AutoCloseable closer) {
        this.dataSource = dataSource;
        this.closer = closer;
    }

    /**
     * A lazily started pool, connecting as {@link DatabaseUrlRules} require: verified TLS to Supabase,
     * {@code prepareThreshold=0} on the transaction pooler (added when the URL leaves them out, refused when it asks
     * for less).
     *
     * @throws dev.videogen.jobs.ConfigException when the URL asks for less than the rules require
     */
    public static Database connect(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DatabaseUrlRules.secured(jdbcUrl, null));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(10_000);
        config.setValidationTimeout(3_000);
        config.setIdleTimeout(60_000);
        config.setMaxLifetime(600_000);
        config.setPoolName("videogen-db");
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        return new Database(pool, pool);
    }

    /** Wraps a data source owned by someone else (tests, the local stack). */
    public static Database of(DataSource dataSource) {
        return new Database(dataSource, () -> { });
    }

    /** Work that runs with a connection and may throw JDBC's checked exception. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} on a connection in autocommit mode. */
    public <T> T withConnection(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw DatabaseException.from(e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DatabaseException.from(e);
        }
    }

    /** Whether a trivial query answers. */
    public boolean reachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the database pool", e);
        }
    }

    /** Whether {@code e} means the database could not be reached (as opposed to refusing a statement). */
    static boolean unreachable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || (state != null && state.startsWith("08"))
                || (state != null && state.equals("57P01"));
    }
}
