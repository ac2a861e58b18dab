package dev.videogen.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.jobs.templates.TemplateRepository;
import dev.videogen.jobs.uploads.Uploads;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document kept in the repository describes exactly the routes the API answers. */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;
    private static VideoApi api;

    private static Database database;

    @BeforeAll
    static void load() throws Exception {
        document = JSON.readTree(OpenApiDocument.text());
        database = Database.of(TestDatabase.fresh().dataSource());
        api = apiWith(Authenticator.NONE);
    }

    /** The API over a real database; the routes checked here never reach the queue, the worker or the inspector. */
    private static VideoApi apiWith(Authenticator authenticator) {
        return new VideoApi(new VideoApi.Dependencies(new JobRepository(database), null, null, null, new Estimator(),
                new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1))), authenticator,
                new HealthChecks().add("database", () -> "ok"), new MetricsReport(database), JobEndListener.NONE,
                new SourceScreen(NetworkPolicy.publicInternetOnly(), "videogen-test"), Duration.ofSeconds(25),
                Duration.ofHours(1), true, Clock.systemUTC()),
                // the uploads checked here are refused before the object store is asked for anything
                new VideoApi.Resources(new TemplateRepository(database), new Uploads(null, 1024, Clock.systemUTC())));
    }

    @Test
    void everyExampleOfTheCreateRequestMatchesItsSchemaAndIsAcceptedByTheParser() {
        JsonNode examples = document.at("/paths/~1v1~1videocreate/post/requestBody/content/application~1json/examples");
        assertThat(examples.size()).isGreaterThanOrEqualTo(3);
        Set<String> fields = new TreeSet<>();
        for (Map.Entry<String, JsonNode> example : examples.properties()) {
            JsonNode value = example.getValue().path("value");
            assertThat(OpenApiContract.served().componentViolations("CreateRequest", value.toString()))
                    .as(example.getKey()).isEmpty();
            CompositionRequest parsed = new RequestParser(RequestParser.SourcePolicy.REMOTE_ONLY).parse(value);
            assertThat(parsed.elements()).as(example.getKey()).hasSize(value.path("elements").size());
            value.path("elements").forEach(element -> element.fieldNames().forEachRemaining(fields::add));
        }
        // between them the examples show every field of motion and of text and captions
        assertThat(fields).contains("keyframes", "animations", "ken_burns", "transition", "fade_in", "fade_out",
                "font_size", "font_weight", "font_style", "font_url", "line_height", "letter_spacing", "vertical_align",
                "stroke_color", "stroke_width", "shadow_color", "shadow_x", "shadow_y", "shadow_blur",
                "background_padding", "background_radius", "captions", "max_lines", "highlight_color",
                "highlight_background");
    }

    private static ApiRequest request(String method, String path, String contentType, byte[] body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("Content-Type", contentType);
        return new ApiRequest(method, path, Map.of(), headers, body, "127.0.0.1", "openapi-test");
    }

    @Test
    void everyStatusTheApiAnswersWithIsDocumentedForItsRoute() {
        String job = "/v1/videoresult/vg_aaaaaaaaaaaaaaaaaaaa";
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        VideoApi missingCredentials = apiWith(request -> {
            throw new AuthenticationException(401, "credentials required");
        });
        VideoApi refusedCredentials = apiWith(request -> {
            throw new AuthenticationException(403, "credentials refused");
        });
        Map<String, ApiRequest> requests = new LinkedHashMap<>();
        requests.put("POST /v1/videocreate", request("POST", "/v1/videocreate", "application/json", empty));
        requests.put("POST /v1/videocreate as text", request("POST", "/v1/videocreate", "text/plain", empty));
        requests.put("POST /v1/videocreate too large", request("POST", "/v1/videocreate", "application/json",
                new byte[2 * 1024 * 1024]));
        requests.put("GET " + job, request("GET", job, null, null));
        requests.put("DELETE " + job, request("DELETE", job, null, null));
        requests.put("GET /v1/health", request("GET", "/v1/health", null, null));
        requests.put("GET /health", request("GET", "/health", null, null));
        requests.put("GET /v1/metrics", request("GET", "/v1/metrics", null, null));
        requests.put("GET /v1/openapi.json", request("GET", "/v1/openapi.json", null, null));
        String oneTemplate = "/v1/templates/tpl_aaaaaaaaaaaaaaaaaaaa";
        requests.put("POST /v1/uploads", request("POST", "/v1/uploads", "application/json", empty));
        requests.put("GET /v1/templates", request("GET", "/v1/templates", null, null));
        requests.put("POST /v1/templates", request("POST", "/v1/templates", "application/json", empty));
        requests.put("GET " + oneTemplate, request("GET", oneTemplate, null, null));
        requests.put("PUT " + oneTemplate, request("PUT", oneTemplate, "application/json", empty));
        requests.put("DELETE " + oneTemplate, request("DELETE", oneTemplate, null, null));

        Set<String> answered = new TreeSet<>();
        for (VideoApi each : List.of(api, missingCredentials, refusedCredentials)) {
            for (ApiRequest request : requests.values()) {
                ApiResponse response = OpenApiContract.served().check(request, each.handle(request));
                String template = request.path().replaceFirst("vg_[a-z]+$", "{job_id}")
                        .replaceFirst("tpl_[a-z]+$", "{template_id}");
                String route = request.method() + " " + template + " " + response.status();
                answered.add(route);
                assertThat(document.path("paths").path(template).path(request.method().toLowerCase(Locale.ROOT))
                        .path("responses").has(Integer.toString(response.status())))
                        .as("%s is documented (%s)", route, response.body()).isTrue();
            }
        }
        // the requests above did reach the answers they are meant to exercise
        assertThat(answered).contains("POST /v1/videocreate 400", "POST /v1/videocreate 413",
                "POST /v1/videocreate 415", "POST /v1/videocreate 401", "POST /v1/videocreate 403",
                "GET /v1/videoresult/{job_id} 404", "GET /v1/videoresult/{job_id} 401",
                "DELETE /v1/videoresult/{job_id} 403", "GET /v1/metrics 200", "GET /v1/metrics 401",
                "GET /v1/health 200", "GET /v1/openapi.json 200", "POST /v1/uploads 400",
                "GET /v1/templates 200", "POST /v1/templates 400", "GET /v1/templates/{template_id} 404",
                "PUT /v1/templates/{template_id} 404", "DELETE /v1/templates/{template_id} 404");
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new HashSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            path.getValue().fieldNames().forEachRemaining(method ->
                    routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
        }
        return routes;
    }

    @Test
    void isOpenApiThreeOne() {
        assertThat(document.get("openapi").asText()).startsWith("3.1");
        assertThat(document.at("/components/schemas/CreateRequest/required").toString())
                .contains("width").contains("height").contains("elements");
    }

    @Test
    void documentsExactlyTheRoutesTheApiAnswers() {
        assertThat(documentedRoutes()).containsExactlyInAnyOrderElementsOf(VideoApi.ROUTES);
    }

    @Test
    void everyDocumentedRouteIsRoutedAndAnUndocumentedOneIsNot() throws Exception {
        for (String route : VideoApi.ROUTES) {
            String[] parts = route.split(" ");
            String path = parts[1].replace("{job_id}", "vg_aaaaaaaaaaaaaaaaaaaa")
                    .replace("{template_id}", "tpl_aaaaaaaaaaaaaaaaaaaa");
            ApiResponse response = api.handle(new ApiRequest(parts[0], path, Map.of(),
                    Map.of("Content-Type", "application/json"), "{}".getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                    "openapi-test"));
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("error").asText()).as(route).isNotIn("NOT_FOUND", "METHOD_NOT_ALLOWED");
        }
        ApiResponse unknown = api.handle(new ApiRequest("GET", "/v1/videos", Map.of(), Map.of(), null, "127.0.0.1",
                "openapi-test"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void isServedAsIs() {
        ApiResponse served = api.handle(new ApiRequest("GET", "/v1/openapi.json", Map.of(), Map.of(), null,
                "127.0.0.1", "openapi-test"));
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(OpenApiDocument.text());
    }
}
