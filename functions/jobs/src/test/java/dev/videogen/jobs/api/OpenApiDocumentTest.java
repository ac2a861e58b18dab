package dev.videogen.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.migrations.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document kept in the repository describes exactly the routes the API answers. */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode document;
    private static VideoApi api;

    @BeforeAll
    static void load() throws Exception {
        document = JSON.readTree(OpenApiDocument.text());
        Database database = Database.of(TestDatabase.fresh().dataSource());
        // the routes checked here never reach the queue, the worker or the inspector
        api = new VideoApi(new VideoApi.Dependencies(new JobRepository(database), null, null, null, new Estimator(),
                new JobViews(new ResultUrls(null, "https://cdn.example.com", Duration.ofHours(1))), Authenticator.NONE,
                new HealthChecks().add("database", () -> "ok"), new MetricsReport(database), JobEndListener.NONE,
                new SourceScreen(NetworkPolicy.publicInternetOnly(), "videogen-test"), Duration.ofSeconds(25), Duration.ofHours(1), true, Clock.systemUTC()));
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
            String path = parts[1].replace("{job_id}", "vg_aaaaaaaaaaaaaaaaaaaa");
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
