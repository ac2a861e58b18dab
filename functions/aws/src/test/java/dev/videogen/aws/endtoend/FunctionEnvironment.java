package dev.videogen.aws.endtoend;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.videogen.aws.ApiHandler;
import dev.videogen.aws.Authentication;
import dev.videogen.aws.DeadLetterHandler;
import dev.videogen.aws.RenderHandler;
import dev.videogen.aws.SweeperHandler;
import dev.videogen.aws.Webhooks;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.queue.SqsRenderQueue;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.inprocess.EmbeddedDatabase;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.VideogenService;
import dev.videogen.jobs.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one Lambda execution environment of the product holds, assembled the way {@code LambdaRuntime} and the local
 * stack assemble it: a {@link VideogenService} over the S3 and SQS adapters and a database pool, with the api, render
 * and dead-letter handlers in front of it. Each environment has its own work directory (its /tmp) and its own network
 * link to PostgreSQL, which a test can cut: the environment then cannot reach its database, as when its host vanishes.
 *
 * <p>The pool is HikariCP configured as {@code Database.connect} does, except that a connection is waited for at most
 * 1.5 s instead of 10 s: the tests' queues redeliver after 3 s, and a database outage must show as a failed invocation
 * within that.
 */
final class FunctionEnvironment implements AutoCloseable {

    /** The settings every environment in the tests runs with, scaled down with the queue's visibility timeout. */
    static Map<String, String> environment(String databaseUrl, String bucket, String region, Path work,
                                           int maxReceiveCount, StackTimings timings) {
        Map<String, String> env = new HashMap<>();
        env.put("VIDEOGEN_ENV", "local");
        env.put("AUTH_MODE", "none");
        env.put("DATABASE_URL", databaseUrl);
        env.put("DATABASE_USER", EmbeddedDatabase.USER);
        env.put("DATABASE_PASSWORD", EmbeddedDatabase.PASSWORD);
        env.put("OUTPUT_BUCKET", bucket);
        env.put("AWS_REGION", region);
        env.put("WORK_DIR", work.toString());
        env.put("ALLOW_LOOPBACK_SOURCES", "true");
        env.put("MAX_RECEIVE_COUNT", Integer.toString(maxReceiveCount));
        env.putAll(timings.environment());
        return env;
    }

    private final TcpRelay databaseLink;
    private final HikariDataSource pool;
    private final Path work;
    private final S3ObjectStore store;
    private final SqsRenderQueue queue;
    private final VideogenService service;
    private final ApiHandler api;
    private final RenderHandler render;
    private final DeadLetterHandler deadLetters;
    private final SweeperHandler sweeper;

    FunctionEnvironment(EmbeddedDatabase database, Backends backends, URI storageEndpoint, String bucket,
                        int maxReceiveCount, StackTimings timings) {
        this(database, backends, storageEndpoint, bucket, maxReceiveCount, timings, Map.of());
    }

    /** With {@code settings} over the tests' usual environment. */
    FunctionEnvironment(EmbeddedDatabase database, Backends backends, URI storageEndpoint, String bucket,
                        int maxReceiveCount, StackTimings timings, Map<String, String> settings) {
        this.databaseLink = TcpRelay.to("127.0.0.1", database.port());
        try {
            this.work = Files.createTempDirectory("videogen-function-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + databaseLink.port() + "/" + EmbeddedDatabase.DATABASE;
        Map<String, String> env = environment(url, bucket, backends.region(), work, maxReceiveCount, timings);
        env.putAll(settings);
        ServiceConfig config = ServiceConfig.fromEnvironment(env);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.databaseUrl());
        hikari.setUsername(config.databaseUser());
        hikari.setPassword(config.databasePassword());
        hikari.setMaximumPoolSize(8);
        hikari.setMinimumIdle(0);
        hikari.setInitializationFailTimeout(-1);
        hikari.setConnectionTimeout(1_500);
        hikari.setValidationTimeout(1_000);
        hikari.setIdleTimeout(60_000);
        hikari.setMaxLifetime(600_000);
        hikari.setPoolName("videogen-e2e-" + databaseLink.port());
        this.pool = new HikariDataSource(hikari);
        Database pooled = Database.of(pool);
        this.store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(storageEndpoint)
                .region(backends.region()).build(), bucket, true);
        this.queue = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(backends.queueEndpoint())
                .region(backends.region()).build(), backends.queueUrl());
        this.service = new VideogenService(config, pooled, store, queue, Authentication.forConfig(config, pooled),
                Webhooks.forConfig(config, pooled, store), java.time.Duration.ofDays(30));
        this.api = new ApiHandler(service::api);
        this.render = new RenderHandler(service::worker, service::chunkWorker, () -> queue);
        this.deadLetters = new DeadLetterHandler(service::undeliverableJobs);
        this.sweeper = new SweeperHandler(service::sweeper);
    }

    SweeperHandler sweeper() {
        return sweeper;
    }

    ApiHandler api() {
        return api;
    }

    RenderHandler render() {
        return render;
    }

    DeadLetterHandler deadLetters() {
        return deadLetters;
    }

    VideogenService service() {
        return service;
    }

    SqsRenderQueue queue() {
        return queue;
    }

    TcpRelay databaseLink() {
        return databaseLink;
    }

    Path work() {
        return work;
    }

    /** What renders left in this environment's work directory: per-render directories and output files. */
    List<Path> temporaryFiles() {
        return Stream.of(work.resolve("renders"), work.resolve("outputs"))
                .filter(Files::isDirectory)
                .flatMap(FunctionEnvironment::list)
                .toList();
    }

    private static Stream<Path> list(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        service.close();
        pool.close();
        store.close();
        queue.close();
        databaseLink.close();
        try (Stream<Path> paths = Files.walk(work)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; what is left goes with the machine
        }
    }
}
