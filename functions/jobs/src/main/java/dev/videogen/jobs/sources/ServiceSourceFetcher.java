package dev.videogen.jobs.sources;

import dev.videogen.engine.Redaction;
import dev.videogen.engine.media.FetchedSource;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetchException.Reason;
import dev.videogen.engine.media.SourceFetcher;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.StorageException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The service's fetcher: http(s) URLs through the {@link SafeHttpClient}, {@code s3://bucket/key} of the service's
 * own bucket through its object store; anything else is refused. FFmpeg never sees a URL.
 */
public final class ServiceSourceFetcher implements SourceFetcher {

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
            long size = http.download(source, target, maxBytes);
            return new FetchedSource(target, size, lastSegment(URI.create(source).getPath()));
        }
        throw new SourceFetchException(Reason.REFUSED, "only http(s) URLs and s3:// objects are fetched");
    }

    private FetchedSource fromStore(String source, Path target, long maxBytes) {
        String rest = source.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new SourceFetchException(Reason.REFUSED, "not an s3://bucket/key URI: " + Redaction.url(source));
        }
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        if (!bucket.equals(store.bucket())) {
            throw new SourceFetchException(Reason.REFUSED, "only objects of the service's own bucket are read, not "
                    + "of " + bucket);
        }
        try {
            long size = store.download(bucket, key, target, maxBytes);
            return new FetchedSource(target, size, lastSegment(key));
        } catch (StorageException e) {
            throw new SourceFetchException(switch (e.kind()) {
                case TOO_LARGE -> Reason.TOO_LARGE;
                case UNAVAILABLE -> Reason.UNAVAILABLE;
                case ACCESS_DENIED, BUCKET_NOT_FOUND, NOT_FOUND, FAILED -> Reason.HTTP_ERROR;
            }, "cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    private static String lastSegment(String path) {
        if (path == null) {
            return "";
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
