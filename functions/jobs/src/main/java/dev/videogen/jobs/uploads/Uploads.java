package dev.videogen.jobs.uploads;

import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.sources.InputPrefixes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Hands a caller a presigned PUT for one file under its own {@code inputs/<owner>/} prefix of the service's bucket
 * (the prefix {@link InputPrefixes} lets that caller name as a source), signed for the declared content type and size
 * and valid for a short time. The {@code s3://} source it returns names the object the PUT creates, so a request can
 * use it as soon as the PUT has succeeded. The PUT also signs the object's {@link UploadTags tag}, by which an upload
 * that no request ever reads expires.
 */
public final class Uploads {

    /** How long a presigned PUT stays valid: long enough for a large file, short enough not to be worth stealing. */
    public static final Duration URL_LIFETIME = Duration.ofMinutes(15);

    private final ObjectStore store;
    private final long maxBytes;
    private final Clock clock;

    /** @param maxBytes the largest source the service fetches; a larger upload could never be used */
    public Uploads(ObjectStore store, long maxBytes, Clock clock) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** The largest size an upload may declare. */
    public long maxBytes() {
        return maxBytes;
    }

    /** A PUT URL for {@code request}'s file, for the caller whose owner id is {@code owner} ({@code null}: anonymous). */
    public UploadGrant grant(String owner, UploadRequest request) {
        String key = InputPrefixes.ownerPrefix(owner) + JobIds.newId("up_") + "/" + request.storedName();
        Instant expires = clock.instant().plus(URL_LIFETIME);
        String url = store.presignedPutUrl(key, request.contentType(), request.sizeBytes(), UploadTags.unusedHeader(),
                URL_LIFETIME);
        return new UploadGrant(url, "s3://" + store.bucket() + "/" + key, expires, request.contentType(),
                request.sizeBytes(), UploadTags.unusedHeader());
    }
}
