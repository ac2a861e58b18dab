package dev.videogen.jobs.db;

import dev.videogen.engine.model.Element;
import dev.videogen.jobs.JobStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The job store: a job's row from its insert through its claim, progress, lease and end. State changes are
 * conditional updates, so repeated or concurrent deliveries of the same work change a row once; the database's
 * status trigger guards the state machine. The other tables a job writes have their own stores in this package
 * ({@link TimelineSteps}, {@link ElementRecords}, {@link StorageOperationLog}, {@link JobSweeps},
 * {@link Measurements}), reachable from here so a component that holds the job store reaches them all.
 */
public final class JobRepository {

    private final Database database;
    private final TimelineSteps timeline;
    private final ElementRecords elements;
    private final StorageOperationLog storageOperations;
    private final JobSweeps sweeps;
    private final Measurements measurements;

    public JobRepository(Database database) {
        this.database = database;
        this.timeline = new TimelineSteps(database);
        this.elements = new ElementRecords(database);
        this.storageOperations = new StorageOperationLog(database);
        this.sweeps = new JobSweeps(database);
        this.measurements = new Measurements(database);
    }

    public Database database() {
        return database;
    }

    /** The jobs' processing timelines, in the same database. */
    public TimelineSteps timeline() {
        return timeline;
    }

    /** The jobs' element rows, in the same database. */
    public ElementRecords elements() {
        return elements;
    }

    /** The record of the jobs' S3 calls, in the same database. */
    public StorageOperationLog storageOperations() {
        return storageOperations;
    }

    /** Work on many jobs at once (timeouts, expiry, re-queueing), in the same database. */
    public JobSweeps sweeps() {
        return sweeps;
    }

    /** Metrics appended and calibration samples read, in the same database. */
    public Measurements measurements() {
        return measurements;
    }

    /**
     * What {@link #create} found.
     *
     * @param created true when {@code job} is the new job; false when it is the earlier job the idempotency key
     *                names, as it stands now (its request hash tells a repeat from a reuse of the key)
     */
    public record Creation(boolean created, JobRecord job) {
    }

    /**
     * Creates {@code job} with its elements and a finished validation step carrying {@code validationDetails}, in one
     * statement (one database round trip, see {@code create_job_with_elements}); unless the owner used the job's
     * idempotency key at or after {@code idempotencySince}, in which case that job is returned and nothing is
     * written. A key held since before 24 hours goes to the new job.
     *
     * @param idempotencySince where the idempotency window starts; {@code null}: never answer with an earlier job
     * @throws DatabaseException a refused value (class 22/23) names its constraint; 23505 when another job holds the
     *                           key and is not returned
     */
    public Creation create(NewJob job, List<Element> elements, String validationDetails, Instant idempotencySince) {
        return database.withConnection(connection -> JobCreation.create(connection, job, elements, validationDetails,
                idempotencySince));
    }

    /** Inserts the job, its elements and its first (finished) validation step; 23505 when its key is held. */
    public JobRecord insert(NewJob job, List<Element> elements, String validationDetails) {
        return create(job, elements, validationDetails, null).job();
    }

    public Optional<JobRecord> find(String jobId) {
        return database.withConnection(connection -> JobRows.find(connection, jobId));
    }

