package dev.videogen.jobs.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.UUID;

/** The record of every S3 call made for a job ({@code storage_operations}): opened before the call, closed after. */
public final class StorageOperationLog {

    private final Database database;

    public StorageOperationLog(Database database) {
        this.database = database;
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
                call.setString(7, error == null ? null : JobRows.truncate(error, 2000));
                call.executeQuery().close();
            }
            return null;
        });
    }
}
