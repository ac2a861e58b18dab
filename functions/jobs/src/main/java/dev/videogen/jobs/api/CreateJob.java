package dev.videogen.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.CreateRateLimit;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.db.NewJob;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.templates.TemplateExpansion;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/videocreate}: validates the request, stores the job, and either renders it within the quick-response
 * budget or queues it. Dry runs branch off before a job is stored; an idempotent repeat is found by the same single
 * database call that would store the job, so an async create costs one round trip and one queue message.
 */
final class CreateJob {

    private static final Logger LOG = LoggerFactory.getLogger(CreateJob.class);
    /** Share of the quick-response budget an estimate may use for {@code auto} to render inline. */
    private static final double AUTO_INLINE_SHARE = 0.6;

    private final VideoApi.Dependencies deps;
    private final RequestParser parser = RequestParser.forApi();
    private final DryRun dryRun;
    private final IdempotentReplay replays;
    private final JobEndAnnouncer announcer;
    private final TemplateExpansion templates;
    /** {@code null} for no limit. */
    private final CreateRateLimit rateLimit;
    private final Duration handoverMargin;

    /**
     * @param templates      expands requests naming a template; {@code null} where templates are not offered
     * @param rateLimit      each owner's create budget; {@code null} for no limit
     * @param handoverMargin time kept back from the function's remaining time to hand an inline render to the queue
     */
    CreateJob(VideoApi.Dependencies deps, JobEndAnnouncer announcer, TemplateExpansion templates,
              CreateRateLimit rateLimit, Duration handoverMargin) {
        this.deps = deps;
        this.templates = templates;
        this.rateLimit = rateLimit;
        this.handoverMargin = handoverMargin;
        this.dryRun = new DryRun(deps);
        this.replays = new IdempotentReplay(deps.jobs(), deps.views(), deps.clock());
        this.announcer = announcer;
    }

    /** Whether a job with this estimate renders within the request (else it is queued). */
    static boolean rendersInline(VideoApi.Dependencies deps, CompositionRequest composition, int estimate) {
        return deps.inlineRendering() && switch (composition.responseType()) {
            case ASYNC -> false;
            case IMMEDIATE -> true;
            case AUTO -> estimate <= deps.quickResponseBudget().toSeconds() * AUTO_INLINE_SHARE;
        };
    }

