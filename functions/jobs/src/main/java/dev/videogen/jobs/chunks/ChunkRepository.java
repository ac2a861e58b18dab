package dev.videogen.jobs.chunks;

import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.jobs.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * The {@code render_chunks} rows of chunked jobs, and the job-row changes that go with them: handing a job over to its
 * pieces, the job's progress as frames rendered over all frames, and taking the job back for the stitch.
 */
public final class ChunkRepository {

    /**
     * The lease owner of a job whose pieces are out on the queue: no single worker holds it, and a redelivered job
     * message must not plan it again. The lease lasts until the job's deadline (the sweeper ends it then).
     */
    public static final String PIECES_HOLD_THE_JOB = "chunks";

    private static final String COLUMNS = "c.id, c.job_id, j.job_id AS public_id, c.kind::text AS kind, c.chunk_index, "
            + "c.start_frame, c.end_frame, c.status::text AS status, c.attempt, c.s3_key, c.frames_rendered";

    /** One piece of a chunked job. {@code startFrame} and {@code endFrame} are -1 for the sound. */
    public record Piece(UUID id, UUID jobUuid, String jobId, boolean sound, int index, long startFrame, long endFrame,
                        String status, int attempt, String s3Key, long framesRendered) {

        public FrameRange range() {
            return new FrameRange(index, startFrame, endFrame);
        }
    }

    private final Database database;

    public ChunkRepository(Database database) {
        this.database = database;
    }

    /**
     * Writes the pieces of a job this worker holds (one per range, and the sound when {@code sound}) and hands the job
     * over to them; a repeat (a redelivered message) keeps the rows already there. False when the worker no longer
     * held the job: nothing was handed over.
     */
    public boolean handOver(UUID jobUuid, String jobId, String worker, List<FrameRange> ranges, boolean sound) {
        return database.inTransaction(connection -> {
            try (PreparedStatement hand = connection.prepareStatement("""
                    UPDATE jobs SET lease_owner = ?, lease_until = greatest(processing_timeout_at, now()),
                        current_step = 'encoding'
                     WHERE job_id = ? AND lease_owner = ? AND status = 'processing'""")) {
                hand.setString(1, PIECES_HOLD_THE_JOB);
                hand.setString(2, jobId);
                hand.setString(3, worker);
                if (hand.executeUpdate() != 1) {
                    return false;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO render_chunks (job_id, kind, chunk_index, start_frame, end_frame)
                    VALUES (?, ?::chunk_kind, ?, ?, ?) ON CONFLICT (job_id, chunk_index) DO NOTHING""")) {
                for (FrameRange range : ranges) {
                    insert.setObject(1, jobUuid);
                    insert.setString(2, "segment");
                    insert.setInt(3, range.index());
                    insert.setLong(4, range.startFrame());
                    insert.setLong(5, range.endFrame());
                    insert.addBatch();
                }
                if (sound) {
                    insert.setObject(1, jobUuid);
                    insert.setString(2, "sound");
                    insert.setInt(3, ranges.size());
                    insert.setNull(4, java.sql.Types.BIGINT);
                    insert.setNull(5, java.sql.Types.BIGINT);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return true;
        });
    }

    public Optional<Piece> find(String jobId, int index) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM render_chunks c JOIN jobs j ON j.id = c.job_id WHERE j.job_id = ? AND c.chunk_index = ?")) {
                select.setString(1, jobId);
                select.setInt(2, index);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(read(rows)) : Optional.empty();
                }
            }
        });
    }

    public List<Piece> pieces(UUID jobUuid) {
        return database.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM render_chunks c JOIN jobs j ON j.id = c.job_id WHERE c.job_id = ? ORDER BY c.chunk_index")) {
                select.setObject(1, jobUuid);
                List<Piece> pieces = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        pieces.add(read(rows));
                    }
                }
                return pieces;
            }
        });
    }

    /** Claims a piece with a lease (see {@code claim_render_chunk}); the attempt number, or empty. */
    public OptionalInt claim(UUID pieceId, String worker, Duration lease) {
        return database.withConnection(connection -> {
            try (PreparedStatement claim = connection.prepareStatement("SELECT claim_render_chunk(?, ?, ?)")) {
                claim.setObject(1, pieceId);
                claim.setString(2, worker);
                claim.setInt(3, (int) Math.max(1, lease.toSeconds()));
                try (ResultSet rows = claim.executeQuery()) {
                    rows.next();
                    int attempt = rows.getInt(1);
                    return rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(attempt);
                }
            }
        });
    }

    /**
     * Renews the worker's lease on a piece and records the frames encoded so far (never fewer than before); the job's
     * progress follows. False when the piece is no longer this worker's or its job is no longer processing.
     */
    public boolean renew(UUID pieceId, String worker, long framesRendered, Duration lease) {
        return database.withConnection(connection -> {
            UUID job;
            try (PreparedStatement renew = connection.prepareStatement("""
                    UPDATE render_chunks c SET lease_until = clock_timestamp() + make_interval(secs => ?),
                        frames_rendered = greatest(c.frames_rendered,
                                                   least(?, coalesce(c.end_frame - c.start_frame, 0)))
                      FROM jobs j
                     WHERE c.id = ? AND c.lease_owner = ? AND c.status = 'rendering'
                       AND j.id = c.job_id AND j.status = 'processing'
                    RETURNING c.job_id""")) {
                renew.setDouble(1, lease.toMillis() / 1000.0);
                renew.setLong(2, framesRendered);
                renew.setObject(3, pieceId);
                renew.setString(4, worker);
                try (ResultSet rows = renew.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    job = (UUID) rows.getObject(1);
                }
            }
            updateJobProgress(connection, job);
            return true;
        });
    }

    /**
     * The job's progress: frames rendered over all frames of its segments, as the render's share (0..95) of the bar,
     * never going down.
     */
    private static void updateJobProgress(Connection connection, UUID job) throws SQLException {
        try (PreparedStatement progress = connection.prepareStatement("""
                UPDATE jobs j SET progress_percentage = greatest(j.progress_percentage,
                                                                  floor(95.0 * s.done / s.total)::integer)
                  FROM (SELECT sum(frames_rendered) AS done, sum(end_frame - start_frame) AS total
                          FROM render_chunks WHERE job_id = ? AND kind = 'segment') s
                 WHERE j.id = ? AND j.status = 'processing' AND s.total > 0""")) {
            progress.setObject(1, job);
            progress.setObject(2, job);
            progress.executeUpdate();
        }
    }

    /**
     * Records a piece as rendered and stored under {@code key}; true for exactly one call per job, the one after
     * which every piece is rendered (see {@code finish_render_chunk}).
     */
    public boolean finish(UUID pieceId, String worker, String key, long sizeBytes, long renderMillis) {
        return database.withConnection(connection -> {
            boolean last;
            try (PreparedStatement finish = connection.prepareStatement(
                    "SELECT finish_render_chunk(?, ?, ?, ?, ?)")) {
                finish.setObject(1, pieceId);
                finish.setString(2, worker);
                finish.setString(3, key);
                finish.setLong(4, sizeBytes);
                finish.setInt(5, (int) Math.min(Integer.MAX_VALUE, renderMillis));
                try (ResultSet rows = finish.executeQuery()) {
                    rows.next();
                    last = rows.getBoolean(1);
                }
            }
            try (PreparedStatement job = connection.prepareStatement("SELECT job_id FROM render_chunks WHERE id = ?")) {
                job.setObject(1, pieceId);
                try (ResultSet rows = job.executeQuery()) {
                    if (rows.next()) {
                        updateJobProgress(connection, (UUID) rows.getObject(1));
                    }
                }
            }
            return last;
        });
    }

    /** Hands a piece back to the queue after a passing failure: pending again, its error kept. */
    public void release(UUID pieceId, String worker, String code, String message) {
        end(pieceId, worker, "pending", code, message);
    }

    /** Fails a piece for good. */
    public void fail(UUID pieceId, String worker, String code, String message) {
        end(pieceId, worker, "failed", code, message);
    }

    private void end(UUID pieceId, String worker, String status, String code, String message) {
        database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE render_chunks SET status = ?::chunk_status, lease_owner = NULL, lease_until = NULL,
                        error_code = ?, error_message = ?
                     WHERE id = ? AND lease_owner = ? AND status = 'rendering'""")) {
                update.setString(1, status);
                update.setString(2, code);
                update.setString(3, message);
                update.setObject(4, pieceId);
                update.setString(5, worker);
                return update.executeUpdate();
            }
        });
    }

