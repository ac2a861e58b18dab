package dev.videogen.jobs;

import static dev.videogen.jobs.JobFixtures.scalar;
import static dev.videogen.jobs.JobFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.jobs.RenderWorker.Outcome;
import dev.videogen.jobs.RenderWorker.Result;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import dev.videogen.jobs.sources.ServiceSourceFetcher;
import dev.videogen.migrations.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's handling of deliveries that end before anything is uploaded: ignored messages, failed and retried
 * downloads, unusable sources. Sources come from a real HTTP server through the real fetcher; the renderer is the
 * real one. The object store is never reached on these paths, so the worker is built without one.
 */
class RenderWorkerTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    /** Long enough for a loaded machine to look at the waiting job before its retry is due. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(4);

    @TempDir
    Path directory;

    private TestDatabase db;
    private JobRepository jobs;
    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();
    private final List<JobRecord> announced = new CopyOnWriteArrayList<>();
    private final SafeHttpClient loopbackHttp = new SafeHttpClient(NetworkPolicy.allowingLoopback(),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    private final SafeHttpClient productionHttp = new SafeHttpClient(NetworkPolicy.publicInternetOnly(),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.fresh();
        jobs = new JobRepository(Database.of(db.dataSource()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            int status = switch (path) {
                case "/notes.txt" -> 200;
                case "/busy.mp4" -> 503;
                default -> 404;
            };
            byte[] body = "hello, this is not a video".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        loopbackHttp.close();
        productionHttp.close();
    }

    private RenderWorker worker(SafeHttpClient http) {
        Path fonts = FontCatalog.fontDirectory(null, directory.resolve("fonts"));
        RendererConfig config = RendererConfig.defaults(FfmpegLocator.bundledBinary(), directory.resolve("renders"),
                fonts);
        Renderer renderer = new Renderer(config, new ServiceSourceFetcher(http, null));
        return new RenderWorker(jobs, renderer, null, new ResultUrls(null, "https://cdn.example.com",
                Duration.ofHours(1)), announced::add, new RenderWorker.Settings("processed/", LEASE,
                Duration.ofMinutes(1), 3, directory.resolve("outputs"), FIRST_RETRY));
    }

    private String jobWithSource(String path) {
        String source = "http://127.0.0.1:" + server.getAddress().getPort() + path + "?sig=secret-signature";
        String json = "{\"width\": 320, \"height\": 180, \"duration\": 1, \"callback_url\": \"https://hooks.example.com/x\","
                + " \"elements\": [{\"id\": \"clip\", \"type\": \"video\", \"source\": \"" + source + "\"}]}";
        return JobFixtures.insert(jobs, "alice", json).jobId();
    }

    /** The first element's download flag and error message. */
    private String firstElement(String jobId) {
        try (var connection = db.connect();
             var select = connection.prepareStatement("""
                     SELECT e.downloaded || ' ' || coalesce(e.error_message, '-') FROM elements e
                       JOIN jobs j ON j.id = e.job_id WHERE j.job_id = ? AND e.element_order = 0""")) {
            select.setString(1, jobId);
            try (var rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> timeline(String jobId) {
        try (var connection = db.connect();
             var select = connection.prepareStatement("""
                     SELECT t.step::text || ':' || t.status::text FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                      WHERE j.job_id = ? ORDER BY t.step_order""")) {
            select.setString(1, jobId);
            List<String> steps = new java.util.ArrayList<>();
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    steps.add(rows.getString(1));
                }
            }
            return steps;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean noFilesLeft() throws IOException {
        for (String dir : List.of("renders", "outputs")) {
            Path root = directory.resolve(dir);
            if (Files.exists(root)) {
                try (Stream<Path> files = Files.list(root)) {
                    if (files.findAny().isPresent()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void aMessageForAnUnknownJobIsIgnored() {
        Result result = worker(loopbackHttp).processDelivery("vg_aaaaaaaaaaaaaaaaaaaa", "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(result.job()).isEmpty();
    }

    @Test
    void aMessageForAnEndedJobIsIgnoredAndChangesNothing() {
        String jobId = jobWithSource("/missing.mp4");
        jobs.cancel(jobId, "alice", false);

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(hits).hasValue(0);
        assertThat(announced).isEmpty();
    }

    /** If the holder dies, the sweeper sends the job's message again once the lease lapsed: the copy is not needed. */
    @Test
    void aCopyOfTheMessageOfAJobHeldByALiveWorkerIsDropped() {
        String jobId = jobWithSource("/missing.mp4");
        jobs.claim(jobId, "worker-1", LEASE, Duration.ofMinutes(10));

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-2", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
        assertThat(jobs.find(jobId).orElseThrow().leaseOwner()).isEqualTo("worker-1");
        assertThat(hits).hasValue(0);
    }

    @Test
    void aMissingSourceFailsTheJobForGoodAndRecordsTheFailedStep() throws IOException {
        String jobId = jobWithSource("/missing.mp4");

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        JobRecord failed = jobs.find(jobId).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(failed.errorMessage()).contains("clip").contains("404").doesNotContain("secret-signature");
        assertThat(firstElement(jobId)).as("the element says why").startsWith("false elements[0] (clip): ")
                .contains("404");
        assertThat(failed.leaseOwner()).isNull();
        assertThat(announced).extracting(JobRecord::jobId).containsExactly(jobId);
        assertThat(timeline(jobId)).first().isEqualTo("validation:completed");
        assertThat(timeline(jobId)).contains("download:failed").doesNotContain("download:completed")
                .noneMatch(step -> step.endsWith(":running"));
        assertThat(noFilesLeft()).isTrue();
    }

    @Test
    void anUnavailableSourceIsRetriedWithBackoffUntilTheLastAttempt() throws InterruptedException {
        String jobId = jobWithSource("/busy.mp4");
        update(db.dataSource(), "UPDATE jobs SET max_retries = 2 WHERE job_id = ?", jobId);
        RenderWorker worker = worker(loopbackHttp);

        Result first = worker.processDelivery(jobId, "worker-1", 1);

        assertThat(first.outcome()).isEqualTo(Outcome.RETRY_LATER);
        assertThat(first.retryAfter()).as("the first wait, ±20 %").isBetween(Duration.ofMillis(3200),
                Duration.ofMillis(4800));
        JobRecord pending = jobs.find(jobId).orElseThrow();
        assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.waitingToRetry()).isTrue();
        assertThat(pending.retry().lastErrorCode()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(pending.progress()).isZero();
        assertThat(pending.leaseOwner()).isNull();
        assertThat(pending.errorDetails()).contains("SOURCE_DOWNLOAD_FAILED");
        assertThat(announced).isEmpty();
        JsonNode status = new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1)))
                .result(pending, Instant.now());
        assertThat(status.path("status").asText()).isEqualTo("pending");
        assertThat(status.path("attempt").asInt()).isEqualTo(2);
        assertThat(status.path("max_attempts").asInt()).isEqualTo(3);
        assertThat(status.path("last_error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(Instant.parse(status.path("next_attempt_at").asText())).isEqualTo(pending.retry().nextAttemptAt());
        assertThat(status.path("message").asText()).startsWith("Retrying after SOURCE_DOWNLOAD_FAILED: ")
                .endsWith("(attempt 2 of 3)");

        Result early = worker.processDelivery(jobId, "worker-early", 2);
        assertThat(early.outcome()).as("a copy that comes before the retry is due").isEqualTo(Outcome.RETRY_LATER);
        assertThat(early.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(4800));
        assertThat(jobs.find(jobId).orElseThrow().retryCount()).as("no attempt was made").isZero();

        Thread.sleep(first.retryAfter().toMillis() + 50);
        Result second = worker.processDelivery(jobId, "worker-2", 3);
        assertThat(second.outcome()).isEqualTo(Outcome.RETRY_LATER);
        assertThat(second.retryAfter()).as("the second wait, three times the first").isBetween(
                Duration.ofMillis(9600), Duration.ofMillis(14400));
        // as if the second wait had passed
        update(db.dataSource(), "UPDATE jobs SET next_attempt_at = now() WHERE job_id = ?", jobId);
        Result last = worker.processDelivery(jobId, "worker-3", 4);

        assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
        JobRecord failed = jobs.find(jobId).orElseThrow();
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.errorCode()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(failed.errorMessage()).contains("after 3 attempts");
        assertThat(failed.retryCount()).isEqualTo(2);
        // each delivery tried the busy server three times (twice again after a pause)
        assertThat(hits).hasValue(3 * (1 + ServiceSourceFetcher.OUTAGE_BACKOFF.size()));
        assertThat(announced).extracting(JobRecord::jobId).containsExactly(jobId);
    }

    @Test
    void aSourceThatIsNotMediaFailsAsInvalidInputNamingTheField() throws IOException {
        String jobId = jobWithSource("/notes.txt");

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        JobRecord failed = jobs.find(jobId).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo("INVALID_INPUT");
        assertThat(failed.errorDetails()).contains("\"field\": \"elements[0].source\"");
        assertThat(firstElement(jobId)).startsWith("false elements[0].source is not a recognised media file");
        assertThat(noFilesLeft()).isTrue();
    }

    @Test
    void aSourceOnARefusedAddressIsNeverRequested() {
        String jobId = jobWithSource("/missing.mp4");

        Result result = worker(productionHttp).processDelivery(jobId, "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(jobs.find(jobId).orElseThrow().errorCode()).isEqualTo("INVALID_INPUT");
        assertThat(jobs.find(jobId).orElseThrow().errorMessage()).contains("loopback");
        assertThat(hits).hasValue(0);
    }

    @Test
    void aJobWhoseWorkerDiedIsTakenOverAndEnds() throws InterruptedException {
        String jobId = jobWithSource("/missing.mp4");
        jobs.claim(jobId, "dead-worker", Duration.ofMillis(1), Duration.ofMinutes(10));
        Thread.sleep(50);

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-2", 2);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(jobs.find(jobId).orElseThrow().retryCount()).isEqualTo(1);
    }

    @Test
    void aStoredRequestThatNoLongerParsesFailsAsInvalidInput() {
        String jobId = jobWithSource("/missing.mp4");
        update(db.dataSource(), "UPDATE jobs SET request_payload = '{\"width\": 320}' WHERE job_id = ?", jobId);

        Result result = worker(loopbackHttp).processDelivery(jobId, "worker-1", 1);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        JobRecord failed = jobs.find(jobId).orElseThrow();
        assertThat(failed.errorCode()).isEqualTo("INVALID_INPUT");
        assertThat(failed.errorDetails()).contains("height").contains("elements");
        assertThat(hits).hasValue(0);
        assertThat(scalar(db.dataSource(), "SELECT count(*) FROM storage_operations")).isEqualTo(0L);
    }
}