    /**
     * @param functionDeadline when the function answering runs out of time (Lambda's remaining time), or
     *                         {@code null} when it has no limit of its own
     */
    ApiResponse create(ApiRequest request, Instant functionDeadline) {
        ServerTiming timing = new ServerTiming();
        Caller caller = deps.authenticator().authenticate(request);
        // every create counts, dry runs and refused bodies included: each costs the service work
        Optional<Duration> wait = rateLimit == null ? Optional.empty() : rateLimit.take(caller.subject());
        if (wait.isPresent()) {
            return ErrorResponses.rateLimited(wait.get(), rateLimit.perMinute());
        }
        RequestBodyReader.Reading reading = RequestBodyReader.read(request);
        if (reading.refused()) {
            return reading.refusal();
        }
        TemplateExpansion.Expanded expanded;
        try {
            expanded = templates == null ? new TemplateExpansion.Expanded(reading.json(), null, null)
                    : templates.expand(reading.json(), caller::owns);
        } catch (InvalidRequestException e) {
            return ErrorResponses.invalid(e.problems());
        }
        // from here on the body is the one to render: a template's, its placeholders filled, is checked as written
        JsonNode body = expanded.body();
        String idempotencyKey = request.header("Idempotency-Key");
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255
                || idempotencyKey.indexOf('\0') >= 0)) {
            return ErrorResponses.invalid(List.of(new FieldProblem("Idempotency-Key",
                    "must be 1 to 255 characters, none of them NUL")));
        }
        List<FieldProblem> nulCharacters = RequestBodyReader.nulCharacters(body);
        CompositionRequest composition;
        try {
            composition = parser.parse(body);
        } catch (InvalidRequestException e) {
            List<FieldProblem> problems = new ArrayList<>(e.problems());
            problems.addAll(nulCharacters);
            return ErrorResponses.invalid(expanded.blame(problems));
        }
        if (!nulCharacters.isEmpty()) {
            return ErrorResponses.invalid(expanded.blame(nulCharacters));
        }
        List<FieldProblem> outOfBounds = deps.sources().problems(composition, caller.subject());
        if (!outOfBounds.isEmpty()) {
            return ErrorResponses.invalid(expanded.blame(outOfBounds));
        }
        if ("true".equalsIgnoreCase(request.query().get("dry_run"))) {
            return dryRun.answer(composition, functionDeadline);
        }
        String hash = RequestBodyReader.sha256(request.body());
        int estimate = deps.estimator().estimateSeconds(composition);
        boolean inline = rendersInline(deps, composition, estimate);
        String jobId = JobIds.newJobId();
        NewJob job = new NewJob(jobId, caller.subject(), inline ? "immediate" : "async",
                composition.outputFormat().wireName(), composition.width(), composition.height(), composition.fps(),
                composition.duration().isPresent() ? composition.duration().getAsDouble() : null,
                composition.backgroundColor().hexRgb(), body.toString(), composition.callbackUrl(), estimate,
                idempotencyKey, idempotencyKey == null ? null : hash, request.sourceIp(),
                RequestBodyReader.withoutNul(request.header("User-Agent")),
                requestMetadata(request, composition), deps.jobTimeout().toSeconds());
        if (expanded.template() != null) {
            job = job.fromTemplate(expanded.template().templateId(), expanded.template().version());
        }
        JobRepository.Creation creation;
        try {
            timing.begin();
            creation = deps.jobs().create(job, composition.elements(), validationDetails(composition, estimate, inline),
                    replays.windowStart());
            timing.databaseDone();
        } catch (DatabaseException e) {
            if ("23505".equals(e.sqlState()) && idempotencyKey != null) {
                // the same key raced in from another request: answer as the repeat it is
                return replays.replay(caller, idempotencyKey, hash).orElseThrow(() -> e);
            }
            if (refusedValue(e)) {
                // a value the parser accepted but the schema cannot hold, e.g. a length that rounds to 0 ms
                LOG.warn("job {} refused by the database: {}", jobId, e.getMessage());
                String constraint = e.getCause() instanceof PSQLException p && p.getServerErrorMessage() != null
                        ? p.getServerErrorMessage().getConstraint() : null;
                return ErrorResponses.invalid(List.of(new FieldProblem("body", "holds a value the service cannot store"
                        + (constraint == null ? "" : " (" + constraint + ")")
                        + "; times are kept to the millisecond")));
            }
            throw e;
        }
        if (!creation.created()) {
            return replays.answer(creation.job(), hash);
        }
        JobRecord created = creation.job();
        if (!inline) {
            return enqueue(created, estimate, timing);
        }
        return renderInline(request, created, estimate, functionDeadline);
    }

    private ApiResponse renderInline(ApiRequest request, JobRecord created, int estimate, Instant functionDeadline) {
        Instant deadline = deps.clock().instant().plus(deps.quickResponseBudget());
        if (functionDeadline != null && functionDeadline.minus(handoverMargin).isBefore(deadline)) {
            // hand over with time left to release the job, queue it and answer before the function is stopped
            deadline = functionDeadline.minus(handoverMargin);
        }
        // the lease owner must be unique to this call: two inline renders never share a lease
        String worker = "api-" + (request.requestId() == null ? "" : request.requestId() + "-")
                + java.util.UUID.randomUUID();
        RenderWorker.Result result = deps.worker().renderInline(created.jobId(), worker, deadline);
        JobRecord after = result.job().orElse(created);
        return switch (result.outcome()) {
            case COMPLETED -> {
                announcer.announce(after);
                yield ApiResponse.json(200, deps.views().result(after, deps.clock().instant()));
            }
            case FAILED -> {
                announcer.announce(after);
                yield failure(after);
            }
            case CANCELLED -> ApiResponse.json(200, deps.views().result(after, deps.clock().instant()));
            case HANDED_OFF, RETRY_LATER -> enqueue(after, Math.max(1, estimate), null);
            case IGNORED -> JobAcceptance.accepted(after, estimate);
        };
    }

    /** Queues the job and answers 202; {@code timing}, when given, goes with the answer. */
    private ApiResponse enqueue(JobRecord job, int estimate, ServerTiming timing) {
        try {
            if (timing != null) {
                timing.begin();
            }
            deps.queue().enqueue(job.jobId());
            if (timing != null) {
                timing.queueDone();
            }
        } catch (QueueException e) {
            LOG.error("job {} could not be queued: {}", job.jobId(), e.getMessage());
            deps.jobs().fail(job.jobId(), null, ErrorCode.PROCESSING_FAILED.name(),
                    "the render queue was unavailable when the job was created", null);
            return ErrorResponses.unavailable("the render queue is unavailable; job " + job.jobId()
                    + " was not started");
        }
        ApiResponse accepted = JobAcceptance.accepted(job, estimate);
        return timing == null ? accepted : timing.addTo(accepted);
    }

    /** An inline render that failed: the job's view, with the status its error code calls for. */
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

    private static String requestMetadata(ApiRequest request, CompositionRequest composition) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
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
            value = RequestBodyReader.withoutNul(value);
            metadata.put(name.toLowerCase(Locale.ROOT), value.length() > 512 ? value.substring(0, 512) : value);
        }
    }

    /** A statement refused for its data (class 22) or a constraint (class 23) other than a duplicate key. */
    private static boolean refusedValue(DatabaseException e) {
        String state = e.sqlState();
        return !e.unavailable() && state != null
                && (state.startsWith("22") || (state.startsWith("23") && !state.equals("23505")));
    }

    private static String validationDetails(CompositionRequest composition, int estimate, boolean inline) {
        return JsonNodeFactory.instance.objectNode()
                .put("elements", composition.elements().size())
                .put("estimated_seconds", estimate)
                .put("path", inline ? "immediate" : "async")
                .toString();
    }
}
