package dev.videogen.jobs.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Work on many jobs at once that no single worker does: timing out jobs past their deadline, expiring old results,
 * finding jobs that have not ended (to queue them again) and the ones a sweep just ended (to announce them).
 */
public final class JobSweeps {

    private final Database database;

    public JobSweeps(Database database) {
        this.database = database;
    }

    /** Marks working jobs past their processing timeout as timed out; returns how many. */
    public int markTimedOutJobs() {
        return database.withConnection(connection -> {
            try (PreparedStatement call = connection.prepareStatement("SELECT mark_timed_out_jobs()");
                 ResultSet rows = call.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** Marks completed jobs older than the retention as expired; returns how many. */
    public int markJobsForCleanup(Duration retention) {
        return database.withConnection(connection -> {
            try (PreparedStatement call = connection.prepareStatement(
                    "SELECT mark_jobs_for_cleanup(make_interval(secs => ?))")) {
                call.setDouble(1, retention.toSeconds());
                try (ResultSet rows = call.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    /**
     * Puts every working job back to pending and returns the ids of all unfinished jobs, oldest first. Only for a
     * single-process deployment starting up (the local stack): there, no other worker can hold a lease, and its
     * in-memory queue lost the messages, so these jobs must be queued again.
     */
    public List<String> releaseAbandonedJobs() {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL
                     WHERE status IN""" + JobRows.WORKING)) {
                return update.executeUpdate();
            }
        });
        return unfinishedJobIds();
    }

    /** The database's clock, so comparisons with its timestamps ignore the skew of this machine's clock. */
    public Instant databaseNow() {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT clock_timestamp()");
                 ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getTimestamp(1).toInstant();
            }
        });
    }

    /** Jobs with a webhook that timed out or expired since {@code since} (what a sweep just ended). */
    public List<JobRecord> endedSince(Instant since) {
        return database.withConnection(connection -> {
            List<JobRecord> ended = new ArrayList<>();
            // the closing delimiter on its own line keeps the space before FROM
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JobRows.COLUMNS + """
                     FROM jobs WHERE status IN ('timeout', 'expired') AND updated_at >= ?
                      AND callback_url IS NOT NULL ORDER BY updated_at
                    """)) {
                select.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ended.add(JobRows.read(rows));
                    }
                }
            }
            return ended;
        });
    }

    /**
     * The jobs whose queue message is lost, marked as sent again now ({@code requeued_at}); the caller sends them.
     * A job is lost when
     * <ul>
     *   <li>it is pending and due (never picked up, handed back, or its retry time passed) for longer than
     *       {@code grace}, and was not sent again within {@code resendInterval}: its message was never sent (the
     *       process died between the insert and the send) or was lost with a queue; a job merely waiting in a long
     *       queue gets a harmless duplicate at most once per {@code resendInterval};</li>
     *   <li>or it is being worked on but its lease lapsed (its worker died, or an inline render was killed) and it
     *       was not sent again since: the dead worker's message comes back only after the queue's long visibility
     *       timeout.</li>
     * </ul>
     */
    public List<String> claimLostJobs(Duration grace, Duration resendInterval, int limit) {
        return database.withConnection(connection -> {
            List<String> lost = new ArrayList<>();
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET requeued_at = now()
                     WHERE id IN (
                        SELECT id FROM jobs
                         WHERE (status = 'pending'
                                AND coalesce(next_attempt_at, updated_at) < now() - make_interval(secs => ?)
                                AND (requeued_at IS NULL OR requeued_at < now() - make_interval(secs => ?)))
                            OR (status IN""" + JobRows.WORKING + """
                                AND lease_until < now() AND (requeued_at IS NULL OR requeued_at < lease_until))
                         ORDER BY created_at
                         LIMIT ?
                           FOR UPDATE SKIP LOCKED)
                    RETURNING job_id""")) {
                update.setDouble(1, grace.toMillis() / 1000.0);
                update.setDouble(2, resendInterval.toMillis() / 1000.0);
                update.setInt(3, limit);
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        lost.add(rows.getString(1));
                    }
                }
            }
            return lost;
        });
    }

    /** Records the results' retention, so the pg_cron cleanup inside the database expires them with it too. */
    public void recordRetention(Duration retention) {
        database.withConnection(connection -> {
            try (PreparedStatement call = connection.prepareStatement("SELECT record_output_retention(?)")) {
                call.setInt(1, (int) Math.max(1, retention.toDays()));
                call.executeQuery().close();
            }
            return null;
        });
    }

    /** Ids of jobs that have not ended, oldest first. */
    public List<String> unfinishedJobIds() {
        return database.withConnection(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT job_id FROM jobs
                     WHERE status IN""" + JobRows.UNFINISHED + " ORDER BY created_at");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }
}
