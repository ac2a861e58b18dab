package dev.videogen.jobs.webhooks;

import dev.videogen.jobs.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rows of {@code webhook_events} (one per job and event, made by a trigger when the job ends) and of
 * {@code webhook_deliveries} (one per attempt): which events are due, taking them for an attempt, recording how the
 * attempt went, and the log an owner reads.
 */
public final class WebhookEvents {

    /** One event to deliver, as taken for an attempt. */
    public record Due(UUID id, UUID jobUuid, String event, String url, int attempts, Instant createdAt,
                      Instant firstAttemptAt) {
    }

    /** One event of a job, with its attempts, for the delivery log. */
    public record Entry(UUID id, String event, String url, String state, int attempts, Instant nextAttemptAt,
                        Instant lastAttemptAt, Integer lastStatusCode, String lastError, Instant deliveredAt,
                        Instant createdAt, List<Attempt> log) {
    }

    /** One attempt of an event. */
    public record Attempt(int attempt, Instant at, Integer statusCode, boolean success, String error,
                          Integer durationMs) {
    }

    private static final int MAX_ERROR_LENGTH = 1000;

    private final Database database;

    public WebhookEvents(Database database) {
        this.database = database;
    }

    /**
     * Takes up to {@code limit} events due at {@code now} (of one job, or of any when {@code jobUuid} is null) for an
     * attempt: their next attempt moves {@code hold} ahead, so another sender does not take them meanwhile, and comes
     * back by itself if this sender dies before recording the outcome.
     */
    public List<Due> take(UUID jobUuid, Instant now, Duration hold, int limit) {
        return database.inTransaction(connection -> {
            List<Due> taken = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE webhook_events e SET next_attempt_at = ?
                      FROM (SELECT id FROM webhook_events
                             WHERE state = 'pending' AND next_attempt_at <= ? AND (?::uuid IS NULL OR job_id = ?::uuid)
                             ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due
                     WHERE e.id = due.id
                    RETURNING e.id, e.job_id, e.event, e.url, e.attempts, e.created_at,
                        (SELECT min(d.created_at) FROM webhook_deliveries d WHERE d.event_id = e.id)""")) {
                update.setTimestamp(1, Timestamp.from(now.plus(hold)));
                update.setTimestamp(2, Timestamp.from(now));
                update.setObject(3, jobUuid);
                update.setObject(4, jobUuid);
                update.setInt(5, limit);
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        taken.add(new Due(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                rows.getString(3), rows.getString(4), rows.getInt(5), instant(rows, 6),
                                instant(rows, 7)));
                    }
                }
            }
            return taken;
        });
    }

    /** Whether the job has an event no attempt was made at yet. */
    public boolean untried(UUID jobUuid, String event) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT 1 FROM webhook_events WHERE job_id = ? AND event = ? AND state = 'pending' AND attempts = 0""")) {
                select.setObject(1, jobUuid);
                select.setString(2, event);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    /** Makes the job's event when its trigger did not (a job that ended before the trigger existed). */
    public void ensure(UUID jobUuid, String event, String url, Instant now) {
        database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO webhook_events (job_id, event, url, next_attempt_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT ON CONSTRAINT webhook_events_job_event_key DO NOTHING""")) {
                insert.setObject(1, jobUuid);
                insert.setString(2, event);
                insert.setString(3, url);
                insert.setTimestamp(4, Timestamp.from(now));
                return insert.executeUpdate();
            }
        });
    }

    /**
     * Records attempt {@code due.attempts() + 1}: its row in {@code webhook_deliveries}, and the event's new state:
     * delivered, failed (given up: {@code next} is null), or pending until {@code next}.
     */
    public void record(Due due, String shownUrl, Integer status, boolean success, String error, int millis,
                       Instant at, Instant next) {
        int attempt = due.attempts() + 1;
        String cutError = error == null ? null
                : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
        Integer code = status != null && status >= 100 && status <= 599 ? status : null;
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO webhook_deliveries (job_id, event_id, url, event, attempt, status_code, success,
                        error_message, duration_ms, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, due.jobUuid());
                insert.setObject(2, due.id());
                insert.setString(3, shownUrl);
                insert.setString(4, due.event());
                insert.setInt(5, attempt);
                setInteger(insert, 6, code);
                insert.setBoolean(7, success);
                insert.setString(8, cutError);
                insert.setInt(9, Math.max(0, millis));
                insert.setTimestamp(10, Timestamp.from(at));
                insert.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE webhook_events SET attempts = ?, last_attempt_at = ?, last_status_code = ?, last_error = ?,
                        state = ?, next_attempt_at = ?, delivered_at = ?
                     WHERE id = ?""")) {
                String state = success ? "delivered" : next == null ? "failed" : "pending";
                update.setInt(1, attempt);
                update.setTimestamp(2, Timestamp.from(at));
                setInteger(update, 3, code);
                update.setString(4, cutError);
                update.setString(5, state);
                update.setTimestamp(6, state.equals("pending") ? Timestamp.from(next) : null);
                update.setTimestamp(7, success ? Timestamp.from(at) : null);
                update.setObject(8, due.id());
                update.executeUpdate();
            }
            return null;
        });
    }

    /** The events of a job with every attempt, oldest first: the delivery log its owner reads. */
    public List<Entry> log(UUID jobUuid) {
        return database.withConnection(connection -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT id, event, url, state, attempts, next_attempt_at, last_attempt_at, last_status_code,
                           last_error, delivered_at, created_at
                      FROM webhook_events WHERE job_id = ? ORDER BY created_at, event""")) {
                select.setObject(1, jobUuid);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new Entry(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3),
                                rows.getString(4), rows.getInt(5), instant(rows, 6), instant(rows, 7),
                                integer(rows, 8), rows.getString(9), instant(rows, 10), instant(rows, 11),
                                new ArrayList<>()));
                    }
                }
            }
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT event_id, attempt, created_at, status_code, success, error_message, duration_ms
                      FROM webhook_deliveries WHERE job_id = ? AND event_id IS NOT NULL ORDER BY attempt""")) {
                select.setObject(1, jobUuid);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        UUID event = rows.getObject(1, UUID.class);
                        Attempt attempt = new Attempt(rows.getInt(2), instant(rows, 3), integer(rows, 4),
                                rows.getBoolean(5), rows.getString(6), integer(rows, 7));
                        entries.stream().filter(entry -> entry.id().equals(event)).findFirst()
                                .ifPresent(entry -> entry.log().add(attempt));
                    }
                }
            }
            return entries;
        });
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static Integer integer(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
