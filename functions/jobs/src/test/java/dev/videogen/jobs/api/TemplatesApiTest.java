package dev.videogen.jobs.api;

import static dev.videogen.jobs.JobFixtures.jobCount;
import static dev.videogen.jobs.JobFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.InputPrefixes;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.jobs.templates.TemplateRepository;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The template routes and {@code template_id} + {@code merge} on videocreate, through the API as the handlers call
 * it, every answer checked against the OpenAPI document. These requests are all refused or answered before a job
 * would be queued; rendering from a template is shown by the local stack's tests.
 */
class TemplatesApiTest {

    private static final String BUCKET = "videogen-test";
    private static final String PROMO = """
            {"name": "promo",
             "template": {"width": 320, "height": 180, "duration": 2, "response_type": "async",
                          "elements": [{"type": "image", "source": "{{logo}}", "opacity": "{{opacity}}"},
                                       {"type": "text", "text": "{{title}}"}]},
             "variables": {"logo": {"type": "url"}, "opacity": {"type": "number", "default": 1},
                           "title": {"type": "string", "default": "Sale"}}}""";

    private static TestDatabase db;
    private static VideoApi api;
    private static String aliceKey;
    private static String bobKey;

    @BeforeAll
    static void setUp() {
        db = TestDatabase.fresh();
        Database database = Database.of(db.dataSource());
        ApiKeys keys = new ApiKeys(database);
        aliceKey = keys.create("alice", "tests").key();
        bobKey = keys.create("bob", "tests").key();
        api = new VideoApi(new VideoApi.Dependencies(new JobRepository(database), null, null, null, new Estimator(),
                new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1))),
                new ApiKeyAuthenticator(keys), new HealthChecks(), new MetricsReport(database), JobEndListener.NONE,
                new SourceScreen(NetworkPolicy.publicInternetOnly(), BUCKET, new InputPrefixes("examples/")),
                Duration.ofSeconds(25), Duration.ofHours(1), true, Clock.systemUTC()),
                new VideoApi.Resources(new TemplateRepository(database), null));
    }

    private static ApiResponse call(String method, String path, String key, String body) {
        int query = path.indexOf('?');
        Map<String, String> parameters = query < 0 ? Map.of() : Map.of("dry_run", "true");
        ApiRequest request = new ApiRequest(method, query < 0 ? path : path.substring(0, query), parameters,
                Map.of("x-api-key", key, "Content-Type", "application/json"),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "198.51.100.4", "req-templates");
        return OpenApiContract.served().check(request, api.handle(request));
    }

    private static String savePromo(String key) {
        ApiResponse created = call("POST", "/v1/templates", key, PROMO);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().get("Location")).startsWith("/v1/templates/tpl_");
        return json(created).get("template_id").asText();
    }

    private static JsonNode refusal(ApiResponse response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return json(response).get("details");
    }

    @Test
    void aTemplateIsSavedListedReplacedAsVersionTwoAndDeleted() {
        String id = savePromo(aliceKey);

        assertThat(json(call("GET", "/v1/templates", aliceKey, null)).get("templates").findValuesAsText("template_id"))
                .contains(id);
        ApiResponse replaced = call("PUT", "/v1/templates/" + id, aliceKey, PROMO.replace("Sale", "Clearance"));
        assertThat(json(replaced).get("version").asInt()).isEqualTo(2);
        assertThat(json(call("GET", "/v1/templates/" + id, aliceKey, null)).at("/variables/title/default").asText())
                .isEqualTo("Clearance");
        assertThat(call("GET", "/v1/templates/" + id, bobKey, null).status()).isEqualTo(404);

        assertThat(call("DELETE", "/v1/templates/" + id, aliceKey, null).status()).isEqualTo(204);
        assertThat(call("GET", "/v1/templates/" + id, aliceKey, null).status()).isEqualTo(404);
    }

    @Test
    void everySubstitutionProblemIsA400NamingTheMergeField() {
        String id = savePromo(aliceKey);
        long jobsBefore = jobCount(db.dataSource());

        assertThat(refusal(call("POST", "/v1/videocreate", aliceKey, "{\"template_id\": \"" + id + "\"}"))
                .findValuesAsText("field")).containsExactly("merge.logo");
        assertThat(refusal(call("POST", "/v1/videocreate", aliceKey, "{\"template_id\": \"" + id + "\", \"merge\": "
                + "{\"logo\": \"https://cdn.example.com/l.png\", \"opacity\": \"half\", \"tagline\": \"x\"}}"))
                .findValuesAsText("field")).containsExactlyInAnyOrder("merge.opacity", "merge.tagline");
        assertThat(jobCount(db.dataSource())).isEqualTo(jobsBefore);
    }

    @Test
    void substitutedValuesPassTheValidationOfAHandWrittenRequestAndAreNamedAfterTheirVariable() {
        String id = savePromo(aliceKey);

        // a number out of the field's range, and a URL the source rules refuse (another owner's input)
        JsonNode details = refusal(call("POST", "/v1/videocreate", aliceKey, "{\"template_id\": \"" + id + "\","
                + " \"merge\": {\"logo\": \"s3://" + BUCKET + "/inputs/bob/logo.png\", \"opacity\": 7}}"));

        assertThat(details.findValuesAsText("field")).contains("merge.opacity");
        JsonNode sourceProblem = refusal(call("POST", "/v1/videocreate", aliceKey, "{\"template_id\": \"" + id
                + "\", \"merge\": {\"logo\": \"s3://another-bucket/logo.png\"}}"));
        assertThat(sourceProblem.findValuesAsText("field")).containsExactly("merge.logo");
        assertThat(sourceProblem.findValuesAsText("message").get(0)).contains("elements[0].source");
    }

    @Test
    void aTemplateOfAnotherOwnerOrNoneIsAProblemOfTemplateId() {
        String id = savePromo(aliceKey);

        assertThat(refusal(call("POST", "/v1/videocreate", bobKey, "{\"template_id\": \"" + id + "\", \"merge\":"
                + " {\"logo\": \"https://cdn.example.com/l.png\"}}")).findValuesAsText("field"))
                .containsExactly("template_id");
        assertThat(refusal(call("POST", "/v1/videocreate?dry_run=true", aliceKey,
                "{\"template_id\": \"tpl_nope\"}")).findValuesAsText("field")).containsExactly("template_id");
        assertThat(refusal(call("POST", "/v1/videocreate", aliceKey, "{\"merge\": {}, \"width\": 320}"))
                .findValuesAsText("field")).containsExactly("merge");
    }

    @Test
    void aTemplateUsingAnUndeclaredVariableIsRefusedNamingIt() {
        JsonNode details = refusal(call("POST", "/v1/templates", aliceKey, PROMO.replace("{{title}}", "{{headline}}")));

        assertThat(details.findValuesAsText("field")).containsExactly("variables.headline");
    }
}
