package dev.videogen.jobs.ports;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The bucket that holds rendered videos (and, for {@code s3://} sources, the service's own inputs).
 * One real implementation speaks the S3 protocol; tests run it against an in-process S3 server.
 */
public interface ObjectStore {

    /** The bucket results are written to. */
    String bucket();

    /** The region recorded with every stored object. */
    String region();

    /** Uploads a local file under {@code key} with the given content type. */
    StoredObject put(String key, Path file, String contentType);

    /**
     * Downloads {@code bucket}/{@code key} to {@code target}, refusing objects larger than {@code maxBytes}.
     * Returns the number of bytes written.
     */
    long download(String bucket, String key, Path target, long maxBytes);

    /** A time-limited GET URL for {@code key} in the results bucket. */
    String presignedGetUrl(String key, Duration ttl);

    /**
     * A time-limited PUT URL for {@code key} in the service's bucket that signs the content type and length: S3 refuses
     * a PUT to it with another key, another {@code Content-Type} or another {@code Content-Length}.
     */
    String presignedPutUrl(String key, String contentType, long sizeBytes, Duration ttl);

    /**
     * As {@link #presignedPutUrl(String, String, long, Duration)}, also signing the object's tags ({@code tagging}, in
     * the {@code x-amz-tagging} form {@code key=value&…}): the PUT must send them as that header, so the object is
     * created with them.
     */
    String presignedPutUrl(String key, String contentType, long sizeBytes, String tagging, Duration ttl);

    /** Replaces the tags of {@code key} in the service's bucket (what bucket lifecycle rules select on). */
    void replaceTags(String key, Map<String, String> tags);

    /** The tags of {@code key} in the service's bucket. */
    Map<String, String> tags(String key);

    /** Whether {@code key} exists in the results bucket. */
    boolean exists(String key);

    /** Deletes {@code key} from the results bucket; deleting a missing key is not an error. */
    void delete(String key);

    /** Throws {@link StorageException} when the bucket cannot be reached. */
    void checkAvailable();
}
