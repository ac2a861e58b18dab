package dev.videogen.migrations;

/**
 * Migrating or validating the database failed. {@link #reason()} tells whether the database
 * could not be reached at all, a migration failed (and was rolled back), or the applied
 * migrations do not match the ones this build ships.
 */
public final class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the operation failed. */
    public enum Reason {
        /** No connection could be opened: wrong host, port, credentials or database name. */
        DATABASE_UNREACHABLE,
        /** A migration script failed; PostgreSQL rolled it back. */
        MIGRATION_FAILED,
        /** The database's migration history differs from the scripts shipped (or some are pending). */
        VALIDATION_FAILED
    }

    private final Reason reason;

    public MigrationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