    /** The job with internal id {@code id}. */
    public Optional<JobRecord> find(UUID id) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = ?")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(JobRows.read(rows)) : Optional.empty();
                }
            }
        });
    }

    /** The job an owner created with {@code idempotencyKey} since {@code since}, if any. */
    public Optional<JobRecord> findByIdempotencyKey(String owner, String idempotencyKey, Instant since) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + JobRows.COLUMNS + """
                     FROM jobs WHERE coalesce(owner, '') = coalesce(?, '') AND idempotency_key = ? AND created_at >= ?
                    """)) {
                select.setString(1, owner);
                select.setString(2, idempotencyKey);
                select.setTimestamp(3, Timestamp.from(since));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(JobRows.read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Claims a job for {@code worker}: a pending job whose retry (if one waits) is due, or a working one whose lease
     * has lapsed (its worker died). Each claim is a new attempt: its progress starts again from 0. Empty when the job
     * is finished, cancelled, waiting for a later retry, or held by a live worker. The job's attempts are set to
     * {@code maxAttempts}, the claiming worker's retry policy's (a job is created with the schema's default).
     */
    public Optional<JobRecord> claim(String jobId, String worker, Duration lease, Duration timeout, int maxAttempts) {
        return claim(jobId, worker, lease, timeout, Integer.valueOf(maxAttempts));
    }

    /** {@link #claim(String, String, Duration, Duration, int)} keeping the attempts the job has. */
    public Optional<JobRecord> claim(String jobId, String worker, Duration lease, Duration timeout) {
        return claim(jobId, worker, lease, timeout, (Integer) null);
    }

    private Optional<JobRecord> claim(String jobId, String worker, Duration lease, Duration timeout,
                                      Integer maxAttempts) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'processing', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                        retry_count = retry_count + CASE WHEN started_at IS NULL THEN 0 ELSE 1 END,
                        current_step = 'download', progress_percentage = 0, next_attempt_at = NULL,
                        max_retries = coalesce(?::integer, max_retries),
                        processing_timeout_at = greatest(processing_timeout_at, now() + make_interval(secs => ?))
                     WHERE job_id = ?
                       AND ((status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
                            OR (status IN""" + JobRows.WORKING + """
                             AND (lease_until IS NULL OR lease_until < now())))
                    RETURNING""" + " " + JobRows.COLUMNS)) {
                update.setString(1, worker);
                update.setDouble(2, lease.toMillis() / 1000.0);
                update.setObject(3, maxAttempts == null ? null : Math.max(0, maxAttempts - 1), java.sql.Types.INTEGER);
                update.setDouble(4, timeout.toMillis() / 1000.0);
                update.setString(5, jobId);
                Optional<JobRecord> claimed;
                try (ResultSet rows = update.executeQuery()) {
                    claimed = rows.next() ? Optional.of(JobRows.read(rows)) : Optional.empty();
                }
                if (claimed.isPresent()) {
                    TimelineSteps.closeAbandonedSteps(connection, claimed.get().id());
                }
                return claimed;
            }
        });
    }

    /**
     * Records progress and renews the lease. False when the job is no longer this worker's to work on: cancelled,
     * timed out, or taken over.
     */
    public boolean recordProgress(String jobId, String worker, int percent, String step, Duration lease) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET progress_percentage = greatest(progress_percentage, ?),
                        current_step = ?::processing_step, lease_until = now() + make_interval(secs => ?)
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                update.setInt(1, Math.max(0, Math.min(100, percent)));
                update.setString(2, step);
                update.setDouble(3, lease.toMillis() / 1000.0);
                update.setString(4, jobId);
                update.setString(5, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Moves a job this worker holds to another working state (uploading, storing). */
    public boolean advance(String jobId, String worker, JobStatus status) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = ?::job_status
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                update.setString(1, status.databaseName());
                update.setString(2, jobId);
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records the key of the poster stored beside the result of a job this worker holds, before it completes it.
     * False when it was cancelled or taken over meanwhile.
     */
    public boolean recordThumbnail(String jobId, String worker, String key) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET thumbnail_key = ?
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                update.setString(1, key);
                update.setString(2, jobId);
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Completes a job this worker holds. False when it was cancelled or taken over meanwhile. */
    public boolean complete(String jobId, String worker, String bucket, String key, String region, String resultUrl,
                            long sizeBytes, boolean quickResponse) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'completed', s3_bucket = ?, s3_key = ?, s3_region = ?, result_url = ?,
                        file_size_bytes = ?, upload_completed_at = now(), is_quick_response = ?, current_step = 'cleanup',
                        lease_owner = NULL, lease_until = NULL, error_code = NULL, error_message = NULL
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                int i = 1;
                update.setString(i++, bucket);
                update.setString(i++, key);
                update.setString(i++, region);
                update.setString(i++, resultUrl);
                update.setLong(i++, sizeBytes);
                update.setBoolean(i++, quickResponse);
                update.setString(i++, jobId);
                update.setString(i, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Fails a job that has not ended. With a worker, only while that worker holds it; without, whoever holds it
     * (the dead-letter consumer, the sweeper). False when the job had already ended.
     */
    public boolean fail(String jobId, String worker, String code, String message, String detailsJson) {
        return database.withConnection(connection -> {
            String ownership = worker == null ? "" : " AND (lease_owner = ? OR status = 'pending')";
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'failed', error_code = ?, error_message = ?, error_details = ?::jsonb,
                        lease_owner = NULL, lease_until = NULL
                     WHERE job_id = ? AND status IN ('pending','downloading','processing','uploading','storing')"""
                    + ownership)) {
                update.setString(1, code);
                update.setString(2, JobRows.truncate(message, 2000));
                update.setString(3, detailsJson);
                update.setString(4, jobId);
                if (worker != null) {
                    update.setString(5, worker);
                }
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Hands a job this worker holds back to the queue: an inline render that ran out of time, tried again now. */
    public boolean release(String jobId, String worker, String lastErrorCode, String lastErrorMessage) {
        return release(jobId, worker, lastErrorCode, lastErrorMessage, null);
    }

    /**
     * Hands a job this worker holds back to the queue, to be tried again at {@code nextAttemptAt} (now when null)
     * after the attempt that failed with {@code lastErrorCode} (null when nothing failed). Its progress goes back to 0.
     */
    public boolean release(String jobId, String worker, String lastErrorCode, String lastErrorMessage,
                           Instant nextAttemptAt) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL, response_type = 'async',
                        progress_percentage = 0, next_attempt_at = ?,
                        last_error_code = coalesce(?, last_error_code),
                        last_error_message = CASE WHEN ?::text IS NULL THEN last_error_message ELSE ? END,
                        error_details = CASE WHEN ?::text IS NULL THEN error_details
                            ELSE jsonb_build_object('last_error_code', ?::text, 'last_error_message', ?::text) END
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                String message = JobRows.truncate(lastErrorMessage, 2000);
                int i = 1;
                update.setTimestamp(i++, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
                update.setString(i++, lastErrorCode);
                update.setString(i++, lastErrorCode);
                update.setString(i++, message);
                update.setString(i++, lastErrorCode);
                update.setString(i++, lastErrorCode);
                update.setString(i++, message);
                update.setString(i++, jobId);
                update.setString(i, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /**
     * Renews the lease of a job this worker holds, whatever it is doing (downloading, rendering, uploading,
     * completing). False when the job is no longer this worker's.
     */
    public boolean renewLease(String jobId, String worker, Duration lease) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET lease_until = now() + make_interval(secs => ?)
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + JobRows.WORKING)) {
                update.setDouble(1, lease.toMillis() / 1000.0);
                update.setString(2, jobId);
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** What cancelling found. */
    public enum CancelOutcome { CANCELLED, ALREADY_ENDED, NOT_FOUND }

    /** Cancels a job that has not ended; a job owned by someone else is reported as not found. */
    public CancelOutcome cancel(String jobId, String owner, boolean anyOwner) {
        return database.inTransaction(connection -> {
            Optional<JobRecord> job = JobRows.find(connection, jobId);
            if (job.isEmpty() || (!anyOwner && !sameOwner(job.get().owner(), owner))) {
                return CancelOutcome.NOT_FOUND;
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'cancelled', error_code = NULL, error_message = 'cancelled by the client',
                        lease_owner = NULL, lease_until = NULL
                     WHERE job_id = ? AND status IN ('pending','downloading','processing','uploading','storing')""")) {
                update.setString(1, jobId);
                return update.executeUpdate() == 1 ? CancelOutcome.CANCELLED : CancelOutcome.ALREADY_ENDED;
            }
        });
    }

    static boolean sameOwner(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
