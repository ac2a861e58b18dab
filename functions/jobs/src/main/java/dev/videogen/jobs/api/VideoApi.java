package dev.videogen.jobs.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.Inspection;
import dev.videogen.engine.Redaction;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.SourceReport;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.ResponseType;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.HumanUnits;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.db.NewJob;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.jobs.sources.SourceScreen;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the contract, free of any transport: one {@link ApiRequest} in, one {@link ApiResponse} out. The
 * api Lambda handler and the local server both call {@link #handle}.
 */
public final class VideoApi {

    private static final Logger LOG = LoggerFactory.getLogger(VideoApi.class);
    /** Largest body accepted (the contract's 413 limit). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    private static final int MAX_JSON_DEPTH = 64;
    private static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    /** Share of the quick-response budget an estimate may use for {@code auto} to render inline. */
    private static final double AUTO_INLINE_SHARE = 0.6;
    private static final Pattern RESULT_PATH = Pattern.compile("/v1/videoresult/([^/]+)");

    /** The routes of the contract; {@code /v1/openapi.json} documents exactly these. */
    public static final List<String> ROUTES = List.of(
            "POST /v1/videocreate",
            "GET /v1/videoresult/{job_id}",
            "DELETE /v1/videoresult/{job_id}",
            "GET /v1/health",
            "GET /health",
            "GET /v1/metrics",
            "GET /v1/openapi.json");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH).maxStringLength(MAX_BODY_BYTES).maxNumberLength(100).build());
    }

    /** What the API needs from the rest of the service. */
    public record Dependencies(JobRepository jobs, RenderQueue queue, RenderWorker worker, Renderer inspector,
                               Estimator estimator, JobViews views, Authenticator authenticator,
                               HealthChecks health, MetricsReport metrics, JobEndListener endListener,
                               SourceScreen sources, Duration quickResponseBudget, Duration jobTimeout,
                               boolean inlineRendering, Clock clock) {
    }

    private final Dependencies deps;
    private final RequestParser parser = RequestParser.forApi();

    public VideoApi(Dependencies dependencies) {
        this.deps = dependencies;
    }

    /** Answers one request. Never throws: every failure becomes a JSON error response. */
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (AuthenticationException e) {
            return error(e.status(), e.status() == 401 ? "UNAUTHORIZED" : "FORBIDDEN", e.getMessage());
        } catch (DatabaseException e) {
            if (!e.unavailable()) {
                // a refused statement is a fault of ours, not an outage: retrying will not help
                LOG.error("database statement refused answering {} {}: {}", request.method(), request.path(),
                        Redaction.failure(e));
                return error(500, ErrorCode.PROCESSING_FAILED.name(), "internal error; the request id is "
                        + request.requestId());
            }
            LOG.error("database failure answering {} {}: {}", request.method(), request.path(), e.getMessage());
            return unavailable("the database is unavailable");
        } catch (QueueException e) {
            LOG.error("queue failure answering {} {}: {}", request.method(), request.path(), e.getMessage());
            return unavailable("the render queue is unavailable");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}: {}", request.method(), request.path(),
                    Redaction.failure(e));
            return error(500, ErrorCode.PROCESSING_FAILED.name(), "internal error; the request id is "
                    + request.requestId());
        }
    }

    private ApiResponse route(ApiRequest request) {
        String path = request.path() == null ? "/" : request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = request.method();
        switch (path) {
            case "/v1/videocreate" -> {
                return method.equals("POST") ? create(request) : methodNotAllowed("POST");
            }
            case "/v1/health", "/health" -> {
                return method.equals("GET") || method.equals("HEAD") ? health() : methodNotAllowed("GET");
            }
            case "/v1/metrics" -> {
                if (!method.equals("GET")) {
                    return methodNotAllowed("GET");
                }
                deps.authenticator().authenticate(request);
                return metrics(request);
            }
            case "/v1/openapi.json" -> {
                return method.equals("GET") ? ApiResponse.text(200, ApiResponse.JSON, OpenApiDocument.text())
                        : methodNotAllowed("GET");
            }
            default -> {
                Matcher result = RESULT_PATH.matcher(path);
                if (result.matches()) {
                    return switch (method) {
                        case "GET" -> status(request, result.group(1));
                        case "DELETE" -> cancel(request, result.group(1));
                        default -> methodNotAllowed("GET, DELETE");
                    };
                }
                return error(404, "NOT_FOUND", "no route for " + method + " " + printable(path), "path");
            }
        }
    }

    private ApiResponse create(ApiRequest request) {
        Caller caller = deps.authenticator().authenticate(request);
        if (request.body().length > MAX_BODY_BYTES) {
            return error(413, "PAYLOAD_TOO_LARGE", "the body is larger than 1 MiB", "body");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return error(415, "UNSUPPORTED_MEDIA_TYPE", "send the request as application/json", "Content-Type");
        }
        Optional<FieldProblem> encoding = invalidUtf8(request.body());
        if (encoding.isPresent()) {
            return invalid(List.of(encoding.get()));
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (JsonProcessingException e) {
            return invalid(List.of(new FieldProblem("body", "is not valid JSON: " + jsonProblem(e))));
        } catch (java.io.IOException e) {
            return invalid(List.of(new FieldProblem("body", "could not be read")));
        }
        if (body == null || body.isMissingNode()) {
            return invalid(List.of(new FieldProblem("body", "is empty: send a JSON object")));
        }
        String idempotencyKey = request.header("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
                || idempotencyKey.indexOf('\0') >= 0)) {
            return invalid(List.of(new FieldProblem("Idempotency-Key",
                    "must be 1 to 255 characters, none of them NUL")));
        }
        List<FieldProblem> nulCharacters = nulCharacters(body, "", new ArrayList<>());
        CompositionRequest composition;
        try {
            composition = parser.parse(body);
        } catch (InvalidRequestException e) {
            List<FieldProblem> problems = new ArrayList<>(e.problems());
            problems.addAll(nulCharacters);
            return invalid(problems);
        }
        if (!nulCharacters.isEmpty()) {
            return invalid(nulCharacters);
        }
        List<FieldProblem> outOfBounds = deps.sources().problems(composition);
        if (!outOfBounds.isEmpty()) {
            return invalid(outOfBounds);
        }
        if ("true".equalsIgnoreCase(request.query().get("dry_run"))) {
            return dryRun(composition);
        }
        String hash = sha256(request.body());
        if (idempotencyKey != null) {
            Optional<ApiResponse> replay = replay(caller, idempotencyKey, hash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }

        int estimate = deps.estimator().estimateSeconds(composition);
        boolean inline = deps.inlineRendering() && switch (composition.responseType()) {
            case ASYNC -> false;
            case IMMEDIATE -> true;
            case AUTO -> estimate <= deps.quickResponseBudget().toSeconds() * AUTO_INLINE_SHARE;
        };
        String jobId = JobIds.newJobId();
        NewJob job = new NewJob(jobId, caller.subject(), inline ? "immediate" : "async",
                composition.outputFormat().wireName(), composition.width(), composition.height(), composition.fps(),
                composition.duration().isPresent() ? composition.duration().getAsDouble() : null,
                composition.backgroundColor().hexRgb(), body.toString(), composition.callbackUrl(), estimate,
                idempotencyKey, idempotencyKey == null ? null : hash, request.sourceIp(),
                withoutNul(request.header("User-Agent")),
                requestMetadata(request, composition), deps.jobTimeout().toSeconds());
        JobRecord created;
        try {
            created = deps.jobs().insert(job, composition.elements(), validationDetails(composition, estimate, inline));
        } catch (DatabaseException e) {
            if ("23505".equals(e.sqlState()) && idempotencyKey != null) {
                // the same key raced in from another request: answer as the repeat it is
                return replay(caller, idempotencyKey, hash).orElseThrow(() -> e);
            }
            if (refusedValue(e)) {
                // a value the parser accepted but the schema cannot hold, e.g. a length that rounds to 0 ms
                LOG.warn("job {} refused by the database: {}", jobId, e.getMessage());
                String constraint = e.getCause() instanceof PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getConstraint() : null;
                return invalid(List.of(new FieldProblem("body", "holds a value the service cannot store"
                        + (constraint == null ? "" : " (" + constraint + ")")
                        + "; times are kept to the millisecond")));
            }
            throw e;
        }
        if (!inline) {
            return enqueue(created, estimate);
        }
        Instant deadline = deps.clock().instant().plus(deps.quickResponseBudget());
        // the lease owner must be unique to this call: two inline renders never share a lease
        String worker = "api-" + (request.requestId() == null ? "" : request.requestId() + "-")
                + java.util.UUID.randomUUID();
        RenderWorker.Result result = deps.worker().renderInline(jobId, worker, deadline);
        JobRecord after = result.job().orElse(created);
        return switch (result.outcome()) {
            case COMPLETED -> {
                announce(after);
                yield ApiResponse.json(200, deps.views().result(after, deps.clock().instant()));
            }
            case FAILED -> {
                announce(after);
                yield failure(after);
            }
            case CANCELLED -> ApiResponse.json(200, deps.views().result(after, deps.clock().instant()));
            case HANDED_OFF, RETRY_LATER -> enqueue(after, Math.max(1, estimate));
            case IGNORED -> accepted(after, estimate);
        };
    }

    private Optional<ApiResponse> replay(Caller caller, String key, String hash) {
        Optional<JobRecord> previous = deps.jobs().findByIdempotencyKey(caller.subject(), key,
                deps.clock().instant().minus(IDEMPOTENCY_WINDOW));
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        JobRecord job = previous.get();
        if (!hash.equals(job.requestHash())) {
            return Optional.of(error(409, "IDEMPOTENCY_KEY_REUSED",
                    "this Idempotency-Key was used with a different body within 24 hours", "Idempotency-Key"));
        }
        if (job.status().terminal()) {
            return Optional.of(ApiResponse.json(200, deps.views().result(job, deps.clock().instant())));
        }
        // still under way: the acceptance again, with where the job stands now
        ObjectNode body = acceptance(job, job.estimatedSeconds() == null ? 0 : job.estimatedSeconds());
        body.put("status", job.status().apiName());
        if (job.status().working()) {
            body.put("progress_percentage", job.progress());
            body.put("current_step", job.currentStep());
        }
        return Optional.of(accepted(job, body));
    }

    private ApiResponse enqueue(JobRecord job, int estimate) {
        try {
            deps.queue().enqueue(job.jobId());
        } catch (QueueException e) {
            LOG.error("job {} could not be queued: {}", job.jobId(), e.getMessage());
            deps.jobs().fail(job.jobId(), null, ErrorCode.PROCESSING_FAILED.name(),
                    "the render queue was unavailable when the job was created", null);
            return unavailable("the render queue is unavailable; job " + job.jobId() + " was not started");
        }
        return accepted(job, estimate);
    }

    private static ApiResponse accepted(JobRecord job, int estimate) {
        return accepted(job, acceptance(job, estimate));
    }

    private static ApiResponse accepted(JobRecord job, ObjectNode body) {
        return ApiResponse.json(202, body).withHeader("Location", "/v1/videoresult/" + job.jobId());
    }

    private static ObjectNode acceptance(JobRecord job, int estimate) {
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "pending");
        body.put("job_id", job.jobId());
        body.put("message", "Video processing started - use job ID to check status");
        body.put("estimated_seconds", estimate);
        body.put("estimated_completion", HumanUnits.completionRange(estimate));
        body.put("status_check_endpoint", "/v1/videoresult/" + job.jobId());
        return body;
    }

    private ApiResponse failure(JobRecord job) {
        ObjectNode body = deps.views().result(job, deps.clock().instant());
        String code = job.errorCode() == null ? "" : job.errorCode();
        int status = switch (code) {
            case "INVALID_INPUT" -> 400;
            case "SOURCE_DOWNLOAD_FAILED", "NETWORK_TIMEOUT" -> 422;
            case "S3_UPLOAD_FAILED", "S3_ACCESS_DENIED", "S3_BUCKET_NOT_FOUND" -> 503;
            default -> 500;
        };
        ApiResponse response = ApiResponse.json(status, body);
        return status == 503 ? response.withHeader("Retry-After", "30") : response;
    }

    private ApiResponse dryRun(CompositionRequest composition) {
        Inspection inspection;
        try {
            inspection = deps.inspector().inspect(composition, Cancellation.NEVER);
        } catch (InvalidRequestException e) {
            return invalid(e.problems());
        } catch (RenderException e) {
            ObjectNode body = JSON.createObjectNode();
            body.put("error", e.code().name());
            body.put("message", e.getMessage());
            return ApiResponse.json(e.code() == ErrorCode.INSUFFICIENT_STORAGE ? 503 : 422, body);
        }
        int estimate = deps.estimator().estimateSeconds(composition);
        boolean inline = deps.inlineRendering() && composition.responseType() != ResponseType.ASYNC
                && (composition.responseType() == ResponseType.IMMEDIATE
                || estimate <= deps.quickResponseBudget().toSeconds() * AUTO_INLINE_SHARE);
        ObjectNode body = JSON.createObjectNode();
        body.put("status", "valid");
        body.put("estimated_seconds", estimate);
        body.put("response_type", inline ? "immediate" : "async");
        body.put("duration_seconds", inspection.durationSeconds());
        ArrayNode sources = body.putArray("sources");
        for (SourceReport source : inspection.sources()) {
            ObjectNode item = sources.addObject();
            item.put("id", source.elementId());
            if (source.duration().isPresent()) {
                item.put("duration", source.duration().getAsDouble());
            } else {
                item.putNull("duration");
            }
            item.put("width", source.width());
            item.put("height", source.height());
            item.put("size_bytes", source.sizeBytes());
            item.put("format", source.container());
        }
        return ApiResponse.json(200, body);
    }

    private ApiResponse status(ApiRequest request, String jobId) {
        Caller caller = deps.authenticator().authenticate(request);
        Optional<JobRecord> job = visibleJob(caller, jobId);
        if (job.isEmpty()) {
            return notFound(jobId);
        }
        return ApiResponse.json(200, deps.views().result(job.get(), deps.clock().instant()));
    }

    private ApiResponse cancel(ApiRequest request, String jobId) {
        Caller caller = deps.authenticator().authenticate(request);
        if (!JobIds.wellFormed(jobId)) {
            return notFound(jobId);
        }
        return switch (deps.jobs().cancel(jobId, caller.subject(), caller.seesEveryJob())) {
            case NOT_FOUND -> notFound(jobId);
            case ALREADY_ENDED -> {
                JobRecord job = deps.jobs().find(jobId).orElseThrow();
                yield error(409, "JOB_ALREADY_ENDED", "job " + jobId + " is already " + job.status().apiName(), "job_id");
            }
            case CANCELLED -> {
                JobRecord job = deps.jobs().find(jobId).orElseThrow();
                announce(job);
                yield ApiResponse.json(200, deps.views().result(job, deps.clock().instant()));
            }
        };
    }

    /**
     * Announces a job's end without holding up the response: a queue message for the finished job makes the
     * render function send the webhook (durably, with its retries); when the queue is down, it is sent here.
     */
    private void announce(JobRecord job) {
        if (job.callbackUrl() == null) {
            return;
        }
        try {
            deps.queue().enqueue(job.jobId());
        } catch (QueueException e) {
            LOG.warn("the end of {} is announced directly: the queue is unavailable", job.jobId());
            deps.endListener().jobEnded(job);
        }
    }

    /** Public lookups can only find the caller's own jobs; others read as unknown. */
    public Optional<JobRecord> visibleJob(Caller caller, String jobId) {
        if (!JobIds.wellFormed(jobId)) {
            return Optional.empty();
        }
        return deps.jobs().find(jobId).filter(job -> caller.owns(job.owner()));
    }

    private ApiResponse health() {
        HealthChecks.Report report = deps.health().run();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", report.healthy() ? "ok" : "unavailable");
        ObjectNode checks = body.putObject("checks");
        report.results().forEach(checks::put);
        ApiResponse response = ApiResponse.json(report.healthy() ? 200 : 503, body);
        return report.healthy() ? response : response.withHeader("Retry-After", "10");
    }

    private ApiResponse metrics(ApiRequest request) {
        String accept = request.header("Accept");
        if (accept != null && accept.contains("text/plain")) {
            return ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", deps.metrics().prometheus());
        }
        return ApiResponse.json(200, deps.metrics().json());
    }

    private String requestMetadata(ApiRequest request, CompositionRequest composition) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("request_id", request.requestId());
        metadata.put("requested_response_type", composition.responseType().wireName());
        metadata.put("element_count", composition.elements().size());
        copyHeader(request, metadata, "Origin");
        copyHeader(request, metadata, "Referer");
        copyHeader(request, metadata, "X-Forwarded-For");
        copyHeader(request, metadata, "Idempotency-Key");
        metadata.put("body_bytes", request.body().length);
        return metadata.toString();
    }

    private static void copyHeader(ApiRequest request, ObjectNode metadata, String name) {
        String value = request.header(name);
        if (value != null) {
            value = withoutNul(value);
            metadata.put(name.toLowerCase(Locale.ROOT), value.length() > 512 ? value.substring(0, 512) : value);
        }
    }

    /**
     * Fields whose text, or whose keys, hold U+0000: PostgreSQL stores it in neither text nor jsonb, so such a request
     * would fail at the insert. Reported like any other invalid field (at most a few).
     */
    private static List<FieldProblem> nulCharacters(JsonNode node, String path, List<FieldProblem> found) {
        String here = path.isEmpty() ? "body" : path;
        if (found.size() >= 10) {
            return found;
        }
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            found.add(new FieldProblem(here, "must not contain the NUL character (\\u0000)"));
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0) {
                    found.add(new FieldProblem(here, "has a key containing the NUL character (\\u0000)"));
                } else {
                    nulCharacters(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                            found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                nulCharacters(node.get(i), path + "[" + i + "]", found);
            }
        }
        return found;
    }

    /**
     * Jackson's UTF-8 reader decodes some invalid sequences instead of refusing them (overlong forms such as C0 AF for
     * '/', encoded surrogates, code points above U+10FFFF), so bodies are checked with a strict decoder first.
     */
    private static Optional<FieldProblem> invalidUtf8(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return Optional.of(new FieldProblem("body", "is not valid UTF-8 (at byte " + in.position() + ")"));
            }
            if (result.isUnderflow()) {
                return Optional.empty();
            }
            out.clear();
        }
    }

    /** A statement refused for its data (class 22) or a constraint (class 23) other than a duplicate key. */
    private static boolean refusedValue(DatabaseException e) {
        String state = e.sqlState();
        return !e.unavailable() && state != null
                && (state.startsWith("22") || (state.startsWith("23") && !state.equals("23505")));
    }

    /** Header values go to text and jsonb columns, which cannot hold U+0000. */
    private static String withoutNul(String value) {
        return value == null ? null : value.replace("\0", "");
    }

    private static String validationDetails(CompositionRequest composition, int estimate, boolean inline) {
        return JSON.createObjectNode()
                .put("elements", composition.elements().size())
                .put("estimated_seconds", estimate)
                .put("path", inline ? "immediate" : "async")
                .toString();
    }

    static ApiResponse invalid(List<FieldProblem> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", ErrorCode.INVALID_INPUT.name());
        body.put("message", problems.size() == 1 ? "1 problem in the request" : problems.size() + " problems in the request");
        ArrayNode details = body.putArray("details");
        for (FieldProblem problem : problems) {
            details.addObject().put("field", problem.field()).put("message", problem.message());
        }
        return ApiResponse.json(400, body);
    }

    private static ApiResponse notFound(String jobId) {
        return error(404, "JOB_NOT_FOUND", "no job " + printable(jobId), "job_id");
    }

    private static ApiResponse methodNotAllowed(String allowed) {
        return error(405, "METHOD_NOT_ALLOWED", "use " + allowed, "method").withHeader("Allow", allowed);
    }

    private static ApiResponse unavailable(String message) {
        return error(503, "SERVICE_UNAVAILABLE", message).withHeader("Retry-After", "5");
    }

    static ApiResponse error(int status, String code, String message) {
        return error(status, code, message, null);
    }

    /** An error answer; {@code field}, when given, names the part of the request it is about. */
    static ApiResponse error(int status, String code, String message, String field) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        if (field != null) {
            body.put("field", field);
        }
        return ApiResponse.json(status, body);
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }

    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "malformed";
        }
        message = message.replaceAll("[\\p{Cntrl}]", " ");
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
