package dev.videogen.jobs.sources;

import dev.videogen.engine.Redaction;
import dev.videogen.engine.media.FetchedSource;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetchException.Reason;
import dev.videogen.engine.media.SourceFetcher;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.uploads.UploadTags;
import java.net.URI;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's fetcher: http(s) URLs through the {@link SafeHttpClient}, {@code s3://bucket/key} of the service's
 * own bucket through its object store; anything else is refused. FFmpeg never sees a URL.
 */
public final class ServiceSourceFetcher implements SourceFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSourceFetcher.class);

    /** The pauses before the second and third tries of a download whose server was unreachable or answered 5xx. */
    public static final List<Duration> OUTAGE_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofMillis(1500));

    private final SafeHttpClient http;
    private final ObjectStore store;

    public ServiceSourceFetcher(SafeHttpClient http, ObjectStore store) {
        this.http = http;
        this.store = store;
    }

    @Override
    public FetchedSource fetch(String source, Path target, long maxBytes) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            return fromStore(source, target, maxBytes);
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            long size = downloadRetryingOutages(source, target, maxBytes);
            return new FetchedSource(target, size, lastSegment(URI.create(source).getPath()));
        }
        throw new SourceFetchException(Reason.REFUSED, "only http(s) URLs and s3:// objects are fetched");
    }

    /**
     * Downloads over http(s), trying again after a pause when the server was unreachable or answered 5xx: a source
     * host that blips costs a second, not a queue round trip. Anything else fails at once. (S3 reads are retried by
     * the SDK.)
     */
    private long downloadRetryingOutages(String source, Path target, long maxBytes) {
        boolean everyTryRefused = true;
        long started = System.nanoTime();
        for (int attempt = 0; ; attempt++) {
            try {
                return http.download(source, target, maxBytes);
            } catch (SourceFetchException e) {
                everyTryRefused &= e.reason() == Reason.UNAVAILABLE && e.getCause() instanceof ConnectException;
                if (e.reason() == Reason.UNAVAILABLE && attempt >= OUTAGE_BACKOFF.size() && everyTryRefused) {
                    // a host that refused every connection within seconds is not serving this source: another
                    // attempt of the job minutes later is not worth its wait
                    throw new SourceFetchException(Reason.HTTP_ERROR, "the host of " + Redaction.url(source)
                            + " refused the connection " + (attempt + 1) + " times in "
                            + Math.max(1, (System.nanoTime() - started) / 1_000_000_000L) + " s; not tried again", e);
                }
                if (e.reason() != Reason.UNAVAILABLE || attempt >= OUTAGE_BACKOFF.size()) {
                    throw e;
                }
                try {
                    Thread.sleep(OUTAGE_BACKOFF.get(attempt).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private FetchedSource fromStore(String source, Path target, long maxBytes) {
        StoreObject object = StoreObject.parse(source).orElseThrow(() -> new SourceFetchException(Reason.REFUSED,
                "not an s3://bucket/key URI: " + Redaction.url(source)));
        String bucket = object.bucket();
        String key = object.key();
        if (!bucket.equals(store.bucket())) {
            throw new SourceFetchException(Reason.REFUSED, "only objects of the service's own bucket are read, not "
                    + "of " + bucket);
        }
        try {
            long size = store.download(bucket, key, target, maxBytes);
            if (key.startsWith(InputPrefixes.INPUTS)) {
                markUsed(key);
            }
            return new FetchedSource(target, size, lastSegment(key));
        } catch (StorageException e) {
            throw new SourceFetchException(switch (e.kind()) {
                case TOO_LARGE -> Reason.TOO_LARGE;
                case UNAVAILABLE -> Reason.UNAVAILABLE;
                case ACCESS_DENIED, BUCKET_NOT_FOUND, NOT_FOUND, FAILED -> Reason.HTTP_ERROR;
            }, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * An input that was read is kept: its {@link UploadTags tag} no longer matches the lifecycle rule that expires
     * unused uploads. A failure here only costs the file's keep, never the render.
     */
    private void markUsed(String key) {
        try {
            store.replaceTags(key, UploadTags.used());
        } catch (StorageException | UnsupportedOperationException e) {
            LOG.warn("input {} was read but could not be tagged as used: {}", key, e.getMessage());
        }
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return "";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
