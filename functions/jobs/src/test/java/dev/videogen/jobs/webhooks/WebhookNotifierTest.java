package dev.videogen.jobs.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.db.NewJob;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import dev.videogen.migrations.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Real PostgreSQL, real HTTP receivers on 127.0.0.1, the service's SafeHttpClient. */
class WebhookNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_0123456789abcdef0123456789abcdef";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private TestDatabase db;
    private Database database;
    private JobRepository jobs;
    private JobViews views;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.fresh();
        database = Database.of(db.dataSource());
        jobs = new JobRepository(database);
        // a CDN base, so result URLs need no object store
        views = new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1)));
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    // ---- fixtures -------------------------------------------------------------------------------------------

    /** One received request. */
    record Delivery(long receivedNanos, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** An HTTP receiver answering scripted statuses, then {@code thereafter}. */
    private final class Receiver {
        final HttpServer server;
        final ConcurrentLinkedDeque<Integer> script = new ConcurrentLinkedDeque<>();
        final List<Delivery> received = Collections.synchronizedList(new ArrayList<>());
        volatile int thereafter = 200;

        Receiver(Integer... statuses) throws IOException {
            script.addAll(List.of(statuses));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                long now = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) ->
                        headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                received.add(new Delivery(now, headers, body));
                Integer status = script.poll();
                exchange.sendResponseHeaders(status == null ? thereafter : status, -1);
                exchange.close();
            });
            server.start();
            toClose.add(() -> server.stop(0));
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=receiver-secret";
        }
    }

    /** A bare TCP listener that only counts connections: proof that nothing was even attempted. */
    private final class ConnectionCounter {
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();

        ConnectionCounter() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        accepted.incrementAndGet();
                        connection.shutdownOutput();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "connection-counter");
            acceptor.setDaemon(true);
            acceptor.start();
            toClose.add(socket);
        }

        int port() {
            return socket.getLocalPort();
        }
    }

    private SafeHttpClient http(NetworkPolicy policy) {
        SafeHttpClient client = new SafeHttpClient(policy, Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        toClose.add(client);
        return client;
    }

    /** The notifier's clock: real time, which the tests move on instead of waiting. */
    private final MutableClock clock = new MutableClock();

    private WebhookNotifier notifier(NetworkPolicy policy) {
        return new WebhookNotifier(database, views, http(policy), SECRET, WebhookRetrySchedule.STANDARD, clock);
    }

    /** Real time plus what the test moved it on by. */
    static final class MutableClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** The job's event row: state, attempts and next attempt. */
    private Map<String, Object> event(JobRecord job) throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT id::text AS id, event, state, attempts, next_attempt_at FROM webhook_events WHERE job_id = ?""")) {
            select.setObject(1, job.id());
            try (ResultSet result = select.executeQuery()) {
                assertThat(result.next()).as("the job's event row").isTrue();
                Map<String, Object> row = new HashMap<>();
                row.put("id", result.getString(1));
                row.put("event", result.getString(2));
                row.put("state", result.getString(3));
                row.put("attempts", result.getInt(4));
                row.put("next_attempt_at", result.getTimestamp(5) == null ? null : result.getTimestamp(5).toInstant());
                return row;
            }
        }
    }

    private JobRecord pendingJob(String callbackUrl) {
        String payload = "{\"width\":640,\"height\":360,\"duration\":2,\"metadata\":{\"order\":42,\"customer\":\"c-7\"},"
                + "\"elements\":[{\"type\":\"image\",\"source\":\"https://media.example.com/a.png\"}]}";
        NewJob job = new NewJob(JobIds.newJobId(), "owner-1", "async", "mp4", 640, 360, 30, 2.0, "#000000", payload,
                callbackUrl, 5, null, null, null, null, "{}", 3600);
        return jobs.insert(job, List.of(), "{}");
    }

    private JobRecord failedJob(String callbackUrl) {
        JobRecord job = pendingJob(callbackUrl);
        assertThat(jobs.fail(job.jobId(), null, "SOURCE_DOWNLOAD_FAILED", "the source answered 404", null)).isTrue();
        return jobs.find(job.jobId()).orElseThrow();
    }

    private JobRecord completedJob(String callbackUrl) {
        JobRecord job = pendingJob(callbackUrl);
        jobs.claim(job.jobId(), "worker-1", Duration.ofMinutes(2), Duration.ofMinutes(15)).orElseThrow();
        String key = "processed/" + job.jobId() + ".mp4";
        assertThat(jobs.complete(job.jobId(), "worker-1", "bucket", key, "us-east-1", "https://cdn.example.com/" + key,
                123_456, false)).isTrue();
        return jobs.find(job.jobId()).orElseThrow();
    }

    /** A row of webhook_deliveries. */
    record Attempt(String url, String event, int attempt, Integer statusCode, boolean success, String error,
                   Integer durationMs) {
    }

    private List<Attempt> attempts(JobRecord job) throws SQLException {
        try (Connection connection = db.connect();
             PreparedStatement select = connection.prepareStatement("""
                     SELECT url, event, attempt, status_code, success, error_message, duration_ms
                       FROM webhook_deliveries WHERE job_id = ? ORDER BY attempt, created_at""")) {
            select.setObject(1, job.id());
            List<Attempt> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Attempt(result.getString(1), result.getString(2), result.getInt(3),
                            (Integer) result.getObject(4), result.getBoolean(5), result.getString(6),
                            (Integer) result.getObject(7)));
                }
            }
            return rows;
        }
    }

    // ---- delivery -------------------------------------------------------------------------------------------

    @Test
    void completedJobIsDeliveredSignedWithTheResultAndMetadata() throws Exception {
        Receiver receiver = new Receiver(200);
        JobRecord job = completedJob(receiver.url());

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(job);

        assertThat(receiver.received).hasSize(1);
        Delivery delivery = receiver.received.get(0);
        assertThat(WebhookSignature.verify(SECRET, delivery.header("X-Videogen-Signature"), delivery.body(), TOLERANCE))
                .isTrue();
        assertThat(delivery.header("X-Videogen-Event")).isEqualTo("job.completed");
        assertThat(delivery.header("X-Videogen-Delivery")).isEqualTo(event(job).get("id"));
        assertThat(delivery.header("User-Agent")).isEqualTo(WebhookNotifier.USER_AGENT);
        assertThat(delivery.header("Content-Type")).startsWith("application/json");

        JsonNode body = JSON.readTree(delivery.body());
        assertThat(body.get("event").asText()).isEqualTo("job.completed");
        assertThat(body.get("job").get("status").asText()).isEqualTo("completed");
        assertThat(body.get("job").get("job_id").asText()).isEqualTo(job.jobId());
        assertThat(body.get("job").get("result_url").asText())
                .isEqualTo("https://cdn.example.com/processed/" + job.jobId() + ".mp4");
        assertThat(body.get("job").get("file_size_bytes").asLong()).isEqualTo(123_456);
        assertThat(body.get("metadata")).isEqualTo(JSON.readTree("{\"order\":42,\"customer\":\"c-7\"}"));

        assertThat(attempts(job)).singleElement().satisfies(row -> {
            assertThat(row.attempt()).isEqualTo(1);
            assertThat(row.statusCode()).isEqualTo(200);
            assertThat(row.success()).isTrue();
            assertThat(row.error()).isNull();
            assertThat(row.event()).isEqualTo("job.completed");
            assertThat(row.durationMs()).isNotNull().isGreaterThanOrEqualTo(0);
            assertThat(row.url()).as("the query may hold the receiver's own secret")
                    .isEqualTo("http://127.0.0.1:" + receiver.server.getAddress().getPort() + "/hook");
        });
    }

    @Test
    void aCompletedJobWithAPosterCarriesItsThumbnailUrlInTheWebhook() throws Exception {
        Receiver receiver = new Receiver(200);
        JobRecord job = pendingJob(receiver.url());
        jobs.claim(job.jobId(), "worker-1", Duration.ofMinutes(2), Duration.ofMinutes(15)).orElseThrow();
        String key = "processed/" + job.jobId() + ".mp4";
        String poster = "processed/" + job.jobId() + ".thumbnail.jpg";
        assertThat(jobs.recordThumbnail(job.jobId(), "worker-1", poster)).isTrue();
        assertThat(jobs.complete(job.jobId(), "worker-1", "bucket", key, "us-east-1", "https://cdn.example.com/" + key,
                123_456, false)).isTrue();
        // only the worker holding the job may record its poster
        assertThat(jobs.recordThumbnail(job.jobId(), "worker-1", "processed/other.jpg")).isFalse();

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(jobs.find(job.jobId()).orElseThrow());

        assertThat(receiver.received).hasSize(1);
        JsonNode body = JSON.readTree(receiver.received.get(0).body());
        assertThat(body.get("job").get("thumbnail_url").asText()).isEqualTo("https://cdn.example.com/" + poster);
    }

    @Test
    void failedJobIsDeliveredWithItsErrorAndNullMetadataWhenThereIsNone() throws Exception {
        Receiver receiver = new Receiver(204);
        NewJob plain = new NewJob(JobIds.newJobId(), null, "async", "mp4", 640, 360, 30, 2.0, "#000000",
                "{\"width\":640}", receiver.url(), 5, null, null, null, null, "{}", 3600);
        JobRecord job = jobs.insert(plain, List.of(), "{}");
        jobs.fail(job.jobId(), null, "FFMPEG_ERROR", "the encoder stopped", null);

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(jobs.find(job.jobId()).orElseThrow());

        JsonNode body = JSON.readTree(receiver.received.get(0).body());
        assertThat(body.get("event").asText()).isEqualTo("job.failed");
        assertThat(body.get("job").get("error").asText()).isEqualTo("FFMPEG_ERROR");
        assertThat(body.get("job").get("message").asText()).isEqualTo("the encoder stopped");
        assertThat(body.has("metadata")).isTrue();
        assertThat(body.get("metadata").isNull()).isTrue();
        assertThat(attempts(job)).singleElement().satisfies(row -> assertThat(row.success()).isTrue());
    }

    @Test
    void receiverThatFailsTwiceGetsTheEventFromTheSweeperOnTheThirdAttemptAfterBackoff() throws Exception {
        Receiver receiver = new Receiver(500, 503, 200);
        JobRecord job = failedJob(receiver.url());
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());

        notifier.jobEnded(job);
        assertThat(receiver.received).as("one attempt now, no thread left sleeping").hasSize(1);
        Instant first = clock.instant();
        assertThat(event(job)).containsEntry("state", "pending").containsEntry("attempts", 1);
        assertThat((Instant) event(job).get("next_attempt_at"))
                .isBetween(first.plusSeconds(25), first.plusSeconds(30));

        clock.advance(Duration.ofSeconds(20));
        assertThat(notifier.sendDue()).as("not due yet").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(notifier.sendDue()).isEqualTo(1);
        Instant second = clock.instant();
        assertThat(event(job)).containsEntry("attempts", 2);
        assertThat((Instant) event(job).get("next_attempt_at"))
                .isBetween(second.plusSeconds(55), second.plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(notifier.sendDue()).isEqualTo(1);

        assertThat(receiver.received).hasSize(3);
        assertThat(event(job)).containsEntry("state", "delivered").containsEntry("attempts", 3);
        assertThat(receiver.received).extracting(d -> d.header("X-Videogen-Delivery")).as("one delivery id per event")
                .containsOnly((String) event(job).get("id"));
        assertThat(receiver.received).allSatisfy(d -> assertThat(
                WebhookSignature.verify(SECRET, d.header("X-Videogen-Signature"), d.body(), Duration.ofDays(1)))
                .isTrue());
        assertThat(attempts(job)).extracting(Attempt::attempt, Attempt::statusCode, Attempt::success)
                .containsExactly(
                        tuple(1, 500, false),
                        tuple(2, 503, false),
                        tuple(3, 200, true));
        assertThat(attempts(job).get(0).error()).isEqualTo("the receiver answered 500");
        assertThat(notifier.sendDue()).as("a delivered event is not sent again").isZero();
    }

    /** A receiver down for ten minutes gets every event once it is back, without any waiting thread. */
    @Test
    void eventsMissedDuringATenMinuteOutageAreAllDeliveredAfterIt() throws Exception {
        Receiver receiver = new Receiver();
        receiver.thereafter = 503;
        List<JobRecord> ended = new ArrayList<>();
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());
        for (int i = 0; i < 5; i++) {
            JobRecord job = failedJob(receiver.url());
            ended.add(job);
            notifier.jobEnded(job);
        }
        Instant outageEnds = clock.instant().plus(Duration.ofMinutes(10));
        // the sweeper runs every minute
        while (clock.instant().isBefore(outageEnds)) {
            clock.advance(Duration.ofMinutes(1));
            notifier.sendDue();
        }
        receiver.thereafter = 200;
        int sweeps = 0;
        while (ended.stream().anyMatch(job -> !delivered(job)) && sweeps < 60) {
            clock.advance(Duration.ofMinutes(1));
            notifier.sendDue();
            sweeps++;
        }

        assertThat(ended).allSatisfy(job -> assertThat(delivered(job)).as(job.jobId()).isTrue());
        assertThat(sweeps).as("minutes after the outage until the last is delivered").isLessThanOrEqualTo(9);
        assertThat(receiver.received.stream().filter(d -> d.header("X-Videogen-Delivery") != null)
                .map(d -> d.header("X-Videogen-Delivery")).distinct()).hasSize(5);
    }

    private boolean delivered(JobRecord job) {
        try {
            return "delivered".equals(event(job).get("state"));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deliveryIsRetriedForAtLeastADayAndThenGivenUp() throws Exception {
        Receiver receiver = new Receiver();
        receiver.thereafter = 500;
        JobRecord job = failedJob(receiver.url());
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());
        Instant first = clock.instant();

        notifier.jobEnded(job);
        while ("pending".equals(event(job).get("state"))) {
            // the sweeper's minute ticks, skipping those with nothing due
            Instant next = (Instant) event(job).get("next_attempt_at");
            clock.advance(Duration.between(clock.instant(), next).plusSeconds(1));
            notifier.sendDue();
        }

        assertThat(event(job)).containsEntry("state", "failed");
        List<Attempt> attempts = attempts(job);
        assertThat(attempts).noneMatch(Attempt::success);
        assertThat(attempts.size()).isBetween(18, 20);
        assertThat(clock.instant()).as("the last attempt").isAfterOrEqualTo(first.plus(Duration.ofHours(24)));
        assertThat(receiver.received).hasSize(attempts.size());
    }

    @Test
    void redirectIsNotFollowedAndCountsAsAFailure() throws Exception {
        Receiver receiver = new Receiver();
        receiver.thereafter = 302;
        JobRecord job = failedJob(receiver.url());

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(job);

        assertThat(attempts(job)).singleElement().satisfies(row -> {
            assertThat(row.statusCode()).isEqualTo(302);
            assertThat(row.error()).contains("redirects are not followed");
        });
        assertThat(event(job)).containsEntry("state", "pending");
    }

    @Test
    void unreachableReceiverIsRetriedAndEachFailureRecorded() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        JobRecord job = failedJob("http://127.0.0.1:" + closedPort + "/hook");
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());

        notifier.jobEnded(job);
        clock.advance(Duration.ofSeconds(30));
        notifier.sendDue();
        clock.advance(Duration.ofSeconds(60));
        notifier.sendDue();

        assertThat(attempts(job)).hasSize(3).allSatisfy(row -> {
            assertThat(row.statusCode()).isNull();
            assertThat(row.success()).isFalse();
            assertThat(row.error()).startsWith("cannot call http://127.0.0.1:" + closedPort + "/hook");
        });
    }

    @Test
    void theOwnerReadsEveryAttemptInTheDeliveryLog() throws Exception {
        Receiver receiver = new Receiver(500, 200);
        JobRecord job = failedJob(receiver.url());
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());
        notifier.jobEnded(job);
        clock.advance(Duration.ofSeconds(30));
        notifier.sendDue();

        List<WebhookEvents.Entry> log = new WebhookEvents(database).log(job.id());

        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.event()).isEqualTo("job.failed");
            assertThat(entry.state()).isEqualTo("delivered");
            assertThat(entry.attempts()).isEqualTo(2);
            assertThat(entry.log()).extracting(WebhookEvents.Attempt::statusCode).containsExactly(500, 200);
        });
    }

    // ---- where events may go --------------------------------------------------------------------------------

    @Test
    void plainHttpToLoopbackIsRefusedWhenThePolicyDoesNotAllowLoopback() throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        JobRecord job = failedJob("http://127.0.0.1:" + counter.port() + "/hook");

        notifier(NetworkPolicy.publicInternetOnly()).jobEnded(job);

        assertThat(attempts(job)).singleElement().satisfies(row -> {
            assertThat(row.success()).isFalse();
            assertThat(row.statusCode()).isNull();
            assertThat(row.error()).contains("must be an https:// URL");
        });
        Thread.sleep(100);
        assertThat(counter.accepted).as("no connection was made").hasValue(0);
    }

    @Test
    void httpsToALoopbackAddressIsRefusedByTheProductionPolicyBeforeConnecting() throws Exception {
        ConnectionCounter counter = new ConnectionCounter();
        JobRecord job = failedJob("https://127.0.0.1:" + counter.port() + "/hook");

        notifier(NetworkPolicy.publicInternetOnly()).jobEnded(job);

        assertThat(attempts(job)).as("a refusal is not retried").singleElement().satisfies(row -> {
            assertThat(row.success()).isFalse();
            assertThat(row.error()).contains("loopback");
        });
        assertThat(event(job)).containsEntry("state", "failed");
        Thread.sleep(100);
        assertThat(counter.accepted).as("no connection was made").hasValue(0);
    }

    @Test
    void httpsToAPrivateAddressIsRefused() throws Exception {
        JobRecord job = failedJob("https://10.20.30.40/hook");

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(job);

        assertThat(attempts(job)).singleElement().satisfies(row -> {
            assertThat(row.success()).isFalse();
            assertThat(row.error()).contains("private address");
        });
    }

    @Test
    void plainHttpToAPublicHostIsRefusedEvenWhereLoopbackIsAllowed() throws Exception {
        JobRecord job = failedJob("http://hooks.example.com/videogen");

        notifier(NetworkPolicy.allowingLoopback()).jobEnded(job);

        assertThat(attempts(job)).singleElement().satisfies(row ->
                assertThat(row.error()).contains("must be an https:// URL"));
    }

    @Test
    void callbackUrlRules() {
        NetworkPolicy production = NetworkPolicy.publicInternetOnly();
        NetworkPolicy local = NetworkPolicy.allowingLoopback();
        record Case(String url, NetworkPolicy policy, boolean allowed) {
        }
        List<Case> cases = List.of(
                new Case("https://hooks.example.com/v", production, true),
                new Case("HTTPS://hooks.example.com/v", production, true),
                new Case("http://hooks.example.com/v", production, false),
                new Case("http://hooks.example.com/v", local, false),
                new Case("http://127.0.0.1:8080/hook", production, false),
                new Case("http://127.0.0.1:8080/hook", local, true),
                new Case("http://127.9.9.9/hook", local, true),
                new Case("http://localhost:9000/hook", local, true),
                new Case("http://[::1]:9000/hook", local, true),
                new Case("http://127.0.0.1.nip.io/hook", local, false),
                new Case("http://localhost.example.com/hook", local, false),
                new Case("https://user:pw@hooks.example.com/v", production, false),
                new Case("ftp://hooks.example.com/v", local, false),
                new Case("file:///etc/passwd", local, false),
                new Case("https:///no-host", production, false),
                new Case("not a url", production, false));
        for (Case c : cases) {
            assertThat(WebhookNotifier.refusal(c.url(), c.policy()).isEmpty()).as(c.url() + " with loopback "
                    + c.policy().allowsLoopback()).isEqualTo(c.allowed());
        }
    }

    // ---- what is and is not sent ----------------------------------------------------------------------------

    @Test
    void jobWithoutCallbackOrNotEndedSendsNothing() throws Exception {
        Receiver receiver = new Receiver(200);
        JobRecord withoutCallback = failedJob(null);
        JobRecord stillPending = pendingJob(receiver.url());
        WebhookNotifier notifier = notifier(NetworkPolicy.allowingLoopback());

        notifier.jobEnded(withoutCallback);
        notifier.jobEnded(stillPending);

        assertThat(receiver.received).isEmpty();
        assertThat(attempts(withoutCallback)).isEmpty();
        assertThat(attempts(stillPending)).isEmpty();
    }

    @Test
    void everyFinalStateHasItsEvent() {
        assertThat(WebhookNotifier.eventFor(JobStatus.COMPLETED)).contains("job.completed");
        assertThat(WebhookNotifier.eventFor(JobStatus.FAILED)).contains("job.failed");
        assertThat(WebhookNotifier.eventFor(JobStatus.TIMEOUT)).contains("job.timeout");
        assertThat(WebhookNotifier.eventFor(JobStatus.CANCELLED)).contains("job.cancelled");
        assertThat(WebhookNotifier.eventFor(JobStatus.EXPIRED)).contains("job.expired");
        for (JobStatus status : JobStatus.values()) {
            assertThat(WebhookNotifier.eventFor(status).isPresent()).as(status.name()).isEqualTo(status.terminal());
        }
    }

    @Test
    void unreachableDatabaseDoesNotThrowAndTheEventIsSentOnceItIsBack() throws Exception {
        Receiver receiver = new Receiver(200);
        JobRecord job = failedJob(receiver.url());
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/none?connectTimeout=1");
        WebhookNotifier away = new WebhookNotifier(Database.of(nowhere), views,
                http(NetworkPolicy.allowingLoopback()), SECRET, WebhookRetrySchedule.STANDARD, clock);

        away.jobEnded(job);
        assertThat(away.sendDue()).isZero();
        assertThat(receiver.received).as("its row is where the event waits").isEmpty();

        assertThat(notifier(NetworkPolicy.allowingLoopback()).sendDue()).isEqualTo(1);
        assertThat(receiver.received).hasSize(1);
    }

    @Test
    void jobThatCannotBeDescribedDoesNotThrow() throws Exception {
        Receiver receiver = new Receiver(200);
        JobRecord job = failedJob(receiver.url());
        JobViews broken = new JobViews(new ResultUrls(null, null, Duration.ofHours(1)));
        JobRecord completed = completedJob(receiver.url());
        WebhookNotifier notifier = new WebhookNotifier(database, broken, http(NetworkPolicy.allowingLoopback()),
                SECRET, WebhookRetrySchedule.STANDARD, clock);

        notifier.jobEnded(completed);
        notifier.jobEnded(null);
        notifier.jobEnded(job);

        assertThat(receiver.received).as("only the failed job could be described").hasSize(1);
    }

    // ---- the signing key ------------------------------------------------------------------------------------

    private static ServiceConfig config(String environment, String webhookSecret) {
        Map<String, String> env = new HashMap<>(Map.of("VIDEOGEN_ENV", environment, "AUTH_MODE",
                environment.equals("local") ? "none" : "api_key", "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/x",
                "OUTPUT_BUCKET", "bucket"));
        if (webhookSecret != null) {
            env.put("WEBHOOK_SECRET", webhookSecret);
        }
        return ServiceConfig.fromEnvironment(env);
    }

    @Test
    void configuredSecretIsUsedEverywhere() {
        assertThat(WebhookNotifier.signingSecret(config("prod", SECRET))).isEqualTo(SECRET);
        assertThat(WebhookNotifier.signingSecret(config("local", SECRET))).isEqualTo(SECRET);
    }

    @Test
    void deployedServiceWithoutASecretRefusesToStart() {
        assertThatThrownBy(() -> WebhookNotifier.signingSecret(config("prod", null)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WEBHOOK_SECRET");
    }

    @Test
    void localStackWithoutASecretSignsWithARandomKeyPerProcess() {
        String first = WebhookNotifier.signingSecret(config("local", null));
        String second = WebhookNotifier.signingSecret(config("local", null));

        assertThat(first).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(second);
    }

    @Test
    void notifierCannotBeMadeWithoutASecret() {
        assertThatThrownBy(() -> new WebhookNotifier(database, views, http(NetworkPolicy.allowingLoopback()), " ",
                WebhookRetrySchedule.STANDARD)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always signed");
    }

    @Test
    void backoffDoublesFromThirtySecondsUpToTwoHoursForADay() {
        WebhookRetrySchedule schedule = WebhookRetrySchedule.STANDARD;

        assertThat(List.of(schedule.delayAfter(1), schedule.delayAfter(2), schedule.delayAfter(3),
                schedule.delayAfter(8), schedule.delayAfter(9), schedule.delayAfter(40)))
                .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                        Duration.ofSeconds(3840), Duration.ofHours(2), Duration.ofHours(2));
        Instant first = Instant.parse("2026-12-01T00:00:00Z");
        Instant at = first;
        int attempts = 1;
        while (true) {
            var next = schedule.nextAttempt(attempts, first, at);
            if (next.isEmpty()) {
                break;
            }
            assertThat(next.get()).isAfter(at);
            at = next.get();
            attempts++;
        }
        assertThat(at).as("the last attempt").isEqualTo(first.plus(Duration.ofHours(24)));
        assertThat(attempts).isEqualTo(20);
    }
}
