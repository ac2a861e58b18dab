package dev.videogen.jobs.api;

import static dev.videogen.jobs.JobFixtures.insert;
import static dev.videogen.jobs.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.jobs.CreateRateLimit;
import dev.videogen.jobs.MovableClock;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobFixtures;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.InputPrefixes;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one owner's key cannot reach of another's: its uploads and results as sources (in a render, a dry run or an
 * inline probe), its figures, its create budget. Answers are checked against the served OpenAPI document.
 */
class OwnerIsolationApiTest {

    private static final String BUCKET = "videogen-test";
    private static final String ALICE_UPLOAD = "s3://" + BUCKET + "/" + InputPrefixes.ownerPrefix("alice") + "u1/clip.mp4";
    private static final String ALICE_RESULT = "s3://" + BUCKET + "/processed/vg_aaaaaaaaaaaaaaaaaaaa.mp4";

    private TestDatabase db;
    private Database database;
    private String aliceKey;
    private String bobKey;
    private final MovableClock clock =
            new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SourceScreen screen;

    @BeforeEach
    void setUp() {
        db = TestDatabase.fresh();
        database = Database.of(db.dataSource());
        ApiKeys keys = new ApiKeys(database);
        aliceKey = keys.create("alice", "tests").key();
        bobKey = keys.create("bob", "tests").key();
        screen = new SourceScreen(NetworkPolicy.publicInternetOnly(), BUCKET, new InputPrefixes("examples/"));
    }

    private VideoApi api(Authenticator authenticator, int createsPerMinute) {
        return new VideoApi(new VideoApi.Dependencies(new JobRepository(database), null, null, null, new Estimator(),
                new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1))), authenticator,
                new HealthChecks(), new MetricsReport(database), JobEndListener.NONE, screen, Duration.ofSeconds(25),
                Duration.ofHours(1), true, Clock.systemUTC()),
                new VideoApi.Safeguards(new CreateRateLimit(database, createsPerMinute, clock), null));
    }

    private VideoApi keyed(int createsPerMinute) {
        return api(new ApiKeyAuthenticator(new ApiKeys(database)), createsPerMinute);
    }

    private static ApiResponse call(VideoApi api, String method, String path, String key, String body) {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("x-api-key", key);
        }
        Map<String, String> query = new HashMap<>();
        int mark = path.indexOf('?');
        if (mark >= 0) {
            String[] pair = path.substring(mark + 1).split("=", 2);
            query.put(pair[0], pair[1]);
            path = path.substring(0, mark);
        }
        headers.put("Content-Type", "application/json");
        ApiRequest request = new ApiRequest(method, path, query, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), "198.51.100.4", "req-test");
        return OpenApiContract.served().check(request, api.handle(request));
    }

    private static String videoFrom(String source, String responseType) {
        return """
                {"width": 320, "height": 240, "response_type": "%s",
                 "elements": [{"type": "video", "source": "%s"}]}""".formatted(responseType, source);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/videocreate", "/v1/videocreate?dry_run=true"})
    void anotherOwnersUploadOrResultIsRefusedNamingTheSourceAndNothingIsStored(String path) {
        VideoApi api = keyed(0);
        for (String source : new String[] {ALICE_UPLOAD, ALICE_RESULT, "s3://" + BUCKET + "/inputs/clip.mp4"}) {
            for (String responseType : new String[] {"async", "immediate"}) {
                ApiResponse response = call(api, "POST", path, bobKey, videoFrom(source, responseType));

                assertThat(response.status()).as(source + ": " + response.body()).isEqualTo(400);
                JsonNode detail = json(response).path("details").get(0);
                assertThat(detail.path("field").asText()).isEqualTo("elements[0].source");
                assertThat(detail.path("message").asText()).contains("inputs/bob/");
            }
        }
        assertThat(JobFixtures.jobCount(db.dataSource())).isZero();
    }

    @Test
    void theOwnersOwnUploadAndTheSharedExamplesPassTheScreen() throws Exception {
        assertThat(screen.problems(JobFixtures.request(videoFrom(ALICE_UPLOAD, "async")), "alice")).isEmpty();
        assertThat(screen.problems(JobFixtures.request(videoFrom("s3://" + BUCKET + "/examples/a.mp4", "async")),
                "bob")).isEmpty();
        assertThat(screen.problems(JobFixtures.request(videoFrom(ALICE_UPLOAD, "async")), "bob")).hasSize(1);
    }

    @Test
    void aKeyHolderSeesTheFiguresOfItsOwnJobsOnly() {
        JobRepository jobs = new JobRepository(database);
        insert(jobs, "alice", JobFixtures.SMALL_REQUEST);
        insert(jobs, "alice", JobFixtures.SMALL_REQUEST);
        insert(jobs, "bob", JobFixtures.SMALL_REQUEST);
        VideoApi api = keyed(0);

        JsonNode bob = json(call(api, "GET", "/v1/metrics", bobKey, null));
        JsonNode alice = json(call(api, "GET", "/v1/metrics", aliceKey, null));
        JsonNode service = json(call(api(Authenticator.NONE, 0), "GET", "/v1/metrics", null, null));

        assertThat(bob.path("scope").asText()).isEqualTo("owner");
        assertThat(bob.path("total_jobs").asLong()).isEqualTo(1);
        assertThat(bob.path("jobs_by_status").path("pending").asLong()).isEqualTo(1);
        assertThat(alice.path("total_jobs").asLong()).isEqualTo(2);
        assertThat(service.path("scope").asText()).isEqualTo("service");
        assertThat(service.path("total_jobs").asLong()).isEqualTo(3);
    }

    @Test
    void anOwnerOverItsBudgetGets429WithRetryAfterWhileOthersCarryOn() {
        VideoApi api = keyed(2);
        String refusedEarly = "{\"width\": 7}";
        for (int i = 0; i < 2; i++) {
            assertThat(call(api, "POST", "/v1/videocreate", aliceKey, refusedEarly).status()).isEqualTo(400);
        }

        ApiResponse limited = call(api, "POST", "/v1/videocreate", aliceKey, refusedEarly);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.headers()).containsEntry("Retry-After", "30");
        JsonNode body = json(limited);
        assertThat(body.path("error").asText()).isEqualTo("RATE_LIMITED");
        assertThat(body.has("field") && body.get("field").isNull()).as(limited.body()).isTrue();
        assertThat(call(api, "POST", "/v1/videocreate", bobKey, refusedEarly).status()).isEqualTo(400);

        clock.advance(Duration.ofSeconds(30));
        assertThat(call(api, "POST", "/v1/videocreate", aliceKey, refusedEarly).status())
                .as("the budget refilled").isEqualTo(400);
    }
}
