package dev.videogen.jobs.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Redaction;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a signed event to a job's {@code callback_url} when the job ends, as the contract's Webhooks section says.
 *
 * <p><b>The request.</b> Body {@code {"event": "job.completed" | "job.failed" | "job.timeout" | "job.cancelled" |
 * "job.expired", "job": <the GET /v1/videoresult body>, "metadata": <the request's metadata or null>}}; headers
 * {@code Content-Type: application/json; charset=UTF-8}, {@code X-Videogen-Signature: t=<unix>,v1=<hex>} (see
 * {@link WebhookSignature}), {@code X-Videogen-Event} (the event), {@code X-Videogen-Delivery} (one UUID per event,
 * the same on every retry, so a receiver can drop duplicates) and {@code User-Agent: }{@value #USER_AGENT}. Each
 * attempt is signed afresh with its own timestamp, so a late retry still passes a receiver's replay window.
 *
 * <p><b>Signing is never skipped.</b> A notifier cannot be made without a secret. {@link #signingSecret} picks it:
 * {@code WEBHOOK_SECRET} when set; otherwise, on the local stack only, a random key made for this process (the
 * deliveries are signed, but no receiver can check them: set {@code WEBHOOK_SECRET} to test verification); anywhere
 * else the service refuses to start rather than send unsigned events.
 *
 * <p><b>Where events may go.</b> Only {@code https://} URLs, whose host must resolve to public addresses only (the
 * SSRF rules of sources, enforced by {@link SafeHttpClient} with the service's {@link NetworkPolicy}, on the address
 * actually connected to). Plain {@code http://} is allowed for exactly one case: a loopback host ({@code localhost},
 * {@code 127.x.x.x}, {@code [::1]}) when the policy allows loopback, which only the local stack's may; that lets a
 * developer receive events on their own machine. A refused URL is recorded as one failed attempt and not retried;
 * no request is sent.
 *
 * <p><b>Retries.</b> A non-2xx answer (redirects are not followed) or a network failure is retried with exponential
 * backoff: by default 4 attempts, immediately and after 1, 2 and 4 s. Every attempt becomes a row of
 * {@code webhook_deliveries} (status code or error, duration, success). Delivery runs on the caller's thread (a
 * Lambda is frozen once its handler returns, so nothing may be left running in the background); with a 20 s limit
 * per attempt the worst case is about 90 s.
 *
 * <p>{@link #jobEnded} never throws, and nothing logged carries the secret or a signature.
 */
public final class WebhookNotifier implements JobEndListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final int MAX_ERROR_LENGTH = 1000;

    public static final String EVENT_HEADER = "X-Videogen-Event";
    public static final String DELIVERY_HEADER = "X-Videogen-Delivery";
    public static final String USER_AGENT = "videogen-webhooks/0.1";

    /**
     * How often and how far apart deliveries are tried.
     *
     * @param maxAttempts attempts in all, the first included (at least 1)
     * @param firstDelay  the wait before the second attempt; each later wait doubles
     */
    public record Retries(int maxAttempts, Duration firstDelay) {

        /** 4 attempts: immediately, then after 1 s, 2 s and 4 s. */
        public static final Retries DEFAULT = new Retries(4, Duration.ofSeconds(1));

        public Retries {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            if (firstDelay.isNegative()) {
                throw new IllegalArgumentException("firstDelay must not be negative");
            }
        }

        /** The wait before attempt {@code attempt} (2 or more). */
        public Duration delayBefore(int attempt) {
            return firstDelay.multipliedBy(1L << Math.min(attempt - 2, 20));
        }
    }

    private final Database database;
    private final JobViews views;
    private final SafeHttpClient http;
    private final String secret;
    private final Retries retries;
    private final Clock clock;

    /**
     * @param http          posts the events; its {@link NetworkPolicy} decides which addresses may receive them
     * @param signingSecret the HMAC key; never blank (see {@link #signingSecret})
     */
    public WebhookNotifier(Database database, JobViews views, SafeHttpClient http, String signingSecret,
                           Retries retries) {
        this(database, views, http, signingSecret, retries, Clock.systemUTC());
    }

    WebhookNotifier(Database database, JobViews views, SafeHttpClient http, String signingSecret, Retries retries,
                    Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("webhooks are always signed: a signing secret is required");
        }
        this.database = database;
        this.views = views;
        this.http = http;
        this.secret = signingSecret;
        this.retries = retries;
        this.clock = clock;
    }

    /**
     * The key webhooks are signed with: {@code WEBHOOK_SECRET}; on the local stack without one, a random key for
     * this process.
     *
     * @throws ConfigException outside the local stack when {@code WEBHOOK_SECRET} is not set
     */
    public static String signingSecret(ServiceConfig config) {
        if (config.webhookSecret() != null && !config.webhookSecret().isBlank()) {
            return config.webhookSecret();
        }
        if (!"local".equals(config.environment())) {
            throw new ConfigException("WEBHOOK_SECRET (or WEBHOOK_SECRET_ARN) is required outside the local stack:"
                    + " webhooks are never sent unsigned");
        }
        LOG.warn("WEBHOOK_SECRET is not set: this local stack signs webhooks with a random key made for this process,"
                + " which receivers cannot check; set WEBHOOK_SECRET to verify signatures");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    /** The event name of a final state, or empty for a job that has not ended. */
    public static Optional<String> eventFor(JobStatus status) {
        return switch (status) {
            case COMPLETED -> Optional.of("job.completed");
            case FAILED -> Optional.of("job.failed");
            case TIMEOUT -> Optional.of("job.timeout");
            case CANCELLED -> Optional.of("job.cancelled");
            case EXPIRED -> Optional.of("job.expired");
            case PENDING, DOWNLOADING, PROCESSING, UPLOADING, STORING -> Optional.empty();
        };
    }

    @Override
    public void jobEnded(JobRecord job) {
        try {
            deliver(job);
        } catch (RuntimeException e) {
            LOG.warn("webhook of job {} not delivered: {}", job == null ? null : job.jobId(), e.getClass().getSimpleName());
        }
    }

    /** True when the job has an event for a callback and no attempt at delivering that event was made yet. */
    @Override
    public boolean pending(JobRecord job) {
        Optional<String> event = eventFor(job.status());
        if (job.callbackUrl() == null || job.callbackUrl().isBlank() || event.isEmpty()) {
            return false;
        }
        return database.withConnection(connection -> {
            try (var select = connection.prepareStatement(
                    "SELECT 1 FROM webhook_deliveries WHERE job_id = ? AND event = ? LIMIT 1")) {
                select.setObject(1, job.id());
                select.setString(2, event.get());
                try (var rows = select.executeQuery()) {
                    return !rows.next();
                }
            }
        });
    }

    /** Delivers the job's event; returns whether a receiver accepted it (false also when there was nothing to send). */
    boolean deliver(JobRecord job) {
        String url = job.callbackUrl();
        Optional<String> event = eventFor(job.status());
        if (url == null || url.isBlank() || event.isEmpty()) {
            return false;
        }
        String shownUrl = Redaction.url(url);
        Optional<String> refusal = refusal(url, http.policy());
        if (refusal.isPresent()) {
            LOG.warn("webhook {} of job {} refused: {}", event.get(), job.jobId(), refusal.get());
            record(job, shownUrl, event.get(), 1, null, false, refusal.get(), 0);
            return false;
        }
        String body = body(job, event.get());
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String deliveryId = UUID.randomUUID().toString();
        for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
            if (attempt > 1 && !pause(retries.delayBefore(attempt))) {
                LOG.warn("webhook {} of job {} abandoned after {} attempts: interrupted", event.get(), job.jobId(),
                        attempt - 1);
                return false;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant(), bodyBytes));
            headers.put(EVENT_HEADER, event.get());
            headers.put(DELIVERY_HEADER, deliveryId);
            headers.put("User-Agent", USER_AGENT);
            long started = System.nanoTime();
            Integer status = null;
            String error = null;
            boolean refused = false;
            try {
                status = http.postJson(url, body, headers);
                if (status < 200 || status > 299) {
                    error = "the receiver answered " + status
                            + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
                }
            } catch (SourceFetchException e) {
                error = e.getMessage();
                refused = e.reason() == SourceFetchException.Reason.REFUSED;
            }
            int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
            boolean success = error == null;
            record(job, shownUrl, event.get(), attempt, status, success, error, millis);
            if (success) {
                LOG.info("webhook {} of job {} delivered to {} (attempt {}, status {})", event.get(), job.jobId(),
                        shownUrl, attempt, status);
                return true;
            }
            LOG.warn("webhook {} of job {} attempt {} of {} failed: {}", event.get(), job.jobId(), attempt,
                    retries.maxAttempts(), error);
            if (refused) {
                return false;
            }
        }
        return false;
    }

    /**
     * Why events may not be sent to {@code url}, or empty when they may (the address is checked again when
     * connecting). Plain http only to a loopback host, and only when {@code policy} allows loopback.
     */
    static Optional<String> refusal(String url, NetworkPolicy policy) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("callback_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return Optional.of("callback_url has no host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("callback_url must not carry credentials");
        }
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http") && policy.allowsLoopback() && loopbackHost(host)) {
            return Optional.empty();
        }
        return Optional.of("callback_url must be an https:// URL (plain http only reaches a loopback address, on the"
                + " local stack)");
    }

    private static boolean loopbackHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.equals("[::1]") || LOOPBACK_IPV4.matcher(lower).matches();
    }

    private String body(JobRecord job, String event) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event", event);
        body.set("job", views.result(job, clock.instant()));
        body.set("metadata", metadata(job));
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode metadata(JobRecord job) {
        if (job.requestPayload() == null) {
            return NullNode.getInstance();
        }
        try {
            JsonNode metadata = JSON.readTree(job.requestPayload()).get("metadata");
            return metadata == null ? NullNode.getInstance() : metadata;
        } catch (JsonProcessingException e) {
            return NullNode.getInstance();
        }
    }

    private static boolean pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void record(JobRecord job, String url, String event, int attempt, Integer status, boolean success,
                        String error, int millis) {
        try {
            database.withConnection(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO webhook_deliveries (job_id, url, event, attempt, status_code, success,
                            error_message, duration_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    insert.setObject(1, job.id());
                    insert.setString(2, url);
                    insert.setString(3, event);
                    insert.setInt(4, attempt);
                    if (status != null && status >= 100 && status <= 599) {
                        insert.setInt(5, status);
                    } else {
                        insert.setNull(5, Types.INTEGER);
                    }
                    insert.setBoolean(6, success);
                    insert.setString(7, error == null ? null
                            : error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
                    insert.setInt(8, millis);
                    return insert.executeUpdate();
                }
            });
        } catch (DatabaseException e) {
            LOG.warn("attempt {} of webhook {} of job {} could not be recorded: {}", attempt, event, job.jobId(),
                    e.getMessage());
        }
    }
}
