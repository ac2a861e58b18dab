package dev.videogen.aws;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.queue.SqsRenderQueue;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.VideogenService;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.db.Database;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One assembled service per Lambda execution environment, built on the first invocation (never during init, so a
 * SnapStart snapshot holds no connection). Secrets named by ARN are read here, once, and handed to the settings.
 */
public final class LambdaRuntime {

    private static volatile LambdaRuntime shared;

    private final VideogenService service;
    private final S3ObjectStore store;
    private final SqsRenderQueue queue;
    private final Duration retention;

    LambdaRuntime(VideogenService service, S3ObjectStore store, SqsRenderQueue queue, Duration retention) {
        this.service = service;
        this.store = store;
        this.queue = queue;
        this.retention = retention;
    }

    /** The environment's service, built from {@code System.getenv()} on first use. */
    public static LambdaRuntime shared() {
        LambdaRuntime runtime = shared;
        if (runtime == null) {
            synchronized (LambdaRuntime.class) {
                runtime = shared;
                if (runtime == null) {
                    runtime = build(System.getenv(), SecretValues::read);
                    shared = runtime;
                }
            }
        }
        return runtime;
    }

    public VideogenService service() {
        return service;
    }

    S3ObjectStore store() {
        return store;
    }

    /** The render queue: the render function shortens its messages' visibility to retry with backoff. */
    public SqsRenderQueue queue() {
        return queue;
    }

    Duration retention() {
        return retention;
    }
    /** Builds the service from environment variables, reading secrets through {@code readSecret}. */
    static LambdaRuntime build(Map<String, String> environment, Function<String, String> readSecret) {
        Map<String, String> env = resolveSecrets(environment, readSecret);
        ServiceConfig config = ServiceConfig.fromEnvironment(env);
        String queueUrl = env.get("RENDER_QUEUE_URL");
        if (queueUrl == null || queueUrl.isBlank()) {
            throw new ConfigException("RENDER_QUEUE_URL is required");
        }
        AwsClientSettings aws = AwsClientSettings.builder().region(config.region()).build();
        S3ObjectStore store = S3ObjectStore.createOnFirstUse(aws, config.outputBucket(), false);
        SqsRenderQueue queue = SqsRenderQueue.create(aws, queueUrl);
        Database database = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                config.databasePoolSize());
        Authenticator authenticator = Authentication.forConfig(config, database);
        JobEndListener webhooks = Webhooks.forConfig(config, database, store);
        Duration retention = retention(env);
        return new LambdaRuntime(new VideogenService(config, database, store, queue, authenticator, webhooks, retention),
                store, queue, retention);
    }

    /** The environment with the database credentials and signing keys read from their secrets. */
    static Map<String, String> resolveSecrets(Map<String, String> environment, Function<String, String> readSecret) {
        Map<String, String> env = new HashMap<>(environment);
        DatabaseCredentials database = DatabaseCredentials.fromEnvironment(environment, readSecret);
        env.put("DATABASE_URL", database.url());
        env.put("DATABASE_USER", database.user());
        env.put("DATABASE_PASSWORD", database.password());
        copySecret(env, "WEBHOOK_SECRET_ARN", "WEBHOOK_SECRET", readSecret);
        copySecret(env, "JWT_SECRET_ARN", "JWT_SECRET", readSecret);
        return env;
    }

    private static void copySecret(Map<String, String> env, String arnVariable, String valueVariable,
                                   Function<String, String> readSecret) {
        String arn = env.get(arnVariable);
        if (arn != null && !arn.isBlank() && (env.get(valueVariable) == null || env.get(valueVariable).isBlank())) {
            env.put(valueVariable, readSecret.apply(arn).trim());
        }
    }

    static Duration retention(Map<String, String> env) {
        String days = env.get("OUTPUT_EXPIRATION_DAYS");
        if (days == null || days.isBlank()) {
            return Duration.ofDays(30);
        }
        try {
            int value = Integer.parseInt(days.trim());
            if (value < 1 || value > 3650) {
                throw new ConfigException("OUTPUT_EXPIRATION_DAYS must be from 1 to 3650, was " + value);
            }
            return Duration.ofDays(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("OUTPUT_EXPIRATION_DAYS must be a whole number of days, was '" + days + "'");
        }
    }
}
