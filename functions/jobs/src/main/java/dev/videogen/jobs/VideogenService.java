package dev.videogen.jobs;

import dev.videogen.engine.Renderer;
import dev.videogen.jobs.chunks.ChunkPlanning;
import dev.videogen.jobs.chunks.ChunkQueue;
import dev.videogen.jobs.chunks.ChunkRepository;
import dev.videogen.jobs.chunks.ChunkWorker;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.api.HealthChecks;
import dev.videogen.jobs.api.MetricsReport;
import dev.videogen.jobs.api.VideoApi;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.jobs.queue.CoalescingRenderQueue;
import dev.videogen.jobs.retry.RetryPolicy;
import dev.videogen.jobs.sources.InputPrefixes;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import dev.videogen.jobs.sources.ServiceSourceFetcher;
import dev.videogen.jobs.sources.SourceScreen;
import dev.videogen.jobs.templates.TemplateRepository;
import dev.videogen.jobs.uploads.Uploads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The service assembled from its settings and its ports: the API, the render worker and the sweeper, sharing one
 * database pool, one renderer and one estimator. The api and render functions and the local stack all build this.
 */
public final class VideogenService implements AutoCloseable {

    private static final Duration CALIBRATION_INTERVAL = Duration.ofMinutes(1);
    private static final int CALIBRATION_SAMPLES = 200;
    /** Where the pieces of chunked jobs wait in the bucket for their stitch (deleted after it). */
    public static final String PIECES_PREFIX = "chunks/";

    private final ServiceConfig config;
    private final Database database;
    private final JobRepository jobs;
    private final Renderer renderer;
    private final RenderWorker worker;
    private final ChunkWorker chunkWorker;
    private final Estimator estimator;
    private final ExecutorService calibrationRefresher;
    private final VideoApi api;
    private final Sweeper sweeper;
    private final UndeliverableJobs undeliverableJobs;
    private final SafeHttpClient http;

    /**
     * @param endListener told when a job ends (webhooks); may be {@link JobEndListener#NONE}
     * @param retention   how long results are kept before jobs are marked expired
     */
    public VideogenService(ServiceConfig config, Database database, ObjectStore store, RenderQueue queue,
                           Authenticator authenticator, JobEndListener endListener, Duration retention) {
        this.config = config;
        this.database = database;
        this.jobs = new JobRepository(database);
        this.calibrationRefresher = Estimator.backgroundRefresher();
        this.estimator = new Estimator(() -> jobs.measurements().calibrationSamples(CALIBRATION_SAMPLES),
                CALIBRATION_INTERVAL, calibrationRefresher);
        NetworkPolicy policy = config.allowLoopbackSources() ? NetworkPolicy.allowingLoopback()
                : NetworkPolicy.publicInternetOnly();
        this.http = new SafeHttpClient(policy, Duration.ofSeconds(10), config.sourceReadTimeout(), Duration.ofMinutes(5));
        Path work = config.workDirectory();
        Path fonts = FontCatalog.fontDirectory(config.fontDirectory(), work.resolve("fonts"));
        RendererConfig rendererConfig = RendererConfig.defaults(FfmpegLocator.locate(config.ffmpegPath()),
                        work.resolve("renders"), fonts)
                .withEncoder(EncoderSettings.DEFAULT.withX264Preset(config.x264Preset()))
                .withRenderTimeLimit(config.renderTimeout())
                .withMaxSourceBytes(config.sourceMaxBytes());
        this.renderer = new Renderer(rendererConfig, new ServiceSourceFetcher(http, store));
        ResultUrls urls = new ResultUrls(store, config.publicBaseUrl(), config.resultUrlTtl());
        ChunkRepository pieces = new ChunkRepository(database);
        // long queued jobs are split when the queue can carry their pieces' messages
        ChunkPlanning planning = queue instanceof ChunkQueue chunkQueue && config.chunkSeconds() > 0
                ? new ChunkPlanning(pieces, chunkQueue, config.chunkSeconds()) : null;
        this.worker = new RenderWorker(jobs, renderer, store, urls, endListener,
                new RenderWorker.Settings(config.outputPrefix(), config.renderLease(), config.renderTimeout(),
                        config.maxReceiveCount(), work.resolve("outputs"), config.timing().retryFirstDelay()), planning);
        this.chunkWorker = new ChunkWorker(jobs, pieces, renderer, store, urls, endListener,
                new ChunkWorker.Settings(config.outputPrefix(), PIECES_PREFIX, config.renderLease(),
                        config.maxReceiveCount(), work.resolve("pieces"), config.timing().retryFirstDelay()));
        HealthChecks health = new HealthChecks()
                .add("database", () -> database.reachable() ? "ok" : "unavailable")
                .add("storage", () -> {
                    store.checkAvailable();
                    return "ok";
                })
                .add("queue", () -> {
                    queue.checkAvailable();
                    return "ok";
                })
                .add("ffmpeg", () -> Files.isExecutable(rendererConfig.ffmpeg()) ? "ok" : "missing")
                .fact("ffmpeg_version", () -> renderer.ffmpegVersion());
        // a queued job may wait, then have every attempt the retry policy allows, each bounded by the queued render
        // limit, with the longest wait before each retry: its deadline and its attempts agree
        Duration jobTimeout = jobDeadline(config);
        // concurrent creates share requests to the queue; a lone create sends at once
        this.api = new VideoApi(new VideoApi.Dependencies(jobs, new CoalescingRenderQueue(queue), worker, renderer,
                estimator, new JobViews(urls), authenticator, health, new MetricsReport(database), endListener,
                new SourceScreen(policy, store.bucket(), new InputPrefixes(config.sharedInputPrefix())),
                config.quickResponseBudget(), jobTimeout, true, Clock.systemUTC()),
                new VideoApi.Resources(new TemplateRepository(database),
                        new Uploads(store, config.sourceMaxBytes(), Clock.systemUTC())),
                new VideoApi.Safeguards(new CreateRateLimit(database, config.rateLimitPerMinute(), Clock.systemUTC()),
                        new ResultDownloads(database, store)));
        this.sweeper = new Sweeper(jobs, queue, endListener, new Sweeper.Settings(retention,
                config.timing().orphanGrace(), Sweeper.RESEND_INTERVAL));
        this.undeliverableJobs = new UndeliverableJobs(jobs, endListener);
    }

    /** How long a queued job may take in all: the time its retry policy needs for every attempt. */
    public static Duration jobDeadline(ServiceConfig config) {
        return new RetryPolicy(config.maxReceiveCount(),
                RenderWorker.Settings.attemptBudget(config.queuedRenderTimeout()), config.timing().retryFirstDelay(),
                RetryPolicy.FACTOR, RetryPolicy.JITTER)
                .timeNeeded(config.timing().queueAllowance());
    }

    public ServiceConfig config() {
        return config;
    }

    public VideoApi api() {
        return api;
    }

    public RenderWorker worker() {
        return worker;
    }

    /** Renders the pieces of chunked jobs, and stitches each job's last one. */
    public ChunkWorker chunkWorker() {
        return chunkWorker;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    public UndeliverableJobs undeliverableJobs() {
        return undeliverableJobs;
    }

    public JobRepository jobs() {
        return jobs;
    }

    public Renderer renderer() {
        return renderer;
    }

    public Estimator estimator() {
        return estimator;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        calibrationRefresher.shutdownNow();
        http.close();
        database.close();
    }
}
