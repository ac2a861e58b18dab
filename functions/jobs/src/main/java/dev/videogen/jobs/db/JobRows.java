package dev.videogen.jobs.db;

import dev.videogen.jobs.JobStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** How a row of {@code jobs} is selected and read into a {@link JobRecord}, shared by the stores of this package. */
final class JobRows {

    /** The statuses of a job some worker is working on. */
    static final String WORKING = "('downloading','processing','uploading','storing')";
    /** The statuses of a job that has not ended. */
    static final String UNFINISHED = "('pending','downloading','processing','uploading','storing')";
    static final String COLUMNS = """
            id, job_id, owner, status::text, response_type::text, is_quick_response, output_format, width, height,
            duration_seconds, request_payload::text, callback_url, estimated_processing_seconds,
            actual_processing_seconds, progress_percentage, current_step::text, s3_bucket, s3_key, s3_region,
            result_url, file_size_bytes, error_code, error_message, error_details::text, retry_count, lease_owner,
            lease_until, request_hash, created_at, started_at, completed_at, max_retries, next_attempt_at,
            last_error_code, last_error_message, processing_timeout_at, thumbnail_key""";

    private JobRows() {
    }

    static Optional<JobRecord> find(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE job_id = ?")) {
            select.setString(1, jobId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(read(rows)) : Optional.empty();
            }
        }
    }

    static JobRecord read(ResultSet rows) throws SQLException {
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
                instant(rows, i++),
                new JobRecord.RetryState(rows.getInt(i++) + 1, instant(rows, i++), rows.getString(i++), rows.getString(i++),
                        instant(rows, i++)),
                rows.getString(i));
    }

    static Double doubleOrNull(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    static Integer intOrNull(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? null : value;
    }

    static Long longOrNull(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    static void setDouble(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NUMERIC);
        } else {
            statement.setDouble(index, value);
        }
    }

    static void setPositive(PreparedStatement statement, int index, int value) throws SQLException {
        if (value > 0) {
            statement.setInt(index, value);
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, max);
    }
}
