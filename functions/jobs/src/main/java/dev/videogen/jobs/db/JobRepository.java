package dev.videogen.jobs.db;

import dev.videogen.engine.SourceReport;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.plan.TimedElement;
import dev.videogen.engine.plan.Timeline;
import dev.videogen.jobs.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Every read and write of the job tables. State changes are conditional updates, so repeated or concurrent
 * deliveries of the same work change a row once; the database's status trigger guards the state machine.
 */
public final class JobRepository {

    private static final String WORKING = "('downloading','processing','uploading','storing')";
    private static final String COLUMNS = """
            id, job_id, owner, status::text, response_type::text, is_quick_response, output_format, width, height,
            duration_seconds, request_payload::text, callback_url, estimated_processing_seconds,
            actual_processing_seconds, progress_percentage, current_step::text, s3_bucket, s3_key, s3_region,
            result_url, file_size_bytes, error_code, error_message, error_details::text, retry_count, lease_owner,
            lease_until, request_hash, created_at, started_at, completed_at""";

    private final Database database;

    public JobRepository(Database database) {
        this.database = database;
    }

    public Database database() {
        return database;
    }

    /** Inserts the job, its elements and its first (finished) validation step in one transaction. */
    public JobRecord insert(NewJob job, List<Element> elements, String validationDetails) {
        return database.inTransaction(connection -> {
            if (job.idempotencyKey() != null) {
                // a key is kept for 24 hours (the contract); after that its unique index entry goes to the new job
                try (PreparedStatement release = connection.prepareStatement("""
                        UPDATE jobs SET idempotency_key = NULL
                         WHERE coalesce(owner, '') = coalesce(?, '') AND idempotency_key = ?
                           AND created_at < now() - interval '24 hours'""")) {
                    release.setString(1, job.owner());
                    release.setString(2, job.idempotencyKey());
                    release.executeUpdate();
                }
            }
            UUID id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO jobs (job_id, owner, status, response_type, output_format, width, height, fps,
                        duration_seconds, background_color, request_payload, callback_url,
                        estimated_processing_seconds, idempotency_key, request_hash, client_ip, user_agent,
                        request_metadata, processing_timeout_at)
                    VALUES (?, ?, 'pending', ?::response_type, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::inet, ?,
                        ?::jsonb, now() + make_interval(secs => ?))
                    RETURNING id""")) {
                int i = 1;
                insert.setString(i++, job.jobId());
                insert.setString(i++, job.owner());
                insert.setString(i++, job.responseType());
                insert.setString(i++, job.outputFormat());
                insert.setInt(i++, job.width());
                insert.setInt(i++, job.height());
                insert.setDouble(i++, job.fps());
                setDouble(insert, i++, job.durationSeconds());
                insert.setString(i++, job.backgroundColor());
                insert.setString(i++, job.requestPayload());
                insert.setString(i++, job.callbackUrl());
                insert.setInt(i++, job.estimatedSeconds());
                insert.setString(i++, job.idempotencyKey());
                insert.setString(i++, job.requestHash());
                insert.setString(i++, job.clientIp());
                insert.setString(i++, job.userAgent());
                insert.setString(i++, job.requestMetadata());
                insert.setLong(i, job.timeoutSeconds());
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    id = rows.getObject(1, UUID.class);
                }
            }
            insertElements(connection, id, elements);
            UUID step = openStep(connection, id, "validation", validationDetails);
            closeStep(connection, step, true, null, null);
            return find(connection, job.jobId()).orElseThrow();
        });
    }

    private static void insertElements(Connection connection, UUID jobId, List<Element> elements) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO elements (job_id, element_order, element_key, type, source_url, text_content, track,
                    x_position, y_position, width, height, fit_mode, start_time, end_time, trim_start, trim_end,
                    properties)
                VALUES (?, ?, ?, ?::element_type, ?, ?, ?, ?, ?, ?, ?, ?::fit_mode, ?, ?, ?, ?, ?::jsonb)""")) {
            for (Element element : elements) {
                int i = 1;
                insert.setObject(i++, jobId);
                insert.setInt(i++, element.index());
                insert.setString(i++, element.id());
                insert.setString(i++, element.type().wireName());
                insert.setString(i++, element.source());
                insert.setString(i++, element.text());
                insert.setInt(i++, element.track());
                boolean visual = element.type().visual();
                insert.setString(i++, visual ? element.x().wireForm() : null);
                insert.setString(i++, visual ? element.y().wireForm() : null);
                insert.setString(i++, visual ? element.width().wireForm() : null);
                insert.setString(i++, visual ? element.height().wireForm() : null);
                insert.setString(i++, visual ? element.fitMode().wireName() : null);
                insert.setDouble(i++, element.time());
                if (element.duration().isPresent()) {
                    insert.setDouble(i++, element.time() + element.duration().getAsDouble());
                } else {
                    insert.setNull(i++, Types.NUMERIC);
                }
                insert.setDouble(i++, element.trimStart());
                if (element.trimEnd().isPresent()) {
                    insert.setDouble(i++, element.trimEnd().getAsDouble());
                } else {
                    insert.setNull(i++, Types.NUMERIC);
                }
                insert.setString(i, ElementProperties.json(element));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public Optional<JobRecord> find(String jobId) {
        return database.withConnection(connection -> find(connection, jobId));
    }

    private static Optional<JobRecord> find(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE job_id = ?")) {
            select.setString(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    /** The job an owner created with {@code idempotencyKey} since {@code since}, if any. */
    public Optional<JobRecord> findByIdempotencyKey(String owner, String idempotencyKey, Instant since) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                     FROM jobs WHERE coalesce(owner, '') = coalesce(?, '') AND idempotency_key = ? AND created_at >= ?
                    """)) {
                select.setString(1, owner);
                select.setString(2, idempotencyKey);
                select.setTimestamp(3, Timestamp.from(since));
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Claims a job for {@code worker}: a pending job, or a working one whose lease has lapsed (its worker died).
     * Empty when the job is finished, cancelled, or held by a live worker.
     */
    public Optional<JobRecord> claim(String jobId, String worker, Duration lease, Duration timeout) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'processing', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                        retry_count = retry_count + CASE WHEN started_at IS NULL THEN 0 ELSE 1 END,
                        current_step = 'download',
                        processing_timeout_at = greatest(processing_timeout_at, now() + make_interval(secs => ?))
                     WHERE job_id = ?
                       AND (status = 'pending' OR (status IN""" + WORKING + """
                             AND (lease_until IS NULL OR lease_until < now())))
                    RETURNING""" + " " + COLUMNS)) {
                update.setString(1, worker);
                update.setDouble(2, lease.toMillis() / 1000.0);
                update.setDouble(3, timeout.toMillis() / 1000.0);
                update.setString(4, jobId);
                Optional<JobRecord> claimed;
                try (ResultSet rows = update.executeQuery()) {
                    claimed = rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
                if (claimed.isPresent()) {
                    closeAbandonedSteps(connection, claimed.get().id());
                }
                return claimed;
            }
        });
    }

    /**
     * Steps a previous worker opened and never closed (it died, or lost the database mid-step) are failed when the
     * job is claimed again, so a finished job shows no step still running.
     */
    private static void closeAbandonedSteps(Connection connection, UUID jobUuid) throws SQLException {
        try (PreparedStatement close = connection.prepareStatement("""
                SELECT complete_timeline_entry(id, false, NULL, 'abandoned: the worker stopped before finishing it')
                  FROM processing_timeline WHERE job_id = ? AND status IN ('pending', 'running')""")) {
            close.setObject(1, jobUuid);
            close.executeQuery().close();
        }
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
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + WORKING)) {
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
                    UPDATE jobs SET status = ?::job_status WHERE job_id = ? AND lease_owner = ? AND status IN""" + WORKING)) {
                update.setString(1, status.databaseName());
                update.setString(2, jobId);
                update.setString(3, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** What fetching and probing found of each source: the element's file, size, length and picture size. */
    public void recordSources(UUID jobUuid, List<SourceReport> sources) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE elements SET downloaded = true, source_filename = ?, source_size_bytes = ?,
                        source_duration_seconds = ?, source_width = ?, source_height = ?, error_message = NULL
                     WHERE job_id = ? AND element_key = ?""")) {
                for (SourceReport source : sources) {
                    int i = 1;
                    update.setString(i++, truncate(source.fileName(), 255));
                    update.setLong(i++, source.sizeBytes());
                    setDouble(update, i++, source.duration().isPresent() ? source.duration().getAsDouble() : null);
                    setPositive(update, i++, source.width());
                    setPositive(update, i++, source.height());
                    update.setObject(i++, jobUuid);
                    update.setString(i, source.elementId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    /** Why the element at {@code elementOrder} (its index in the request) kept the job from rendering. */
    public void recordElementError(UUID jobUuid, int elementOrder, String message) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE elements SET error_message = ? WHERE job_id = ? AND element_order = ?")) {
                update.setString(1, truncate(message, 2000));
                update.setObject(2, jobUuid);
                update.setInt(3, elementOrder);
                return update.executeUpdate();
            }
        });
    }

    /** The facts a successful render adds to a job before its upload: its length and each element's span. */
    public void recordRender(UUID jobUuid, double durationSeconds, Timeline timeline) {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE jobs SET duration_seconds = ? WHERE id = ?")) {
                update.setDouble(1, durationSeconds);
                update.setObject(2, jobUuid);
                update.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE elements SET processed = true, start_time = ?, end_time = ?
                     WHERE job_id = ? AND element_key = ?""")) {
                for (TimedElement element : timeline.elements()) {
                    update.setDouble(1, element.start());
                    update.setDouble(2, element.end());
                    update.setObject(3, jobUuid);
                    update.setString(4, element.element().id());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    private static void setPositive(PreparedStatement statement, int index, int value) throws SQLException {
        if (value > 0) {
            statement.setInt(index, value);
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    /** Completes a job this worker holds. False when it was cancelled or taken over meanwhile. */
    public boolean complete(String jobId, String worker, String bucket, String key, String region, String resultUrl,
                            long sizeBytes, boolean quickResponse) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'completed', s3_bucket = ?, s3_key = ?, s3_region = ?, result_url = ?,
                        file_size_bytes = ?, upload_completed_at = now(), is_quick_response = ?, current_step = 'cleanup',
                        lease_owner = NULL, lease_until = NULL, error_code = NULL, error_message = NULL
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + WORKING)) {
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
                update.setString(2, truncate(message, 2000));
                update.setString(3, detailsJson);
                update.setString(4, jobId);
                if (worker != null) {
                    update.setString(5, worker);
                }
                return update.executeUpdate() == 1;
            }
        });
    }

    /** Hands a job this worker holds back to the queue (a retry, or an inline render that ran out of time). */
    public boolean release(String jobId, String worker, String lastErrorCode, String lastErrorMessage) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE jobs SET status = 'pending', lease_owner = NULL, lease_until = NULL, response_type = 'async',
                        error_details = CASE WHEN ?::text IS NULL THEN error_details
                            ELSE jsonb_build_object('last_error_code', ?::text, 'last_error_message', ?::text) END
                     WHERE job_id = ? AND lease_owner = ? AND status IN""" + WORKING)) {
                update.setString(1, lastErrorCode);
                update.setString(2, lastErrorCode);
                update.setString(3, truncate(lastErrorMessage, 2000));
                update.setString(4, jobId);
                update.setString(5, worker);
                return update.executeUpdate() == 1;
            }
        });
    }

    /** What cancelling found. */
    public enum CancelOutcome { CANCELLED, ALREADY_ENDED, NOT_FOUND }

    /** Cancels a job that has not ended; a job owned by someone else is reported as not found. */
    public CancelOutcome cancel(String jobId, String owner, boolean anyOwner) {
        return database.inTransaction(connection -> {
            Optional<JobRecord> job = find(connection, jobId);
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

    /** Opens a running timeline entry for {@code step} and makes it the job's current step. */
    public UUID openStep(UUID jobUuid, String step, String detailsJson) {
        return database.withConnection(connection -> openStep(connection, jobUuid, step, detailsJson));
    }

    private static UUID openStep(Connection connection, UUID jobUuid, String step, String detailsJson)
            throws SQLException {
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

    private static void closeStep(Connection connection, UUID entry, boolean success, String outputJson, String error)
            throws SQLException {
        try (PreparedStatement call = connection.prepareStatement(
                "SELECT complete_timeline_entry(?, ?, ?::jsonb, ?)")) {
            call.setObject(1, entry);
            call.setBoolean(2, success);
            call.setString(3, outputJson);
            call.setString(4, error == null ? null : truncate(error, 2000));
            call.executeQuery().close();
        }
    }

    /** Records the start of an S3 call. */
    public UUID openStorageOperation(UUID jobUuid, String operation, String bucket, String key, String region) {
        return database.withConnection(connection -> {
            try (PreparedStatement call = connection.prepareStatement(
                    "SELECT create_storage_operation(?, ?::storage_operation, ?, ?, ?)")) {
                call.setObject(1, jobUuid);
                call.setString(2, operation);
                call.setString(3, bucket);
                call.setString(4, key);
                call.setString(5, region);
                try (ResultSet rows = call.executeQuery()) {
                    rows.next();
                    return rows.getObject(1, UUID.class);
                }
            }
        });
    }

    /** Records the outcome of an S3 call. */
    public void closeStorageOperation(UUID operation, boolean success, Long sizeBytes, String resultUrl,
                                      String requestId, String etag, String error) {
        database.withConnection(connection -> {
            try (PreparedStatement call = connection.prepareStatement(
                    "SELECT complete_storage_operation(?, ?, ?, ?, ?, ?, ?)")) {
                call.setObject(1, operation);
                call.setBoolean(2, success);
                if (sizeBytes == null) {
                    call.setNull(3, Types.BIGINT);
                } else {
                    call.setLong(3, sizeBytes);
                }
                call.setString(4, resultUrl);
                call.setString(5, requestId);
                call.setString(6, etag);
                call.setString(7, error == null ? null : truncate(error, 2000));
                call.executeQuery().close();
            }
            return null;
        });
    }

    /** Appends one measurement to {@code system_metrics}. */
    public void recordMetric(String name, String type, double value, String unit, String labelsJson) {
        database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO system_metrics (metric_name, metric_type, value, unit, labels)
                    VALUES (?, ?, ?, ?, ?::jsonb)""")) {
                insert.setString(1, name);
                insert.setString(2, type);
                insert.setDouble(3, value);
                insert.setString(4, unit);
                insert.setString(5, labelsJson);
                insert.executeUpdate();
            }
            return null;
        });
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
                     WHERE status IN""" + WORKING)) {
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
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + """
                     FROM jobs WHERE status IN ('timeout', 'expired') AND updated_at >= ?
                      AND callback_url IS NOT NULL ORDER BY updated_at
                    """)) {
                select.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ended.add(read(rows));
                    }
                }
            }
            return ended;
        });
    }

    /** Ids of jobs that have not ended, oldest first. */
    public List<String> unfinishedJobIds() {
        return database.withConnection(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT job_id FROM jobs
                     WHERE status IN ('pending','downloading','processing','uploading','storing')
                     ORDER BY created_at""");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        });
    }

    /** The most recent finished jobs with their resolved length and element mix, for the estimator. */
    public List<dev.videogen.jobs.Estimator.Sample> calibrationSamples(int limit) {
        return database.withConnection(connection -> {
            List<dev.videogen.jobs.Estimator.Sample> samples = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT j.duration_seconds, j.width, j.height, j.output_format,
                           count(*) FILTER (WHERE e.type = 'video'),
                           count(*) FILTER (WHERE e.type IN ('image', 'text', 'overlay')),
                           count(*) FILTER (WHERE e.type <> 'text'),
                           j.actual_processing_seconds
                      FROM jobs j JOIN elements e ON e.job_id = j.id
                     WHERE j.status IN ('completed', 'expired') AND j.actual_processing_seconds > 0
                       AND j.duration_seconds IS NOT NULL
                     GROUP BY j.id
                     ORDER BY j.completed_at DESC
                     LIMIT ?""")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        samples.add(new dev.videogen.jobs.Estimator.Sample(rows.getDouble(1), rows.getInt(2),
                                rows.getInt(3), rows.getString(4), rows.getInt(5), rows.getInt(6), rows.getInt(7),
                                rows.getDouble(8)));
                    }
                }
            }
            return samples;
        });
    }

    private static JobRecord read(ResultSet rows) throws SQLException {
        int i = 1;
        return new JobRecord(
                rows.getObject(i++, UUID.class),
                rows.getString(i++),
                rows.getString(i++),
                JobStatus.fromDatabase(rows.getString(i++)),
                rows.getString(i++),
                rows.getBoolean(i++),
                rows.getString(i++),
                rows.getInt(i++),
                rows.getInt(i++),
                doubleOrNull(rows, i++),
                rows.getString(i++),
                rows.getString(i++),
                intOrNull(rows, i++),
                doubleOrNull(rows, i++),
                rows.getInt(i++),
                rows.getString(i++),
                rows.getString(i++),
                rows.getString(i++),
                rows.getString(i++),
                rows.getString(i++),
                longOrNull(rows, i++),
                rows.getString(i++),
                rows.getString(i++),
                rows.getString(i++),
                rows.getInt(i++),
                rows.getString(i++),
                instant(rows, i++),
                rows.getString(i++),
                instant(rows, i++),
                instant(rows, i++),
                instant(rows, i));
    }

    private static Double doubleOrNull(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static Integer intOrNull(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    private static Long longOrNull(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NUMERIC);
        } else {
            statement.setDouble(index, value);
        }
    }

    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max);
    }
}
