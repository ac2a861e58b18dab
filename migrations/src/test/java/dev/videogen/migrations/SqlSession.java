package dev.videogen.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A connection for SQL-level assertions: statements with positional parameters, rows as maps,
 * and {@link #error} to capture a refusal without losing the surrounding transaction.
 */
public final class SqlSession implements AutoCloseable {

    private final Connection connection;

    public SqlSession(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs a statement; returns the update count (0 for statements without one). */
    public int exec(String sql, Object... params) {
        try (PreparedStatement statement = prepare(sql, params)) {
            boolean hasRows = statement.execute();
            return hasRows ? 0 : Math.max(statement.getUpdateCount(), 0);
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** All rows, each as column label to value, in column order. */
    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (PreparedStatement statement = prepare(sql, params);
             ResultSet resultSet = statement.executeQuery()) {
            ResultSetMetaData meta = resultSet.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (resultSet.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    row.put(meta.getColumnLabel(column), resultSet.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
    }

    /** The only row; fails when there is not exactly one. */
    public Map<String, Object> row(String sql, Object... params) {
        List<Map<String, Object>> rows = rows(sql, params);
        if (rows.size() != 1) {
            throw new IllegalStateException("expected one row, got " + rows.size() + " from " + sql);
        }
        return rows.get(0);
    }

    /** The first column of the only row. */
    public Object value(String sql, Object... params) {
        return row(sql, params).values().iterator().next();
    }

    /** The first column of the only row, as text (NULL stays null). */
    public String text(String sql, Object... params) {
        Object value = value(sql, params);
        return value == null ? null : value.toString();
    }

    public long count(String sql, Object... params) {
        return ((Number) value(sql, params)).longValue();
    }

    /**
     * Runs a statement that must fail and returns the server's error. Inside a transaction the
     * failure is rolled back to a savepoint, so the transaction goes on.
     */
    public ServerErrorMessage error(String sql, Object... params) {
        Savepoint savepoint = null;
        try {
            if (!connection.getAutoCommit()) {
                savepoint = connection.setSavepoint();
            }
            try (PreparedStatement statement = prepare(sql, params)) {
                statement.execute();
            }
        } catch (PSQLException e) {
            rollbackTo(savepoint);
            if (e.getServerErrorMessage() == null) {
                throw new SqlFailure(sql, e);
            }
            return e.getServerErrorMessage();
        } catch (SQLException e) {
            throw new SqlFailure(sql, e);
        }
        throw new AssertionError("expected an error from: " + sql);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private void rollbackTo(Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            throw new SqlFailure("ROLLBACK TO SAVEPOINT", e);
        }
    }

    private PreparedStatement prepare(String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** An unexpected SQL failure, naming the statement. */
    public static final class SqlFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SqlFailure(String sql, SQLException cause) {
            super(cause.getMessage() + " -- in: " + sql, cause);
        }
    }
}