    /** Marks every piece of the job that has not been rendered as cancelled (the job ended another way). */
    public int cancelUnfinished(UUID jobUuid) {
        return database.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE render_chunks SET status = 'cancelled', lease_owner = NULL, lease_until = NULL
                     WHERE job_id = ? AND status IN ('pending', 'rendering')""")) {
                update.setObject(1, jobUuid);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Takes the job from its pieces (or from a stitcher whose lease lapsed) for the stitch; false when it is not
     * processing or another live stitcher has it.
     */
    public boolean takeForStitch(String jobId, String worker, Duration lease) {
        return database.withConnection(connection -> {
            try (PreparedStatement take = connection.prepareStatement("""
                    UPDATE jobs SET lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                        current_step = 'encoding'
                     WHERE job_id = ? AND status IN ('processing', 'uploading')
                       AND (lease_owner = ? OR lease_owner = ? OR lease_until IS NULL OR lease_until < now())""")) {
                take.setString(1, worker);
                take.setDouble(2, lease.toMillis() / 1000.0);
                take.setString(3, jobId);
                take.setString(4, PIECES_HOLD_THE_JOB);
                take.setString(5, worker);
                return take.executeUpdate() == 1;
            }
        });
    }

    /** Gives a job the stitcher held back to its pieces, so the last piece's redelivered message stitches again. */
    public boolean handBack(String jobId, String worker) {
        return database.withConnection(connection -> {
            try (PreparedStatement hand = connection.prepareStatement("""
                    UPDATE jobs SET status = 'processing', lease_owner = ?,
                        lease_until = greatest(processing_timeout_at, now())
                     WHERE job_id = ? AND lease_owner = ? AND status IN ('processing', 'uploading')""")) {
                hand.setString(1, PIECES_HOLD_THE_JOB);
                hand.setString(2, jobId);
                hand.setString(3, worker);
                return hand.executeUpdate() == 1;
            }
        });
    }

    private static Piece read(ResultSet rows) throws SQLException {
        long start = rows.getLong("start_frame");
        boolean sound = "sound".equals(rows.getString("kind"));
        return new Piece((UUID) rows.getObject("id"), (UUID) rows.getObject("job_id"), rows.getString("public_id"),
                sound, rows.getInt("chunk_index"), sound ? -1 : start, sound ? -1 : rows.getLong("end_frame"),
                rows.getString("status"), rows.getInt("attempt"), rows.getString("s3_key"),
                rows.getLong("frames_rendered"));
    }
}
