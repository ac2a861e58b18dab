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
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a signed event to a job's {@code callback_url} when the job ends, as the contract's Webhooks section says, and
 * keeps trying until the receiver takes it.
 *
 * <p><b>The request.</b> Body {@code {"event": "job.completed" | "job.failed" | "job.timeout" | "job.cancelled" |
 * "job.expired", "job": <the GET /v1/videoresult body>, "metadata": <the request's metadata or null>}}; headers
 * {@code Content-Type: application/json; charset=UTF-8}, {@code X-Videogen-Signature: t=<unix>,v1=<hex>} (see
 * {@link WebhookSignature}), {@code X-Videogen-Event} (the event), {@code X-Videogen-Delivery} (the event's id: the
 * same on every attempt, so a receiver can drop duplicates) and {@code User-Agent: }{@value #USER_AGENT}. Each
 * attempt is signed afresh with its own timestamp, so a late retry still passes a receiver's replay window.
 *
 * <p><b>Durable.</b> Every event is a row of {@code webhook_events}, made by the database in the same transaction as
 * the job's end, wherever that end happened (a worker, the API, the sweeper, pg_cron). {@link #jobEnded} tries the
 * job's events once, right away; {@link #sendDue} — called by the sweeper every minute — tries every event whose
 * next attempt is due. A failed attempt (a non-2xx answer, redirects not followed, or a network failure) schedules
 * the next one by {@link WebhookRetrySchedule}: 30 s, then doubling up to 2 h apart, for 24 hours. Nothing sleeps:
 * a Lambda is frozen once its handler returns, so retries wait in the table, not in a thread. Every attempt is a row
 * of {@code webhook_deliveries}; the owner reads them at {@code GET /v1/videoresult/{job_id}/webhooks}.
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
 * developer receive events on their own machine. A refused URL is recorded as one failed attempt and given up; no
 * request is sent.
 *
 * <p>{@link #jobEnded} and {@link #sendDue} never throw, and nothing logged carries the secret or a signature.
 */
public final class WebhookNotifier implements JobEndListener {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    /** How long an event taken for an attempt stays away from other senders (longer than one attempt may take). */
    private static final Duration HOLD = Duration.ofMinutes(2);
    /** How far behind the database's clock this machine's may be. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    /** Events one sweep tries at most. */
    private static final int SWEEP_LIMIT = 100;

    public static final String EVENT_HEADER = "X-Videogen-Event";
    public static final String DELIVERY_HEADER = "X-Videogen-Delivery";
    public static final String USER_AGENT = "videogen-webhooks/0.1";

    private final WebhookEvents events;
    private final JobRepository jobs;
    private final JobViews views;
    private final SafeHttpClient http;
    private final String secret;
    private final WebhookRetrySchedule schedule;
    private final Clock clock;

    /**
     * @param http          posts the events; its {@link NetworkPolicy} decides which addresses may receive them
     * @param signingSecret the HMAC key; never blank (see {@link #signingSecret})
     */
    public WebhookNotifier(Database database, JobViews views, SafeHttpClient http, String signingSecret,
                           WebhookRetrySchedule schedule) {
        this(database, views, http, signingSecret, schedule, Clock.systemUTC());
    }

    public WebhookNotifier(Database database, JobViews views, SafeHttpClient http, String signingSecret,
                           WebhookRetrySchedule schedule, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("webhooks are always signed: a signing secret is required");
        }
        this.events = new WebhookEvents(database);
        this.jobs = new JobRepository(database);
        this.views = views;
        this.http = http;
        this.secret = signingSecret;
        this.schedule = schedule;
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

    /** Tries the job's due events once, now. */
    @Override
    public void jobEnded(JobRecord job) {
        try {
            Optional<String> event = job == null ? Optional.empty() : eventFor(job.status());
            if (event.isEmpty() || job.callbackUrl() == null || job.callbackUrl().isBlank()) {
                return;
            }
            Instant now = clock.instant();
            events.ensure(job.id(), event.get(), job.callbackUrl(), now);
            // the event was made by the database's clock a moment ago; this machine's may be a little behind it
            for (WebhookEvents.Due due : events.take(job.id(), now.plus(CLOCK_SKEW), HOLD, 10)) {
                attempt(due);
            }
        } catch (RuntimeException e) {
            LOG.warn("webhook of job {} not delivered now: {}", job == null ? null : job.jobId(),
                    e.getClass().getSimpleName());
        }
    }

    /** True when the job has an event for a callback at which no attempt was made yet. */
    @Override
    public boolean pending(JobRecord job) {
        Optional<String> event = eventFor(job.status());
        if (job.callbackUrl() == null || job.callbackUrl().isBlank() || event.isEmpty()) {
            return false;
        }
        return events.untried(job.id(), event.get());
    }

    /** Tries every event whose next attempt is due; returns how many were tried. */
    @Override
    public int sendDue() {
        try {
            List<WebhookEvents.Due> due = events.take(null, clock.instant(), HOLD, SWEEP_LIMIT);
            due.forEach(this::attempt);
            return due.size();
        } catch (RuntimeException e) {
            LOG.warn("due webhooks not sent: {}", e.getClass().getSimpleName());
            return 0;
        }
    }

    /** One attempt at one event; returns whether the receiver took it. */
    boolean attempt(WebhookEvents.Due due) {
        String shownUrl = Redaction.url(due.url());
        Instant started = clock.instant();
        Instant first = due.firstAttemptAt() == null ? started : due.firstAttemptAt();
        Optional<String> refusal = refusal(due.url(), http.policy());
        if (refusal.isPresent()) {
            LOG.warn("webhook {} {} refused: {}", due.event(), due.id(), refusal.get());
            record(due, shownUrl, null, false, refusal.get(), 0, started, null);
            return false;
        }
        Optional<JobRecord> job = jobs.find(due.jobUuid());
        if (job.isEmpty()) {
            record(due, shownUrl, null, false, "the job no longer exists", 0, started, null);
            return false;
        }
        String body = body(job.get(), due.event());
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.HEADER, WebhookSignature.header(secret, started, bodyBytes));
        headers.put(EVENT_HEADER, due.event());
        headers.put(DELIVERY_HEADER, due.id().toString());
        headers.put("User-Agent", USER_AGENT);
        long startedNanos = System.nanoTime();
        Integer status = null;
        String error = null;
        boolean refused = false;
        try {
            status = http.postJson(due.url(), body, headers);
            if (status < 200 || status > 299) {
                error = "the receiver answered " + status
                        + (status >= 300 && status < 400 ? " (redirects are not followed)" : "");
            }
        } catch (SourceFetchException e) {
            error = e.getMessage();
            refused = e.reason() == SourceFetchException.Reason.REFUSED;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
        boolean success = error == null;
        int attempt = due.attempts() + 1;
        Instant next = success || refused ? null : schedule.nextAttempt(attempt, first, clock.instant()).orElse(null);
        record(due, shownUrl, status, success, error, millis, started, next);
        if (success) {
            LOG.info("webhook {} of job {} delivered to {} (attempt {}, status {})", due.event(), job.get().jobId(),
                    shownUrl, attempt, status);
        } else {
            LOG.warn("webhook {} of job {} attempt {} failed: {}; {}", due.event(), job.get().jobId(), attempt, error,
                    next == null ? "given up" : "next attempt at " + next);
        }
        return success;
    }

    private void record(WebhookEvents.Due due, String shownUrl, Integer status, boolean success, String error,
                        int millis, Instant at, Instant next) {
        try {
            events.record(due, shownUrl, status, success, error, millis, at, next);
        } catch (DatabaseException e) {
            // the event stays taken until its hold ends, then it is tried again
            LOG.warn("attempt {} of webhook {} could not be recorded: {}", due.attempts() + 1, due.id(),
                    e.getMessage());
        }
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
}
