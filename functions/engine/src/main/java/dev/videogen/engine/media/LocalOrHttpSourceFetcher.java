package dev.videogen.engine.media;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The command line's fetcher: local paths (relative to the request file's directory) and {@code file:} URIs are
 * linked (or copied), http(s) URLs are downloaded by Java with a size cap. It applies no network policy: the command line renders
 * what its user points it at.
 */
public final class LocalOrHttpSourceFetcher implements SourceFetcher {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

    private final Path baseDirectory;
    private final HttpClient http;

    public LocalOrHttpSourceFetcher(Path baseDirectory) {
        this.baseDirectory = baseDirectory;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public FetchedSource fetch(String source, Path target, long maxBytes) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return download(URI.create(source), target, maxBytes);
        }
        if (lower.startsWith("s3://")) {
            throw new SourceFetchException(SourceFetchException.Reason.REFUSED,
                    "s3:// sources are read by the service, not by the command line; use a local path or an https URL");
        }
        Path file = lower.startsWith("file:") ? Path.of(URI.create(source)) : baseDirectory.resolve(source);
        try {
            // a hard link costs nothing, however large the file; copying is the fallback across filesystems
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new SourceFetchException(SourceFetchException.Reason.TOO_LARGE,
                        source + " is larger than the limit of " + maxBytes + " bytes");
            }
            Files.createLink(target, file.toRealPath());
            return new FetchedSource(target, size, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new SourceFetchException(SourceFetchException.Reason.HTTP_ERROR, "no such file: " + file, e);
        } catch (IOException | UnsupportedOperationException e) {
            // not linkable here: copy below
        }
        try (InputStream in = Files.newInputStream(file)) {
            long size = CappedCopy.copy(in, target, maxBytes, source);
            return new FetchedSource(target, size, file.getFileName().toString());
        } catch (NoSuchFileException e) {
            throw new SourceFetchException(SourceFetchException.Reason.HTTP_ERROR, "no such file: " + file, e);
        } catch (IOException e) {
            throw new SourceFetchException(SourceFetchException.Reason.UNAVAILABLE,
                    "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private FetchedSource download(URI uri, Path target, long maxBytes) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 500) {
                    throw new SourceFetchException(SourceFetchException.Reason.UNAVAILABLE,
                            "the server answered " + status + " for " + uri);
                }
                if (status >= 300) {
                    throw new SourceFetchException(SourceFetchException.Reason.HTTP_ERROR,
                            "the server answered " + status + " for " + uri);
                }
                long size = CappedCopy.copy(body, target, maxBytes, uri.toString());
                String path = uri.getPath() == null ? "" : uri.getPath();
                return new FetchedSource(target, size, path.substring(path.lastIndexOf('/') + 1));
            }
        } catch (HttpTimeoutException e) {
            throw new SourceFetchException(SourceFetchException.Reason.TIMEOUT, "timed out downloading " + uri, e);
        } catch (IOException e) {
            throw new SourceFetchException(SourceFetchException.Reason.UNAVAILABLE,
                    "cannot download " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFetchException(SourceFetchException.Reason.UNAVAILABLE, "interrupted downloading " + uri, e);
        }
    }
}
