package dev.videogen.jobs.db;

import java.sql.SQLException;

/** A database call failed; {@link #unavailable()} tells a lost connection from a refused statement. */
public class DatabaseException extends RuntimeException {

    private final boolean unavailable;
    private final String sqlState;

    public DatabaseException(String message, SQLException cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    static DatabaseException from(SQLException e) {
        boolean unavailable = Database.unreachable(e);
        return new DatabaseException(unavailable ? "the database is unavailable: " + e.getMessage()
                : "database error: " + e.getMessage(), e, unavailable);
    }

    /** The database could not be reached: worth retrying later, and a 503 for callers. */
    public boolean unavailable() {
        return unavailable;
    }

    public String sqlState() {
        return sqlState;
    }
}
