package dev.videogen.jobs.uploads;

import java.time.Instant;

/**
 * What a caller needs to upload one file: where to PUT it and with which headers, until when, and the source that
 * names it afterwards.
 *
 * @param uploadUrl   the presigned PUT URL
 * @param source      the {@code s3://bucket/inputs/<owner>/<id>/<name>} a request names the file by
 * @param expiresAt   when the URL stops working
 * @param contentType the {@code Content-Type} the PUT must send
 * @param sizeBytes   the {@code Content-Length} the PUT must send
 * @param tagging     the {@code x-amz-tagging} the PUT must send (see {@link UploadTags})
 */
public record UploadGrant(String uploadUrl, String source, Instant expiresAt, String contentType, long sizeBytes,
                          String tagging) {
}
