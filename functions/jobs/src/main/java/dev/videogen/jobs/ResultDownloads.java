package dev.videogen.jobs;

import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.ports.ObjectStore;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;

/**
 * Result downloads ({@code GET /v1/videoresult/{job_id}/download}): a URL of the result signed at the moment of
 * asking, so a link to the route works for as long as the result exists, and a row in {@code url_access_logs} for
 * every answer the route gives.
 */
public final class ResultDownloads {

    /** How long a signed URL handed out by a redirect stays valid: the client follows it at once. */
    public static final Duration SIGNED_URL_LIFETIME = Duration.ofMinutes(5);

    private final Database database;
    private final ObjectStore store;

    public ResultDownloads(Database database, ObjectStore store) {
        this.database = database;
        this.store = store;
    }

    /** A freshly signed URL of {@code job}'s result. */
    public String signedUrl(JobRecord job) {
        return store.presignedGetUrl(job.s3Key(), SIGNED_URL_LIFETIME);
    }

    /**
     * One answer of the route.
     *
     * @param jobId      the job asked for, as given
     * @param url        what was handed out (a signed URL, stored without its query), or the route's path
     * @param status     the HTTP status answered
     * @param bytes      the result's size when it was handed out, else {@code null}
     */
    public record Access(String jobId, String url, String clientIp, String userAgent, String referer, int status,
                         Long bytes, long elapsedMillis) {
    }

    /** Writes {@code access} to {@code url_access_logs}. */
    public void record(Access access) {
        database.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "SELECT record_url_access(?, ?, 'download', ?::inet, ?, ?, ?, ?, ?)")) {
                insert.setString(1, access.jobId());
                insert.setString(2, access.url());
                insert.setString(3, inetOrNull(access.clientIp()));
                insert.setString(4, withoutNul(access.userAgent()));
                insert.setString(5, withoutNul(access.referer()));
                insert.setInt(6, access.status());
                if (access.bytes() == null) {
                    insert.setNull(7, Types.BIGINT);
                } else {
                    insert.setLong(7, access.bytes());
                }
                insert.setInt(8, (int) Math.min(Integer.MAX_VALUE, Math.max(0, access.elapsedMillis())));
                insert.execute();
                return null;
            }
        });
    }

    /** The address as PostgreSQL's inet reads it, or {@code null} when it is not one (never a failed insert). */
    private static String inetOrNull(String ip) {
        if (ip == null || !ip.matches("[0-9a-fA-F:.]{2,45}")) {
            return null;
        }
        return ip;
    }

    private static String withoutNul(String value) {
        return value == null ? null : value.replace("\0", "");
    }
}
