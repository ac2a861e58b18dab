package dev.videogen.jobs.api;

import dev.videogen.engine.Redaction;
import dev.videogen.engine.Renderer;
import dev.videogen.jobs.CreateRateLimit;
import dev.videogen.jobs.Estimator;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.ResultDownloads;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.jobs.templates.TemplateExpansion;
import dev.videogen.jobs.templates.TemplateRepository;
import dev.videogen.jobs.uploads.Uploads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of the contract, free of any transport: one {@link ApiRequest} in, one {@link ApiResponse} out. The
 * api Lambda handler and the local server both call {@link #handle}. This class routes and turns failures into
 * answers; each resource is answered by its own class ({@link CreateJob}, {@link JobResults},
 * {@link ServiceEndpoints}).
 */
public final class VideoApi {

    private static final Logger LOG = LoggerFactory.getLogger(VideoApi.class);
    /** Largest body accepted (the contract's 413 limit). */
    public static final int MAX_BODY_BYTES = RequestBodyReader.MAX_BODY_BYTES;
    private static final Pattern RESULT_PATH = Pattern.compile("/v1/videoresult/([^/]+)");
    private static final Pattern DOWNLOAD_PATH = Pattern.compile("/v1/videoresult/([^/]+)/download");
    private static final Pattern TEMPLATE_PATH = Pattern.compile("/v1/templates/([^/]+)");
    private static final Pattern WEBHOOKS_PATH = Pattern.compile("/v1/videoresult/([^/]+)/webhooks");
    /** Time kept back from the function's remaining time to hand an unfinished inline render to the queue. */
    public static final Duration INLINE_HANDOVER_MARGIN = Duration.ofSeconds(5);

    /** The routes of the contract; {@code /v1/openapi.json} documents exactly these. */
    public static final List<String> ROUTES = List.of(
            "POST /v1/videocreate",
            "GET /v1/videoresult/{job_id}",
            "DELETE /v1/videoresult/{job_id}",
            "GET /v1/videoresult/{job_id}/download",
            "GET /v1/videoresult/{job_id}/webhooks",
            "GET /v1/health",
            "GET /health",
            "GET /v1/metrics",
            "GET /v1/openapi.json",
            "POST /v1/uploads",
            "POST /v1/templates",
            "GET /v1/templates",
            "GET /v1/templates/{template_id}",
            "PUT /v1/templates/{template_id}",
            "DELETE /v1/templates/{template_id}");

    /** What the API needs from the rest of the service. */
    public record Dependencies(JobRepository jobs, RenderQueue queue, RenderWorker worker, Renderer inspector,
                               Estimator estimator, JobViews views, Authenticator authenticator,
                               HealthChecks health, MetricsReport metrics, JobEndListener endListener,
                               SourceScreen sources, Duration quickResponseBudget, Duration jobTimeout,
                               boolean inlineRendering, Clock clock) {
    }

    /**
     * The resources beyond jobs: saved templates and uploads of input files. Either may be {@code null} where the
     * API is built without it (tests of the job routes); its routes then answer 404.
     */
    public record Resources(TemplateRepository templates, Uploads uploads) {

        public static final Resources NONE = new Resources(null, null);
    }

    /**
     * What keeps owners from spending each other's resources: the per-owner create budget, and the download route
     * that hands out freshly signed result URLs and records each hand-out.
     *
     * @param rateLimit {@code null} for no limit
     * @param downloads {@code null} where there is no store to sign URLs for (the download route answers 503)
     */
    public record Safeguards(CreateRateLimit rateLimit, ResultDownloads downloads) {
        /** No create limit and no download route. */
        public static final Safeguards NONE = new Safeguards(null, null);
    }

    private final Dependencies deps;
    private final CreateJob create;
    private final JobResults results;
    private final ServiceEndpoints service;
    private final TemplatesResource templates;
    private final UploadsResource uploads;
    private final ResultDownload download;

    public VideoApi(Dependencies dependencies) {
        this(dependencies, Resources.NONE, Safeguards.NONE);
    }

    public VideoApi(Dependencies dependencies, Resources resources) {
        this(dependencies, resources, Safeguards.NONE);
    }

    public VideoApi(Dependencies dependencies, Safeguards safeguards) {
        this(dependencies, Resources.NONE, safeguards);
    }

    public VideoApi(Dependencies dependencies, Resources resources, Safeguards safeguards) {
        this.deps = dependencies;
        JobEndAnnouncer announcer = new JobEndAnnouncer(dependencies.queue(), dependencies.endListener());
        this.templates = resources.templates() == null ? null : new TemplatesResource(resources.templates());
        this.uploads = resources.uploads() == null ? null : new UploadsResource(resources.uploads());
        this.create = new CreateJob(dependencies, announcer,
                resources.templates() == null ? null : new TemplateExpansion(resources.templates()),
                safeguards.rateLimit(), INLINE_HANDOVER_MARGIN);
        this.results = new JobResults(dependencies, announcer);
        this.service = new ServiceEndpoints(dependencies.health(), dependencies.metrics());
        this.download = new ResultDownload(dependencies, safeguards.downloads());
    }

    /** Answers one request. Never throws: every failure becomes a JSON error response. */
    public ApiResponse handle(ApiRequest request) {
        return handle(request, null);
    }

    /**
     * Answers one request within a function that is stopped at {@code functionDeadline} (null: no such limit): an
     * inline render still running close to it is handed to the queue, with margin, and answered 202.
     */
    public ApiResponse handle(ApiRequest request, Instant functionDeadline) {
        try {
            return route(request, functionDeadline);
        } catch (AuthenticationException e) {
            return ErrorResponses.error(e.status(), e.status() == 401 ? "UNAUTHORIZED" : "FORBIDDEN", e.getMessage());
        } catch (DatabaseException e) {
            if (!e.unavailable()) {
                // a refused statement is a fault of ours, not an outage: retrying will not help
                LOG.error("database statement refused answering {} {}: {}", request.method(), request.path(),
                        Redaction.failure(e));
                return ErrorResponses.internal(request);
            }
            LOG.error("database failure answering {} {}: {}", request.method(), request.path(), e.getMessage());
            return ErrorResponses.unavailable("the database is unavailable");
        } catch (QueueException e) {
            LOG.error("queue failure answering {} {}: {}", request.method(), request.path(), e.getMessage());
            return ErrorResponses.unavailable("the render queue is unavailable");
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}: {}", request.method(), request.path(),
                    Redaction.failure(e));
            return ErrorResponses.internal(request);
        }
    }

    private ApiResponse route(ApiRequest request, Instant functionDeadline) {
        String path = request.path() == null ? "/" : request.path();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String method = request.method();
        switch (path) {
            case "/v1/videocreate" -> {
                return method.equals("POST") ? create.create(request, functionDeadline) : ErrorResponses.methodNotAllowed("POST");
            }
            case "/v1/health", "/health" -> {
                return method.equals("GET") || method.equals("HEAD") ? service.health()
                        : ErrorResponses.methodNotAllowed("GET");
            }
            case "/v1/metrics" -> {
                if (!method.equals("GET")) {
                    return ErrorResponses.methodNotAllowed("GET");
                }
                Caller caller = deps.authenticator().authenticate(request);
                return service.metrics(request, caller);
            }
            case "/v1/openapi.json" -> {
                return method.equals("GET") ? service.openApi() : ErrorResponses.methodNotAllowed("GET");
            }
            case "/v1/uploads" -> {
                if (uploads == null) {
                    return noRoute(method, path);
                }
                if (!method.equals("POST")) {
                    return ErrorResponses.methodNotAllowed("POST");
                }
                Caller caller = deps.authenticator().authenticate(request);
                RequestBodyReader.Reading reading = RequestBodyReader.read(request);
                return reading.refused() ? reading.refusal() : uploads.create(caller, reading.json());
            }
            case "/v1/templates" -> {
                if (templates == null) {
                    return noRoute(method, path);
                }
                return switch (method) {
                    case "GET" -> templates.list(deps.authenticator().authenticate(request));
                    case "POST" -> {
                        Caller caller = deps.authenticator().authenticate(request);
                        RequestBodyReader.Reading reading = RequestBodyReader.read(request);
                        yield reading.refused() ? reading.refusal() : templates.create(caller, reading.json());
                    }
                    default -> ErrorResponses.methodNotAllowed("GET, POST");
                };
            }
            default -> {
                Matcher downloadPath = DOWNLOAD_PATH.matcher(path);
                if (downloadPath.matches()) {
                    return method.equals("GET") ? download.download(request, downloadPath.group(1))
                            : ErrorResponses.methodNotAllowed("GET");
                }
                Matcher template = TEMPLATE_PATH.matcher(path);
                if (template.matches() && templates != null) {
                    String id = template.group(1);
                    return switch (method) {
                        case "GET" -> templates.read(deps.authenticator().authenticate(request), id);
                        case "DELETE" -> templates.delete(deps.authenticator().authenticate(request), id);
                        case "PUT" -> {
                            Caller caller = deps.authenticator().authenticate(request);
                            RequestBodyReader.Reading reading = RequestBodyReader.read(request);
                            yield reading.refused() ? reading.refusal() : templates.replace(caller, id, reading.json());
                        }
                        default -> ErrorResponses.methodNotAllowed("GET, PUT, DELETE");
                    };
                }
                Matcher webhooks = WEBHOOKS_PATH.matcher(path);
                if (webhooks.matches()) {
                    return method.equals("GET") ? results.webhookLog(request, webhooks.group(1))
                            : ErrorResponses.methodNotAllowed("GET");
                }
                Matcher result = RESULT_PATH.matcher(path);
                if (result.matches()) {
                    return switch (method) {
                        case "GET" -> results.status(request, result.group(1));
                        case "DELETE" -> results.cancel(request, result.group(1));
                        default -> ErrorResponses.methodNotAllowed("GET, DELETE");
                    };
                }
                return noRoute(method, path);
            }
        }
    }

    private static ApiResponse noRoute(String method, String path) {
        return ErrorResponses.error(404, "NOT_FOUND", "no route for " + method + " " + ErrorResponses.printable(path),
                "path");
    }
}
