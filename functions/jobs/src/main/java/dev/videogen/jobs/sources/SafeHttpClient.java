package dev.videogen.jobs.sources;

import dev.videogen.engine.Redaction;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP for URLs that strangers send: http and https only; every host resolved once and connected to only when all
 * its addresses pass the {@link NetworkPolicy} (the checked addresses are the ones used); redirects followed by hand,
 * each hop checked again, at most five; bodies counted while they stream, whatever Content-Length says; connect, read
 * and total time limits.
 */
public final class SafeHttpClient implements AutoCloseable {

    private static final int MAX_REDIRECTS = 5;
    /** Cancels requests still running at their deadline, however slowly their bytes arrive. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-deadline-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final NetworkPolicy policy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration totalLimit;
    /** Built on first use: an api function answering async creates never downloads, and starts faster without it. */
    private CloseableHttpClient client;
    private boolean closed;

    public SafeHttpClient(NetworkPolicy policy, Duration connectTimeout, Duration readTimeout, Duration totalLimit) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.totalLimit = totalLimit;
    }

    /** The HTTP client, built on the first request (Apache HttpClient takes a few hundred ms to load). */
    private synchronized CloseableHttpClient client() {
        if (closed) {
            throw new IllegalStateException("the source client is closed");
        }
        if (client == null) {
            client = build();
        }
        return client;
    }

    private CloseableHttpClient build() {
        DnsResolver checkedResolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return policy.resolveAllowed(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return policy.resolveAllowed(host)[0].getCanonicalHostName();
            }
        };
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedResolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(readTimeout))
                                .build())
                        .setMaxConnTotal(32)
                        .setMaxConnPerRoute(8)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(readTimeout)).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("videogen/0.1 (+https://github.com/videogen)")
                .build();
    }

    /** Defaults for source downloads: 10 s to connect, 30 s between bytes, 5 minutes in all. */
    public static SafeHttpClient forSources(NetworkPolicy policy) {
        return new SafeHttpClient(policy, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    public NetworkPolicy policy() {
        return policy;
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @return the bytes written
     * @throws SourceFetchException with the reason the download failed; the partial file is removed
     */
    public long download(String url, Path target, long maxBytes) {
        long deadline = System.nanoTime() + totalLimit.toNanos();
        URI current = checkedUri(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            URI requested = current;
            try {
                HttpGet get = new HttpGet(requested);
                ScheduledFuture<?> watchdog = WATCHDOG.schedule(get::cancel, Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                Hop result;
                try {
                    // Closing a response whose body was not read to its end reads the rest of it, to keep the
                    // connection: a body behind a redirect or an error status, or past the cap or the deadline,
                    // could go on for ever. Cancelling the request drops the connection instead.
                    result = client().execute(get, response -> {
                        try {
                            Hop next = follow(response, get, requested, target, maxBytes, deadline);
                            if (next.redirect() != null) {
                                get.cancel();
                            }
                            return next;
                        } catch (IOException | RuntimeException e) {
                            get.cancel();
                            throw e;
                        }
                    });
                } finally {
                    watchdog.cancel(false);
                }
                if (result.redirect() == null) {
                    return result.bytes();
                }
                current = result.redirect();
            } catch (NetworkPolicy.RefusedAddressException e) {
                throw new SourceFetchException(Reason.REFUSED, e.getMessage(), e);
            } catch (UnknownHostException e) {
                throw new SourceFetchException(Reason.HTTP_ERROR, "cannot resolve the host of " + Redaction.url(url), e);
            } catch (InterruptedIOException e) {
                deleteQuietly(target);
                throw new SourceFetchException(Reason.TIMEOUT, "timed out fetching " + Redaction.url(requested.toString()), e);
            } catch (IOException e) {
                deleteQuietly(target);
                if (e.getCause() instanceof SourceFetchException fetch) {
                    throw fetch;
                }
                if (System.nanoTime() - deadline >= 0) {
                    // the watchdog closed the connection under a read
                    throw new SourceFetchException(Reason.TIMEOUT, "fetching " + Redaction.url(requested.toString())
                            + " took longer than " + totalLimit.toSeconds() + " s", e);
                }
                throw new SourceFetchException(Reason.UNAVAILABLE, "cannot fetch " + Redaction.url(requested.toString())
                        + ": " + e.getClass().getSimpleName(), e);
            } catch (SourceFetchException e) {
                deleteQuietly(target);
                throw e;
            }
        }
        throw new SourceFetchException(Reason.REFUSED, "more than " + MAX_REDIRECTS + " redirects from " + Redaction.url(url));
    }

    private record Hop(URI redirect, long bytes) {
    }

    private Hop follow(ClassicHttpResponse response, HttpGet get, URI requested, Path target, long maxBytes,
                       long deadline) throws IOException {
        int status = response.getCode();
        if (status >= 300 && status < 400 && status != 304) {
            Header location = response.getFirstHeader("Location");
            if (location == null) {
                throw new SourceFetchException(Reason.HTTP_ERROR, "redirect without a Location from "
                        + Redaction.url(requested.toString()));
            }
            try {
                return new Hop(checkedUri(requested.resolve(new URI(location.getValue().trim())).toString()), 0);
            } catch (URISyntaxException e) {
                throw new SourceFetchException(Reason.HTTP_ERROR, "redirect to an invalid URL from "
                        + Redaction.url(requested.toString()));
            }
        }
        if (status >= 500) {
            throw new SourceFetchException(Reason.UNAVAILABLE, "the server answered " + status + " for "
                    + Redaction.url(requested.toString()));
        }
        if (status != 200) {
            throw new SourceFetchException(Reason.HTTP_ERROR, "the server answered " + status + " for "
                    + Redaction.url(requested.toString()));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw new SourceFetchException(Reason.HTTP_ERROR, "empty response from " + Redaction.url(requested.toString()));
        }
        try (InputStream in = entity.getContent(); OutputStream out = Files.newOutputStream(target)) {
            try {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                int read;
                while ((read = in.read(buffer)) != -1) {
                    total += read;
                    if (total > maxBytes) {
                        throw new SourceFetchException(Reason.TOO_LARGE, Redaction.url(requested.toString())
                                + " is larger than the limit of " + maxBytes + " bytes");
                    }
                    if (System.nanoTime() > deadline) {
                        throw new SourceFetchException(Reason.TIMEOUT, "fetching "
                                + Redaction.url(requested.toString()) + " took longer than " + totalLimit.toSeconds()
                                + " s");
                    }
                    try {
                        out.write(buffer, 0, read);
                    } catch (IOException e) {
                        if (String.valueOf(e.getMessage()).contains("No space left")) {
                            throw new SourceFetchException(Reason.DISK_FULL, "no space left on the render disk", e);
                        }
                        throw e;
                    }
                }
                return new Hop(null, total);
            } catch (IOException | RuntimeException e) {
                get.cancel(); // before the stream is closed (see download)
                throw e;
            }
        }
    }

    /**
     * POSTs {@code body} as JSON. Returns the status code; redirects are not followed (a webhook that redirects has
     * not accepted the event).
     *
     * @throws SourceFetchException when the address is refused or the call fails
     */
    public int postJson(String url, String body, Map<String, String> headers) {
        URI uri = checkedUri(url);
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(post::cancel, totalLimit.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return client().execute(post, response -> {
                int status = response.getCode();
                post.cancel(); // the reply's body is not wanted, and reading it could take for ever
                return status;
            });
        } catch (NetworkPolicy.RefusedAddressException e) {
            throw new SourceFetchException(Reason.REFUSED, e.getMessage(), e);
        } catch (InterruptedIOException e) {
            throw new SourceFetchException(Reason.TIMEOUT, "timed out calling " + Redaction.url(url), e);
        } catch (IOException e) {
            throw new SourceFetchException(Reason.UNAVAILABLE, "cannot call " + Redaction.url(url) + ": "
                    + e.getClass().getSimpleName(), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** An http(s) URL with a host and no credentials, or a refusal. */
    static URI checkedUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SourceFetchException(Reason.REFUSED, "not a valid URL: " + Redaction.url(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SourceFetchException(Reason.REFUSED, "only http and https URLs are fetched, not " + scheme + ":");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new SourceFetchException(Reason.REFUSED, "URL without a host: " + Redaction.url(url));
        }
        if (uri.getRawUserInfo() != null) {
            throw new SourceFetchException(Reason.REFUSED, "URLs carrying credentials are not fetched");
        }
        return uri;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the render directory is removed as a whole afterwards
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
