package dev.videogen.local;

import dev.videogen.aws.ApiHandler;
import dev.videogen.aws.Authentication;
import dev.videogen.aws.Webhooks;
import dev.videogen.aws.DeadLetterHandler;
import dev.videogen.aws.RenderHandler;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.queue.SqsRenderQueue;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.inprocess.EmbeddedDatabase;
import dev.videogen.inprocess.InProcessS3;
import dev.videogen.inprocess.InProcessSqs;
import dev.videogen.inprocess.ServerStartException;
import dev.videogen.inprocess.SqsEventSourcePoller;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.VideogenService;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.sources.StoreObject;
import dev.videogen.local.playground.PlaygroundFiles;
import dev.videogen.migrations.DatabaseMigrator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole product in one JVM: embedded PostgreSQL with the migrations applied, an S3-compatible and an
 * SQS-compatible server, the api handler behind a loopback HTTP server, and pollers that play Lambda's SQS event
 * source mappings for the render and dead-letter handlers. Same handler classes and SDK calls as deployed; only the
 * endpoints differ.
 */
public final class DevStack implements AutoCloseable {

    static {
        // before any server of the JVM starts (the in-process ones included): see LocalApiServer
        LocalApiServer.requireNoDelay();
        // the SDK's url-connection client keeps at most this many idle connections per server (the JDK's default
        // is 5): the API's concurrent creates would otherwise open a new connection to the queue for most sends
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", "64");
        }
    }

    /** The local stack's bucket. */
    public static final String BUCKET = "videogen-local";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /**
     * How to run.
     *
     * @param port                 HTTP port of the API (0: any free port)
     * @param dataDirectory        where rows, objects and temporary files live across restarts
     * @param workers              concurrent renders; 0 runs the API and the queue only (jobs wait in the queue)
     * @param allowLoopbackSources whether sources (and webhooks) may point at this machine
     * @param environment          extra settings (the process environment), e.g. QUICK_RESPONSE_BUDGET_SECONDS
     */
    public record Options(int port, Path dataDirectory, int workers, boolean allowLoopbackSources,
                          Map<String, String> environment) {
    }

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final Map<String, String> lastStatus = new ConcurrentHashMap<>();
    private final PrintStream log;
    private EmbeddedDatabase database;
    private InProcessS3 s3;
    private InProcessSqs sqs;
    private VideogenService service;
    private LocalApiServer api;
    private SqsEventSourcePoller renderPoller;
    private SqsEventSourcePoller deadLetterPoller;
    private int requeued;

    private DevStack(PrintStream log) {
        this.log = log;
    }

    /**
     * Starts everything. Problems a user can fix (port taken, data directory unusable) throw
     * {@link DevStackException} with a one-line message; everything started so far is stopped.
     */
    public static DevStack start(Options options, PrintStream log) {
        DevStack stack = new DevStack(log);
        try {
            stack.startAll(options);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Options options) {
        DataDirectory data = DataDirectory.prepare(options.dataDirectory());
        // fixed ports when the API's is fixed, so URLs in scripts and notes stay valid across restarts
        int storagePort = options.port() == 0 ? 0 : options.port() + 1;
        int queuePort = options.port() == 0 ? 0 : options.port() + 2;
        LocalPorts.requireFree(options.port(), "--port");
        LocalPorts.requireFree(storagePort, "storage (--port + 1)");
        LocalPorts.requireFree(queuePort, "queue (--port + 2)");

        try {
            // the stack stops the database itself, after renders in progress have written their rows
            database = EmbeddedDatabase.builder().dataDirectory(data.postgres()).stopOnJvmExit(false).start();
        } catch (RuntimeException e) {
            throw new DevStackException("the database in " + data.postgres() + " did not start (" + rootMessage(e)
                    + "); if the directory is damaged or from another PostgreSQL version, move it away to start afresh");
        }
        closeables.add(database);
        try {
            DatabaseMigrator.migrate(database.jdbcUrl(), database.user(), database.password());
        } catch (RuntimeException e) {
            throw new DevStackException("the database migrations failed: " + rootMessage(e));
        }

        s3 = InProcessS3.builder().port(storagePort).bucket(BUCKET).rootDirectory(data.objects()).start();
        closeables.add(s3);

        ServiceConfig config = config(options, data);
        Duration visibility = config.renderTimeout().plus(Duration.ofMinutes(1));
        sqs = InProcessSqs.builder().port(queuePort).visibilityTimeout(visibility)
                .maxReceiveCount(config.maxReceiveCount()).start();
        closeables.add(sqs);

        S3ObjectStore store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(s3.endpoint()).build(), BUCKET, true);
        closeables.add(store);
        SqsRenderQueue queue = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build(),
                sqs.queueUrl());
        closeables.add(queue);
        Database pool = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                config.databasePoolSize());
        Authenticator authenticator = Authentication.forConfig(config, pool);
        JobEndListener webhooks = Webhooks.forConfig(config, pool, store);
        service = new VideogenService(config, pool, store, queue, authenticator, webhooks, Duration.ofDays(30));
        closeables.add(service);

        JobEventHub hub = new JobEventHub(database.jdbcUrl(), database.user(), database.password());
        closeables.add(hub);
        hub.subscribeAll(this::logStateChange);

        ApiHandler apiHandler = new ApiHandler(service::api);
        try {
            // the playground shows the bucket's own sources through short-lived GET URLs
            PlaygroundFiles playground = new PlaygroundFiles(source -> StoreObject.parse(source)
                    .filter(object -> object.bucket().equals(BUCKET))
                    .map(object -> store.presignedGetUrl(object.key(), Duration.ofMinutes(15))));
            api = new LocalApiServer(options.port(), apiHandler, new JobEventStreams(hub, apiHandler), playground);
        } catch (IOException e) {
            throw new DevStackException("cannot listen on 127.0.0.1:" + options.port() + ": " + e.getMessage());
        }
        closeables.add(api);

        for (String jobId : service.jobs().sweeps().releaseAbandonedJobs()) {
            queue.enqueue(jobId);
            requeued++;
        }

        SqsClient sqsClient = sqs.newClient();
        closeables.add(sqsClient);
        if (options.workers() > 0) {
            // jobs and the pieces of chunked jobs (CHUNK_SECONDS) share the queue and its --workers; retries shorten
            // their message's visibility on the same queue
            renderPoller = SqsEventSourcePoller.builder(sqsClient, sqs.queueUrl(),
                            new RenderHandler(service::worker, service::chunkWorker, () -> queue))
                    .workers(options.workers())
                    .functionName("videogen-local-render")
                    .functionTimeout(config.renderTimeout())
                    .start();
        }
        deadLetterPoller = SqsEventSourcePoller.builder(sqsClient, sqs.deadLetterQueueUrl(),
                        new DeadLetterHandler(service::undeliverableJobs))
                .functionName("videogen-local-dead-letter")
                .start();

        ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeps.scheduleWithFixedDelay(() -> {
            try {
                service.sweeper().sweep();
            } catch (RuntimeException e) {
                log.println(now() + " sweep failed: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        closeables.add(sweeps::shutdownNow);
    }

    private ServiceConfig config(Options options, DataDirectory data) {
        Map<String, String> env = new HashMap<>(options.environment());
        env.put("VIDEOGEN_ENV", "local");
        env.putIfAbsent("AUTH_MODE", "none");
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        env.put("OUTPUT_BUCKET", BUCKET);
        env.put("WORK_DIR", data.work().toString());
        env.put("ALLOW_LOOPBACK_SOURCES", Boolean.toString(options.allowLoopbackSources()));
        env.putIfAbsent("RENDER_TIMEOUT_SECONDS", "600");
        env.putIfAbsent("DATABASE_POOL_SIZE", Integer.toString(Math.max(4, options.workers() * 2 + 4)));
        return ServiceConfig.fromEnvironment(env);
    }

    private void logStateChange(JobEventHub.JobEvent event) {
        String previous = lastStatus.put(event.jobId(), event.status());
        if (event.status().equals(previous)) {
            return;
        }
        StringBuilder line = new StringBuilder(now()).append(" job ").append(event.jobId()).append(' ')
                .append(previous == null ? "created" : previous).append(" -> ").append(event.status());
        if (event.errorCode() != null) {
            line.append(" (").append(event.errorCode()).append(')');
        }
        log.println(line);
        if (previous != null && (event.status().equals("completed") || event.status().equals("failed")
                || event.status().equals("cancelled") || event.status().equals("timeout"))) {
            lastStatus.remove(event.jobId());
        }
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }

    public int apiPort() {
        return api.port();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + api.port() + "/v1";
    }

    public String databaseUrl() {
        return database.connectionUri();
    }

    public String storageUrl() {
        return s3.endpoint().toString();
    }

    public String queueUrl() {
        return sqs.endpoint().toString();
    }

    /** The render queue's URL, where a worker running elsewhere takes jobs from. */
    public String renderQueueUrl() {
        return sqs.queueUrl();
    }

    /** A new SDK client of the queue server; the caller closes it. */
    public SqsClient newQueueClient() {
        return sqs.newClient();
    }

    public VideogenService service() {
        return service;
    }

    /** Jobs found unfinished at start-up and queued again. */
    public int requeuedJobs() {
        return requeued;
    }

    /**
     * Stops taking work, lets in-flight renders finish (up to {@code grace}; what is left returns to the queue),
     * then stops every server.
     */
    public void drain(Duration grace) {
        if (renderPoller != null) {
            renderPoller.stop(grace);
        }
        if (deadLetterPoller != null) {
            deadLetterPoller.stop(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(30));
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                log.println(now() + " stopping " + closeables.get(i).getClass().getSimpleName() + " failed: "
                        + e.getMessage());
            }
        }
        closeables.clear();
    }

    static String rootMessage(Throwable e) {
        return ServerStartException.rootMessage(e);
    }

}
