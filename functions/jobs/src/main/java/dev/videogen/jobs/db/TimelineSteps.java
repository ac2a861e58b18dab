package dev.videogen.jobs.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** The job's processing timeline: one entry per step, opened when the step starts and closed when it ends. */
public final class TimelineSteps {

    private final Database database;

    public TimelineSteps(Database database) {
        this.database = database;
    }

    /** Opens a running timeline entry for {@code step} and makes it the job's current step. */
    public UUID openStep(UUID jobUuid, String step, String detailsJson) {
        return database.withConnection(connection -> openStep(connection, jobUuid, step, detailsJson));
    }

    static UUID openStep(Connection connection, UUID jobUuid, String step, String detailsJson) throws SQLException {
        try (PreparedStatement call = connection.prepareStatement(
                "SELECT create_timeline_entry(?, ?::processing_step, ?::jsonb)")) {
            call.setObject(1, jobUuid);
            call.setString(2, step);
            call.setString(3, detailsJson);
            try (ResultSet rows = call.executeQuery()) {
                rows.next();
                return rows.getObject(1, UUID.class);
            }
        }
    }

    /** Closes a timeline entry: completed, or failed with {@code error}. */
    public void closeStep(UUID entry, boolean success, String outputJson, String error) {
        database.withConnection(connection -> {
            closeStep(connection, entry, success, outputJson, error);
            return null;
        });
    }

    static void closeStep(Connection connection, UUID entry, boolean success, String outputJson, String error)
            throws SQLException {
        try (PreparedStatement call = connection.prepareStatement(
                "SELECT complete_timeline_entry(?, ?, ?::jsonb, ?)")) {
            call.setObject(1, entry);
            call.setBoolean(2, success);
            call.setString(3, outputJson);
            call.setString(4, error == null ? null : JobRows.truncate(error, 2000));
            call.executeQuery().close();
        }
    }

    /**
     * Steps a previous worker opened and never closed (it died, or lost the database mid-step) are failed when the
     * job is claimed again, so a finished job shows no step still running.
     */
    static void closeAbandonedSteps(Connection connection, UUID jobUuid) throws SQLException {
        try (PreparedStatement close = connection.prepareStatement("""
                SELECT complete_timeline_entry(id, false, NULL, 'abandoned: the worker stopped before finishing it')
                  FROM processing_timeline WHERE job_id = ? AND status IN ('pending', 'running')""")) {
            close.setObject(1, jobUuid);
            close.executeQuery().close();
        }
    }
}
