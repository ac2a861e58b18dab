package dev.videogen.jobs.api;

import static dev.videogen.jobs.JobFixtures.SMALL_REQUEST;
import static dev.videogen.jobs.JobFixtures.jobCount;
import static dev.videogen.jobs.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobFixtures;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The API's answers that come from the request alone or from the database: refusals before any job exists, reads,
 * cancellations, health, metrics and the OpenAPI document. None of these paths reaches the queue, the renderer or
 * the worker, so the API is built without them.
 */
class VideoApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "videogen-test";

    private TestDatabase db;
    private Database database;
    private JobRepository jobs;
    private VideoApi api;
    private String aliceKey;
    private String bobKey;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        database = Database.of(db.dataSource());
        jobs = new JobRepository(database);
        ApiKeys keys = new ApiKeys(database);
        aliceKey = keys.create("alice", "tests").key();
        bobKey = keys.create("bob", "tests").key();
        api = apiOn(database);
    }

    private static VideoApi apiOn(Database database) {
        JobRepository repository = new JobRepository(database);
        HealthChecks health = new HealthChecks().add("database", () -> database.reachable() ? "ok" : "unavailable");
        return new VideoApi(new VideoApi.Dependencies(repository, null, null, null, new Estimator(),
                new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1))),
                new ApiKeyAuthenticator(new ApiKeys(database)), health, new MetricsReport(database),
                JobEndListener.NONE, new SourceScreen(NetworkPolicy.publicInternetOnly(), BUCKET), Duration.ofSeconds(25), Duration.ofHours(1), true, Clock.systemUTC()));
    }

    private ApiResponse call(String method, String path, String key, Map<String, String> headers, byte[] body) {
        Map<String, String> all = new HashMap<>(headers);
        if (key != null) {
            all.put("x-api-key", key);
        }
        int query = path.indexOf('?');
        Map<String, String> parameters = new HashMap<>();
        if (query >= 0) {
            for (String pair : path.substring(query + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                parameters.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            path = path.substring(0, query);
        }
        ApiRequest request = new ApiRequest(method, path, parameters, all, body, "198.51.100.4", "req-test");
        return OpenApiContract.served().check(request, api.handle(request));
    }

    private ApiResponse create(byte[] body) {
        return call("POST", "/v1/videocreate", aliceKey, Map.of("Content-Type", "application/json"), body);
    }

    private ApiResponse create(String body) {
        return create(body.getBytes(StandardCharsets.UTF_8));
    }

    private void assertInvalid(ApiResponse response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(body.get("details")).anySatisfy(detail -> assertThat(detail.get("field").asText()).isEqualTo(field));
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        byte[] body = new byte[VideoApi.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');

        ApiResponse response = create(body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void aBodyThatIsNotJsonIs415(String contentType) {
        ApiResponse response = call("POST", "/v1/videocreate", aliceKey, Map.of("Content-Type", contentType),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(415);
        assertThat(json(response).get("error").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aBodyWithoutAContentTypeIs415() {
        ApiResponse response = call("POST", "/v1/videocreate", aliceKey, Map.of(),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(415);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"width\": 640,}", "not json", "{\"width\": NaN}", "{'width': 640}",
            "{\"width\": 640} trailing", "\"just a string\"", "[]", "42", "null", ""})
    void malformedJsonIs400NamingTheBody(String body) {
        assertInvalid(create(body), "body");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = "{\"width\": 640, \"height\": 360, \"metadata\": {\"x\": \"??\"}, \"elements\": []}"
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(body, StandardCharsets.UTF_8).indexOf("??");
        body[at] = (byte) 0xC3;
        body[at + 1] = (byte) 0x28;

        assertInvalid(create(body), "body");
    }

    @Test
    void duplicateKeysAre400() {
        ApiResponse response = create("{\"width\": 640, \"width\": 1280, \"height\": 360, \"duration\": 2,"
                + " \"elements\": [{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}]}");

        assertInvalid(response, "body");
        assertThat(json(response).get("details").get(0).get("message").asText()).containsIgnoringCase("duplicate");
    }

    @ParameterizedTest
    @ValueSource(ints = {65, 2000})
    void jsonNestedDeeperThan64LevelsIs400(int depth) {
        String nested = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);

        assertInvalid(create("{\"width\": 640, \"height\": 360, \"duration\": 2, \"metadata\": " + nested
                + ", \"elements\": [{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}]}"), "body");
        assertInvalid(create("[".repeat(depth * 10) + "]".repeat(depth * 10)), "body");
    }

    @Test
    void everyProblemOfAnInvalidRequestIsListedWithItsField() {
        ApiResponse response = create("""
                {"width": 641, "height": 5, "fps": 0,
                 "elements": [{"type": "image", "source": "https://m.example.com/a.png", "width": "wide"}]}""");

        assertThat(response.status()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("details")).extracting(detail -> detail.get("field").asText())
                .contains("width", "height", "fps", "elements[0].width");
        assertThat(body.get("message").asText()).matches("\\d+ problems in the request");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://m.example.com/a.png", "gopher://m.example.com/a"})
    void sourcesOutsideHttpAndS3AreRefusedBeforeAnythingIsFetched(String source) {
        assertInvalid(create("{\"width\": 640, \"height\": 360, \"duration\": 2, \"elements\": [{\"type\": \"image\","
                + " \"source\": \"" + source + "\"}]}"), "elements[0].source");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/a.png                          | 127.0.0.1 is a loopback address",
            "http://169.254.169.254/latest/meta-data/        | 169.254.169.254 is a link-local address",
            "https://10.1.2.3/a.png                          | 10.1.2.3 is a private address",
            "http://[::ffff:169.254.169.254]/a.png           | is a link-local address",
            "http://2130706433/a.png                         | 2130706433 is a loopback address",
            "http://localhost:8080/a.png                     | localhost resolves to a loopback address",
            "s3://someone-elses-bucket/a.png                 | own bucket (s3://" + BUCKET + "/…), not of someone-elses-bucket",
            "s3://" + BUCKET + "/inputs/../processed/a.png   | no empty, '.' or '..' segments",
            "s3://" + BUCKET + "//a.png                      | no empty, '.' or '..' segments"})
    void sourcesThatCanBeSeenToBeOutOfBoundsAreRefusedBeforeAJobIsCreated(String source, String why) {
        ApiResponse response = create("{\"width\": 640, \"height\": 360, \"duration\": 2, \"elements\": [{\"type\": "
                + "\"text\", \"text\": \"ok\"}, {\"type\": \"image\", \"source\": \"" + source + "\"}]}");

        assertInvalid(response, "elements[1].source");
        assertThat(json(response).get("details").get(0).get("message").asText()).contains(why);
    }

    @Test
    void aCallbackToAnInternalAddressIsRefusedBeforeAJobIsCreated() {
        assertInvalid(create("{\"width\": 640, \"height\": 360, \"duration\": 2, \"callback_url\": "
                + "\"https://192.168.0.10/hook\", \"elements\": [{\"type\": \"text\", \"text\": \"ok\"}]}"),
                "callback_url");
    }

    @Test
    void anObjectOfTheServicesOwnBucketAndAPublicHostPassTheScreen() {
        SourceScreen screen = new SourceScreen(NetworkPolicy.publicInternetOnly(), BUCKET);
        CompositionRequest request = RequestParser.forApi().parse(JSON.valueToTree(Map.of("width", 64, "height", 64,
                "duration", 1, "callback_url", "https://93.184.215.14/hook", "elements", List.of(
                        Map.of("type", "image", "source", "s3://" + BUCKET + "/inputs/logo.png"),
                        Map.of("type", "video", "source", "https://93.184.215.14/v.mp4")))));

        assertThat(screen.problems(request, null)).isEmpty();
    }

    /** PostgreSQL cannot store U+0000 in text or jsonb: such a request is the client's error, not an outage. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"width\": 640, \"height\": 360, \"duration\": 2, \"metadata\": {\"note\": \"a\\u0000b\"},"
                    + " \"elements\": [{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}]}",
            "{\"width\": 640, \"height\": 360, \"duration\": 2, \"metadata\": {\"a\\u0000b\": 1},"
                    + " \"elements\": [{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}]}",
            "{\"width\": 640, \"height\": 360, \"duration\": 2, \"response_type\": \"async\","
                    + " \"elements\": [{\"type\": \"text\", \"text\": \"nul\\u0000here\"}]}"})
    void aNulCharacterIs400NotAnOutage(String body) {
        ApiResponse response = create(body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(json(response).get("details")).anySatisfy(detail -> assertThat(detail.get("field").asText())
                .isIn("metadata.note", "metadata", "elements[0].text"));
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void aNulCharacterIsListedWithTheOtherProblems() {
        ApiResponse response = create("{\"width\": 641, \"height\": 360, \"duration\": 2,"
                + " \"metadata\": {\"note\": \"\\u0000\"}, \"elements\": [{\"type\": \"image\","
                + " \"source\": \"https://m.example.com/a.png\"}]}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(json(response).get("details")).extracting(detail -> detail.get("field").asText())
                .contains("width", "metadata.note");
    }

    /** The schema keeps times to the millisecond: a value that rounds into a refused one is the client's error. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"width\": 640, \"height\": 360, \"duration\": 0.0001, \"response_type\": \"async\","
                    + " \"elements\": [{\"type\": \"image\", \"source\": \"https://m.example.com/a.png\"}]}",
            "{\"width\": 640, \"height\": 360, \"response_type\": \"async\", \"elements\": [{\"type\": \"video\","
                    + " \"source\": \"https://m.example.com/v.mp4\", \"trim_start\": 1.0001, \"trim_end\": 1.0004}]}"})
    void aValueTheSchemaCannotHoldIs400NotAnOutage(String body) {
        ApiResponse response = create(body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(response.body()).doesNotContain("Failing row").doesNotContain("198.51.100.4");
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @Test
    void anIdempotencyKeyLongerThan255CharactersIs400() {
        ApiResponse tooLong = call("POST", "/v1/videocreate", aliceKey,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "k".repeat(256)),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));
        ApiResponse blank = call("POST", "/v1/videocreate", aliceKey,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "   "),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));

        ApiResponse nul = call("POST", "/v1/videocreate", aliceKey,
                Map.of("Content-Type", "application/json", "Idempotency-Key", "key\u0000"),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));

        assertInvalid(tooLong, "Idempotency-Key");
        assertInvalid(blank, "Idempotency-Key");
        assertInvalid(nul, "Idempotency-Key");
    }

    @Test
    void creatingWithoutAKeyIs401AndWithAWrongKeyIs403() {
        ApiResponse none = call("POST", "/v1/videocreate", null, Map.of("Content-Type", "application/json"),
                SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));
        ApiResponse wrong = call("POST", "/v1/videocreate", "vg_live_" + "x".repeat(40),
                Map.of("Content-Type", "application/json"), SMALL_REQUEST.getBytes(StandardCharsets.UTF_8));

        assertThat(none.status()).isEqualTo(401);
        assertThat(json(none).get("error").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(jobCount(db.dataSource())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v2/videocreate", "/v1/videoresult", "/v1/videoresult/vg_abc/extra", "/v1/jobs",
            "/v1/videocreate/../health"})
    void anUnknownRouteIs404(String path) {
        ApiResponse response = call("GET", path, aliceKey, Map.of(), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void controlCharactersInAPathAreNotEchoed() {
        ApiResponse response = call("GET", "/v1/\u001b[31mred\r\nX-Injected: 1", aliceKey, Map.of(), null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(json(response).get("message").asText()).doesNotContain("\u001b").doesNotContain("\r")
                .doesNotContain("\n");
    }

    @Test
    void aWrongMethodIs405WithTheAllowedOnes() {
        ApiResponse getCreate = call("GET", "/v1/videocreate", aliceKey, Map.of(), null);
        ApiResponse putResult = call("PUT", "/v1/videoresult/vg_abcdefghijklmnopqrst", aliceKey, Map.of(), null);
        ApiResponse postHealth = call("POST", "/v1/health", null, Map.of(), null);
        ApiResponse deleteMetrics = call("DELETE", "/v1/metrics", aliceKey, Map.of(), null);

        assertThat(getCreate.status()).isEqualTo(405);
        assertThat(getCreate.headers()).containsEntry("Allow", "POST");
        assertThat(json(getCreate).get("error").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(putResult.status()).isEqualTo(405);
        assertThat(putResult.headers()).containsEntry("Allow", "GET, DELETE");
        assertThat(postHealth.status()).isEqualTo(405);
        assertThat(deleteMetrics.status()).isEqualTo(405);
    }

    @Test
    void anOwnerReadsItsJobAndNobodyElseCan() {
        String jobId = JobFixtures.insert(jobs, "alice", SMALL_REQUEST).jobId();

        ApiResponse mine = call("GET", "/v1/videoresult/" + jobId, aliceKey, Map.of(), null);
        ApiResponse theirs = call("GET", "/v1/videoresult/" + jobId, bobKey, Map.of(), null);
        ApiResponse anonymous = call("GET", "/v1/videoresult/" + jobId, null, Map.of(), null);
        ApiResponse unknown = call("GET", "/v1/videoresult/vg_aaaaaaaaaaaaaaaaaaaa", aliceKey, Map.of(), null);
        ApiResponse malformed = call("GET", "/v1/videoresult/'; DROP TABLE jobs; --", aliceKey, Map.of(), null);

        assertThat(mine.status()).isEqualTo(200);
        assertThat(json(mine).get("job_id").asText()).isEqualTo(jobId);
        assertThat(json(mine).get("status").asText()).isEqualTo("pending");
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(json(theirs).get("error").asText()).isEqualTo("JOB_NOT_FOUND");
        assertThat(theirs.body()).isEqualTo(unknown.body().replace("vg_aaaaaaaaaaaaaaaaaaaa", jobId));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void anOwnerReadsTheWebhookDeliveryLogOfItsJobAndNobodyElseCan() {
        String withHook = """
                {"width": 640, "height": 360, "duration": 2, "callback_url": "https://hooks.example.com/v?token=s3cret",
                 "elements": [{"type": "image", "source": "https://media.example.com/a.png"}]}""";
        String jobId = JobFixtures.insert(jobs, "alice", withHook).jobId();
        jobs.fail(jobId, null, "FFMPEG_ERROR", "broken", null);

        ApiResponse mine = call("GET", "/v1/videoresult/" + jobId + "/webhooks", aliceKey, Map.of(), null);
        ApiResponse theirs = call("GET", "/v1/videoresult/" + jobId + "/webhooks", bobKey, Map.of(), null);

        assertThat(mine.status()).isEqualTo(200);
        JsonNode delivery = json(mine).path("deliveries").get(0);
        assertThat(delivery.path("event").asText()).isEqualTo("job.failed");
        assertThat(delivery.path("state").asText()).isEqualTo("pending");
        assertThat(delivery.path("attempts").asInt()).isZero();
        assertThat(delivery.path("delivery_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(delivery.path("url").asText()).isEqualTo("https://hooks.example.com/v");
        assertThat(theirs.status()).isEqualTo(404);
    }

    @Test
    void anOwnerCancelsItsJobOnceAndNobodyElseCan() {
        String jobId = JobFixtures.insert(jobs, "alice", SMALL_REQUEST).jobId();

        ApiResponse byBob = call("DELETE", "/v1/videoresult/" + jobId, bobKey, Map.of(), null);
        assertThat(byBob.status()).isEqualTo(404);
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

        ApiResponse cancelled = call("DELETE", "/v1/videoresult/" + jobId, aliceKey, Map.of(), null);
        ApiResponse again = call("DELETE", "/v1/videoresult/" + jobId, aliceKey, Map.of(), null);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(json(cancelled).get("status").asText()).isEqualTo("cancelled");
        assertThat(again.status()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).isEqualTo("JOB_ALREADY_ENDED");
        assertThat(jobs.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/health", "/health", "/v1/health/"})
    void healthNeedsNoCredentials(String path) {
        ApiResponse response = call("GET", path, null, Map.of(), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(json(response).get("status").asText()).isEqualTo("ok");
        assertThat(json(response).get("checks").get("database").asText()).isEqualTo("ok");
    }

    @Test
    void aDatabaseOutageIs503WithRetryAfterNeverA500() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setConnectTimeout(2);
        VideoApi down = apiOn(Database.of(nowhere));
        ApiRequest read = new ApiRequest("GET", "/v1/videoresult/vg_aaaaaaaaaaaaaaaaaaaa", Map.of(),
                Map.of("x-api-key", aliceKey), null, "198.51.100.4", "req-down");

        ApiRequest healthCheck = new ApiRequest("GET", "/v1/health", Map.of(), Map.of(), null, null, "r1");
        ApiResponse health = OpenApiContract.served().check(healthCheck, down.handle(healthCheck));
        ApiResponse status = OpenApiContract.served().check(read, down.handle(read));

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.headers()).containsKey("Retry-After");
        assertThat(json(health).get("checks").get("database").asText()).isEqualTo("unavailable");
        assertThat(status.status()).isEqualTo(503);
        assertThat(status.headers()).containsKey("Retry-After");
        assertThat(status.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void metricsCountJobsByStatusAsJsonAndPrometheusText() {
        JobFixtures.insert(jobs, "alice", SMALL_REQUEST);
        JobFixtures.insert(jobs, "alice", SMALL_REQUEST);
        String failed = JobFixtures.insert(jobs, "alice", SMALL_REQUEST).jobId();
        jobs.fail(failed, null, "SOURCE_DOWNLOAD_FAILED", "404", null);

        ApiResponse asJson = call("GET", "/v1/metrics", aliceKey, Map.of(), null);
        ApiResponse asText = call("GET", "/v1/metrics", aliceKey, Map.of("Accept", "text/plain"), null);
        ApiResponse anonymous = call("GET", "/v1/metrics", null, Map.of(), null);

        assertThat(asJson.status()).isEqualTo(200);
        JsonNode body = json(asJson);
        assertThat(body.get("jobs_by_status").get("pending").asLong()).isEqualTo(2);
        assertThat(body.get("jobs_by_status").get("failed").asLong()).isEqualTo(1);
        assertThat(body.get("errors_by_code").get("SOURCE_DOWNLOAD_FAILED").asLong()).isEqualTo(1);
        assertThat(body.has("quick_response_rate_percent")).isTrue();
        assertThat(body.get("processing_time_seconds").has("p95")).isTrue();
        assertThat(asText.status()).isEqualTo(200);
        assertThat(asText.headers().get("Content-Type")).startsWith("text/plain");
        assertThat(asText.body()).contains("videogen_jobs{status=\"pending\"} 2\n")
                .contains("videogen_errors{code=\"SOURCE_DOWNLOAD_FAILED\"} 1\n");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesServed() {
        ApiResponse response = call("GET", "/v1/openapi.json", null, Map.of(), null);

        assertThat(response.status()).isEqualTo(200);
        JsonNode document = json(response);
        assertThat(document.get("openapi").asText()).startsWith("3.1");
        java.util.List<String> documented = new java.util.ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!method.startsWith("x-") && !method.equals("parameters")) {
                    documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(VideoApi.ROUTES);
    }
}
