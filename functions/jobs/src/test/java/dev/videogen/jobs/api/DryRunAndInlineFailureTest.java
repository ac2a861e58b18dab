package dev.videogen.jobs.api;

import static dev.videogen.jobs.JobFixtures.jobCount;
import static dev.videogen.jobs.JobFixtures.json;
import static dev.videogen.jobs.JobFixtures.scalar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobFixtures;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import dev.videogen.jobs.sources.ServiceSourceFetcher;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.migrations.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that fetch their sources inside the API call: dry runs, and inline renders whose sources turn out
 * missing or unusable. The renderer, fetcher and worker are the real ones, the sources come from a real HTTP server;
 * none of these paths uploads or queues anything, so the API has neither an object store nor a queue.
 */
class DryRunAndInlineFailureTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path media;
    private static HttpServer server;
    private static final AtomicInteger HITS = new AtomicInteger();

    @TempDir
    Path work;
    private TestDatabase db;
    private JobRepository jobs;
    private SafeHttpClient http;

    @BeforeAll
    static void serveMedia() throws IOException {
        TestMedia.clip(media.resolve("clip.mp4"), 160, 90, 1.0, "red", 440);
        Files.writeString(media.resolve("notes.txt"), "not a video at all");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/slow/", exchange -> {
            try {
                Thread.sleep(6_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            HITS.incrementAndGet();
            Path file = media.resolve(exchange.getRequestURI().getPath().substring(1));
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServing() {
        server.stop(0);
    }

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        jobs = new JobRepository(Database.of(db.dataSource()));
        HITS.set(0);
    }

    @AfterEach
    void closeHttp() {
        if (http != null) {
            http.close();
        }
    }

    private VideoApi api(NetworkPolicy policy) {
        return api(policy, null);
    }

    private VideoApi api(NetworkPolicy policy, RenderQueue queue) {
        return api(policy, queue, Duration.ofSeconds(25));
    }

    private VideoApi api(NetworkPolicy policy, RenderQueue queue, Duration quickResponseBudget) {
        http = new SafeHttpClient(policy, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
        RendererConfig config = RendererConfig.defaults(FfmpegLocator.bundledBinary(), work.resolve("renders"),
                FontCatalog.fontDirectory(null, work.resolve("fonts")));
        Renderer renderer = new Renderer(config, new ServiceSourceFetcher(http, null));
        ResultUrls urls = new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1));
        RenderWorker worker = new RenderWorker(jobs, renderer, null, urls, JobEndListener.NONE,
                new RenderWorker.Settings("processed/", Duration.ofMinutes(2), Duration.ofMinutes(1), 3,
                        work.resolve("outputs")));
        Database database = jobs.database();
        return new VideoApi(new VideoApi.Dependencies(jobs, queue, worker, renderer, new Estimator(),
                new JobViews(urls), Authenticator.NONE, new HealthChecks(), new MetricsReport(database),
                JobEndListener.NONE, new SourceScreen(policy, "videogen-test"),
                quickResponseBudget, Duration.ofHours(1), true, Clock.systemUTC()));
    }

    /** A dry run whose sources take longer than the quick-response budget answers 503 with Retry-After in time. */
    @Test
    void aDryRunPastItsDeadlineAnswers503WithRetryAfter() {
        VideoApi api = api(NetworkPolicy.allowingLoopback(), null, Duration.ofSeconds(2));
        long start = System.nanoTime();

        ApiResponse response = post(api, "/v1/videocreate?dry_run=true", request("async", "slow/clip.mp4"), Map.of());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.headers()).containsKey("Retry-After");
        assertThat(JobFixtures.json(response).path("error").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(JobFixtures.jobCount(db.dataSource())).isZero();
    }

    private static String source(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private static String request(String responseType, String sourceName) {
        return "{\"width\": 320, \"height\": 180, \"response_type\": \"" + responseType + "\","
                + " \"metadata\": {\"order\": 7},"
                + " \"elements\": [{\"id\": \"main\", \"type\": \"video\", \"source\": \"" + source(sourceName) + "\"}]}";
    }

    private static ApiResponse post(VideoApi api, String path, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("Content-Type", "application/json");
        Map<String, String> query = path.endsWith("?dry_run=true") ? Map.of("dry_run", "true") : Map.of();
        ApiRequest request = new ApiRequest("POST", path.replace("?dry_run=true", ""), query, headers,
                body.getBytes(StandardCharsets.UTF_8), "203.0.113.9", "req-42");
        return OpenApiContract.served().check(request, api.handle(request));
    }

    @Test
    void aDryRunProbesTheSourcesAndCreatesNothing() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate?dry_run=true",
                request("auto", "clip.mp4"), Map.of());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("valid");
        assertThat(body.get("response_type").asText()).isEqualTo("immediate");
        assertThat(body.get("estimated_seconds").asInt()).isPositive();
        assertThat(body.get("duration_seconds").asDouble()).isBetween(0.9, 1.1);
        JsonNode probed = body.get("sources").get(0);
        assertThat(probed.get("id").asText()).isEqualTo("main");
        assertThat(probed.get("width").asInt()).isEqualTo(160);
        assertThat(probed.get("height").asInt()).isEqualTo(90);
        assertThat(probed.get("duration").asDouble()).isBetween(0.9, 1.1);
        assertThat(HITS).hasValue(1);
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void aDryRunOfAnAsyncRequestSaysSo() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate?dry_run=true",
                request("async", "clip.mp4"), Map.of());

        assertThat(json(response).get("response_type").asText()).isEqualTo("async");
    }

    @Test
    void aDryRunWithAMissingSourceIsRefusedAndCreatesNothing() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate?dry_run=true",
                request("auto", "gone.mp4"), Map.of());

        assertThat(response.status()).isEqualTo(422);
        assertThat(json(response).get("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void aDryRunWithAnUnusableSourceIs400NamingTheElement() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate?dry_run=true",
                request("auto", "notes.txt"), Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("details").get(0).get("field").asText()).isEqualTo("elements[0].source");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void inProductionADryRunNeverFetchesFromLoopback() {
        ApiResponse response = post(api(NetworkPolicy.publicInternetOnly()), "/v1/videocreate?dry_run=true",
                request("auto", "clip.mp4"), Map.of());

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("details").get(0).get("field").asText()).isEqualTo("elements[0].source");
        assertThat(HITS).hasValue(0);
    }

    @Test
    void anInlineRenderOfAMissingSourceAnswersWithTheFailedJob() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate",
                request("immediate", "gone.mp4"), Map.of("User-Agent", "curl/8.5\u0000.0", "Origin", "https://app"));

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        JsonNode body = json(response);
        assertThat(body.get("status").asText()).isEqualTo("failed");
        assertThat(body.get("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(body.get("metadata").get("order").asInt()).isEqualTo(7);
        JobRecord job = jobs.find(body.get("job_id").asText()).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.FAILED);
        assertThat(job.responseType()).isEqualTo("immediate");
        assertThat(job.quickResponse()).isFalse();
        assertThat(scalar(db.dataSource(), "SELECT user_agent FROM jobs")).isEqualTo("curl/8.5.0");
        assertThat(scalar(db.dataSource(), "SELECT host(client_ip) FROM jobs")).isEqualTo("203.0.113.9");
        assertThat(scalar(db.dataSource(), "SELECT request_metadata->>'request_id' FROM jobs")).isEqualTo("req-42");
        assertThat(scalar(db.dataSource(), "SELECT request_metadata->>'origin' FROM jobs")).isEqualTo("https://app");
    }

    @Test
    void anInlineRenderOfAnUnusableSourceIs400WithTheFieldAndAFailedJob() {
        ApiResponse response = post(api(NetworkPolicy.allowingLoopback()), "/v1/videocreate",
                request("immediate", "notes.txt"), Map.of());

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(body.get("details").toString()).contains("elements[0].source");
        assertThat(jobs.find(body.get("job_id").asText()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void anIdempotencyKeyFromMoreThanADayAgoStartsANewJob() {
        VideoApi api = api(NetworkPolicy.allowingLoopback());
        Map<String, String> key = Map.of("Idempotency-Key", "order-8");
        ApiResponse first = post(api, "/v1/videocreate", request("immediate", "gone.mp4"), key);
        JobFixtures.update(db.dataSource(), "UPDATE jobs SET created_at = now() - interval '25 hours'");

        ApiResponse later = post(api, "/v1/videocreate", request("immediate", "other.mp4"), key);

        assertThat(later.status()).as(later.body()).isEqualTo(422);
        assertThat(json(later).get("job_id").asText()).isNotEqualTo(json(first).get("job_id").asText());
        assertThat(jobCount(db.dataSource())).isEqualTo(2);
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheFirstJobAndADifferentBodyIs409() {
        VideoApi api = api(NetworkPolicy.allowingLoopback());
        Map<String, String> key = Map.of("Idempotency-Key", "order-7");

        ApiResponse first = post(api, "/v1/videocreate", request("immediate", "gone.mp4"), key);
        int hitsAfterFirst = HITS.get();
        ApiResponse repeat = post(api, "/v1/videocreate", request("immediate", "gone.mp4"), key);
        ApiResponse reused = post(api, "/v1/videocreate", request("immediate", "other.mp4"), key);

        assertThat(json(repeat).get("job_id").asText()).isEqualTo(json(first).get("job_id").asText());
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(json(repeat).get("status").asText()).isEqualTo("failed");
        assertThat(reused.status()).isEqualTo(409);
        assertThat(json(reused).get("error").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(jobCount(db.dataSource())).isEqualTo(1);
        assertThat(HITS).as("the repeat fetched nothing").hasValue(hitsAfterFirst);
    }

    @Test
    void theSameIdempotencyKeyForAJobUnderWayAnswersWithWhereItStandsNow() {
        List<String> queued = new ArrayList<>();
        RenderQueue queue = new RenderQueue() {
            @Override
            public void enqueue(String jobId) {
                queued.add(jobId);
            }

            @Override
            public void checkAvailable() {
            }
        };
        VideoApi api = api(NetworkPolicy.allowingLoopback(), queue);
        Map<String, String> key = Map.of("Idempotency-Key", "order-9");

        ApiResponse first = post(api, "/v1/videocreate", request("async", "gone.mp4"), key);
        String jobId = json(first).get("job_id").asText();
        ApiResponse whilePending = post(api, "/v1/videocreate", request("async", "gone.mp4"), key);
        jobs.claim(jobId, "worker-1", Duration.ofMinutes(2), Duration.ofMinutes(5));
        ApiResponse whileProcessing = post(api, "/v1/videocreate", request("async", "gone.mp4"), key);

        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(whilePending.status()).isEqualTo(202);
        assertThat(json(whilePending).get("status").asText()).isEqualTo("pending");
        assertThat(whileProcessing.status()).isEqualTo(202);
        assertThat(whileProcessing.headers()).containsEntry("Location", "/v1/videoresult/" + jobId);
        JsonNode processing = json(whileProcessing);
        assertThat(processing.get("job_id").asText()).isEqualTo(jobId);
        assertThat(processing.get("status").asText()).isEqualTo("processing");
        assertThat(processing.get("current_step").asText()).isEqualTo("download");
        assertThat(processing.get("progress_percentage").asInt()).isZero();
        assertThat(queued).as("queued once").containsExactly(jobId);
        assertThat(jobCount(db.dataSource())).isEqualTo(1);
    }
}
