package dev.videogen.jobs.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys published at a JWKS URL (Supabase's {@code /auth/v1/.well-known/jwks.json}), fetched when first
 * needed and kept for {@code maxAge}. A token naming a key id that is not in the cached set triggers one new fetch
 * (keys rotate), but at most once per {@code minRefetchInterval}, so a stream of tokens with made-up key ids cannot
 * turn the service into a flood of requests to the issuer. When a refresh fails, the keys already held are kept.
 *
 * <p>The URL is the operator's configuration, not a caller's input, so it is fetched with the JDK client directly
 * (no redirects, bounded time and size), not through the SSRF-checked client used for strangers' URLs.
 */
final class JwksKeySet {

    private static final Logger LOG = LoggerFactory.getLogger(JwksKeySet.class);
    /** A JWKS is a few keys; anything much larger is not one. */
    private static final int MAX_BYTES = 256 * 1024;

    private final URI url;
    private final Duration timeout;
    private final long maxAgeNanos;
    private final long minRefetchNanos;

    private HttpClient client;
    private List<JWK> keys;
    private long fetchedAt;
    private long lastAttemptAt;
    private boolean attempted;
    private int fetches;

    /**
     * @param timeout            connect and response limit of one fetch
     * @param maxAge             how long a fetched set is used before it is fetched again
     * @param minRefetchInterval the least time between two fetches caused by unknown key ids
     */
    JwksKeySet(URI url, Duration timeout, Duration maxAge, Duration minRefetchInterval) {
        this.url = url;
        this.timeout = timeout;
        this.maxAgeNanos = maxAge.toNanos();
        this.minRefetchNanos = minRefetchInterval.toNanos();
    }

    /** Defaults for the service: 5 s per fetch, keys kept 10 minutes, unknown key ids refetch at most every 30 s. */
    static JwksKeySet forUrl(String url) {
        return new JwksKeySet(URI.create(url), Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    /**
     * The public keys that {@code matches} selects, refreshing the set when it is old or when nothing matches.
     *
     * @throws KeysUnavailableException when no key set could ever be fetched
     */
    synchronized List<JWK> find(Predicate<JWK> matches) {
        long now = System.nanoTime();
        boolean refreshed = false;
        if (keys == null || now - fetchedAt > maxAgeNanos) {
            refreshed = refresh(now);
        }
        if (keys == null) {
            throw new KeysUnavailableException("the token signing keys cannot be fetched from " + url);
        }
        List<JWK> found = keys.stream().filter(matches).toList();
        if (found.isEmpty() && !refreshed && refresh(now)) {
            found = keys.stream().filter(matches).toList();
        }
        return found;
    }

    /** How many times the set was fetched (successfully or not): what the rate limit is about. */
    synchronized int fetchCount() {
        return fetches;
    }

    /** Fetches the set unless the last attempt was too recent; returns whether a new set was fetched. */
    private boolean refresh(long now) {
        if (attempted && now - lastAttemptAt < minRefetchNanos) {
            return false;
        }
        attempted = true;
        lastAttemptAt = now;
        fetches++;
        try {
            keys = fetch().toPublicJWKSet().getKeys();
            fetchedAt = now;
            return true;
        } catch (IOException | ParseException e) {
            LOG.warn("cannot fetch the JWKS from {}: {}{}{}", url, e.getClass().getSimpleName(),
                    e.getMessage() == null ? "" : " " + e.getMessage(),
                    keys == null ? "" : "; the keys fetched before are kept");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("fetching the JWKS from {} was interrupted", url);
        }
        return false;
    }

    private JWKSet fetch() throws IOException, InterruptedException, ParseException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("status " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new IOException("larger than " + MAX_BYTES + " bytes");
            }
            return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    /** Made on first use: a Lambda snapshot should hold no client threads. */
    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return client;
    }

    /** No key set has been fetched, so no token signed with a published key can be checked. */
    static final class KeysUnavailableException extends RuntimeException {
        KeysUnavailableException(String message) {
            super(message);
        }
    }
}
