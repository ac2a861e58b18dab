package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What the served OpenAPI document promises about each answer, checked with a JSON Schema 2020-12 validator
 * (networknt's, which knows nothing of this project): the route and method are documented, the status is one the
 * route lists, the media type is one it lists for that status, and a JSON body validates against that schema, with
 * every {@code $ref} resolved in the document itself. API tests pass every answer they receive through
 * {@link #check}, so an answer the document does not describe fails the test that received it.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://videogen.invalid/v1/openapi.json";
    private static final OpenApiContract SERVED = new OpenApiContract(OpenApiDocument.text());

    private final JsonNode document;
    private final SchemaRegistry registry;
    /** Every response schema of the document under a pointer free of characters a URI fragment cannot hold. */
    private final Map<String, String> pointers = new ConcurrentHashMap<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private record Route(String template, Pattern pattern) {
    }

    public OpenApiContract(String documentText) {
        try {
            this.document = JSON.readTree(documentText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode indexed = document.deepCopy();
        ObjectNode index = indexed.putObject("x-response-schemas");
        int next = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            routes.add(new Route(path.getKey(), Pattern.compile(
                    Pattern.quote(path.getKey()).replaceAll("\\{[a-z_]+\\}", "\\\\E[^/]+\\\\Q"))));
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
                        String name = "r" + next++;
                        index.set(name, media.getValue().path("schema"));
                        pointers.put(key(operation.getKey(), path.getKey(), response.getKey(), media.getKey()), name);
                    }
                }
            }
        }
        // webhook bodies are checked too: the body each webhook delivery carries
        for (Map.Entry<String, JsonNode> hook : document.path("webhooks").properties()) {
            String name = "r" + next++;
            index.set(name, hook.getValue().at("/post/requestBody/content/application~1json/schema"));
            pointers.put("webhook " + hook.getKey(), name);
        }
        String indexedText = indexed.toString();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(Map.of(BASE, indexedText)));
    }

    /** The document the API serves at {@code GET /v1/openapi.json}. */
    public static OpenApiContract served() {
        return SERVED;
    }

    /** Fails with every difference between {@code response} and what the document promises for {@code request}. */
    public ApiResponse check(ApiRequest request, ApiResponse response) {
        check(request.method(), request.path(), response.status(), response.headers().get("Content-Type"),
                response.body());
        return response;
    }

    /** Fails with every difference between the answer and what the document promises for this method and path. */
    public void check(String method, String path, int status, String contentType, String body) {
        List<String> problems = violations(method, path, status, contentType, body);
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + path + " answered " + status + " "
                    + (body == null ? "" : body.length() > 600 ? body.substring(0, 600) + "…" : body)
                    + "\nwhich the OpenAPI document does not describe:\n  " + String.join("\n  ", problems));
        }
    }

    /** Fails unless {@code body} is what the document says a webhook named {@code webhook} delivers. */
    public void checkWebhook(String webhook, String body) {
        String pointer = pointers.get("webhook " + webhook);
        if (pointer == null) {
            throw new AssertionError("no webhook " + webhook + " in the OpenAPI document");
        }
        List<String> problems = validate(pointer, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("webhook " + webhook + " body " + body + " does not match the document:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The differences; empty when the answer is one the document describes. */
    public List<String> violations(String method, String path, int status, String contentType, String body) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        if (bare.length() > 1 && bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        String lowerMethod = method.toLowerCase(Locale.ROOT);
        if (lowerMethod.equals("head")) {
            lowerMethod = "get"; // HEAD answers as GET does, without the body
            body = null;
        }
        String template = template(bare);
        List<String> problems = new ArrayList<>();
        if (template == null || !document.path("paths").path(template).has(lowerMethod)) {
            // unknown routes and methods answer the generic error the document defines
            if (status != 404 && status != 405) {
                problems.add("no route " + method + " " + bare + " is documented, yet it answered " + status);
            }
            problems.addAll(validateComponent("Error", body));
            return problems;
        }
        JsonNode responses = document.path("paths").path(template).path(lowerMethod).path("responses");
        String statusKey = Integer.toString(status);
        if (!responses.has(statusKey)) {
            statusKey = (status / 100) + "XX";
        }
        if (!responses.has(statusKey)) {
            problems.add("status " + status + " is not documented for " + method.toUpperCase(Locale.ROOT) + " "
                    + template + " (documented: " + fieldNames(responses) + ")");
            return problems;
        }
        JsonNode content = responses.path(statusKey).path("content");
        if (body == null || body.isEmpty()) {
            if (!content.isMissingNode() && content.size() > 0 && !method.equalsIgnoreCase("HEAD")) {
                problems.add("the body is empty, the document promises " + fieldNames(content));
            }
            return problems;
        }
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            problems.add("media type '" + mediaType + "' is not documented for " + status + " (documented: "
                    + fieldNames(content) + ")");
            return problems;
        }
        if (mediaType.equals("application/json")) {
            problems.addAll(validate(pointers.get(key(lowerMethod, template, statusKey, mediaType)), body));
        }
        return problems;
    }

    private String template(String path) {
        if (document.path("paths").has(path)) {
            return path;
        }
        for (Route route : routes) {
            if (route.pattern().matcher(path).matches()) {
                return route.template();
            }
        }
        return null;
    }

    /** The differences between {@code body} and the document's schema {@code name} of its components. */
    public List<String> componentViolations(String name, String body) {
        return validateComponent(name, body);
    }

    private List<String> validateComponent(String name, String body) {
        if (body == null || body.isEmpty()) {
            return List.of("the body is empty, the document promises a " + name);
        }
        return validate(schema(BASE + "#/components/schemas/" + name), body);
    }

    private List<String> validate(String pointer, String body) {
        return validate(schema(BASE + "#/x-response-schemas/" + pointer), body);
    }

    private static List<String> validate(Schema schema, String body) {
        List<Error> errors;
        try {
            errors = schema.validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            return List.of("the body is not JSON: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (Error error : errors) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage() + " (" + error.getEvaluationPath()
                    + ")");
        }
        return problems;
    }

    private Schema schema(String location) {
        return schemas.computeIfAbsent(location, at -> registry.getSchema(SchemaLocation.of(at)));
    }

    private static String key(String method, String template, String status, String mediaType) {
        return method + " " + template + " " + status + " " + mediaType;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
