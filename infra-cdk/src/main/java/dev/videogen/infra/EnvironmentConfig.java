package dev.videogen.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * Everything that differs between the deployed environments: names, sizes, limits, auth and
 * retention. One record per environment, built in {@link #named(String)}, validated once here so a
 * bad value fails at synthesis with its field's name instead of at deploy time or in production.
 *
 * @param name                         dev, staging or prod; prefixes every physical name
 * @param authMode                     how the protected routes authenticate (never none)
 * @param gatewayJwtAuthorizer         in {@link AuthMode#JWT}, also put API Gateway's JWT authorizer in front of
 *                                     the protected routes; it verifies RS256 tokens only, so only for Supabase
 *                                     projects that sign with RS256 keys (the api function verifies every token
 *                                     either way)
 * @param apiMemoryMb                  the api function also renders small jobs inline, so CPU matters
 * @param apiEphemeralStorageMb        /tmp of the api function; SnapStart needs it at 512 MB or less
 * @param apiTimeoutSeconds            under API Gateway's hard 30 s integration timeout
 * @param apiReservedConcurrency       caps the api function, and so its database connections
 * @param authorizerReservedConcurrency caps the API-key authorizer function in {@link AuthMode#API_KEY}, where it is
 *                                     required; empty in {@link AuthMode#JWT}, which has no authorizer function
 * @param quickResponseBudgetSeconds   how long an inline render may take before it is handed to the queue; at
 *                                     most 25 s and {@link #API_FINISH_MARGIN_SECONDS} under the api timeout
 * @param renderMemoryMb               1,769 MB buys one vCPU; FFmpeg uses every core it gets
 * @param renderEphemeralStorageMb     /tmp of the render function: sources plus output
 * @param renderTimeoutSeconds         the render function's Lambda timeout, at most 15 minutes; the worker
 *                                     stops FFmpeg earlier, at {@link #renderWorkLimitSeconds()}
 * @param renderMaxConcurrency         concurrent renders the queue may start
 * @param maxReceiveCount              deliveries of a render message before it is dead-lettered
 * @param sourceMaxBytes               the largest source a render downloads
 * @param databasePoolSize             {@code DATABASE_POOL_SIZE} of every function with a connection pool: the most
 *                                     connections one execution environment opens
 * @param databaseConnectionBudget     pooler client connections this environment may hold at once, its share of the
 *                                     Supabase project's limit; every function's concurrency times its connections
 *                                     must fit in it ({@link #databaseClients()})
 * @param throttleRatePerSecond        steady request rate of the HTTP API's stage
 * @param throttleBurst                burst of the HTTP API's stage
 * @param cloudFront                   serve results through CloudFront instead of presigned S3 URLs
 * @param outputExpirationDays         rendered files under processed/ are deleted after this many days
 * @param resultUrlTtlSeconds          lifetime of a presigned result URL
 * @param logRetention                 CloudWatch log retention of every function and the API
 * @param retainDataOnTeardown         keep the bucket and log groups when the stacks are destroyed
 * @param alarms                       alarm thresholds
 * @param chunkSeconds                 {@code CHUNK_SECONDS}: a queued job longer than twice this is split into chunks
 *                                     of at most this many seconds, rendered by as many render functions at once
 *                                     (within {@code renderMaxConcurrency}) and stitched; 0 renders every job whole
 */
public record EnvironmentConfig(
        String name,
        AuthMode authMode,
        boolean gatewayJwtAuthorizer,
        int apiMemoryMb,
        int apiEphemeralStorageMb,
        int apiTimeoutSeconds,
        int apiReservedConcurrency,
        OptionalInt authorizerReservedConcurrency,
        int quickResponseBudgetSeconds,
        int renderMemoryMb,
        int renderEphemeralStorageMb,
        int renderTimeoutSeconds,
        int renderMaxConcurrency,
        int maxReceiveCount,
        long sourceMaxBytes,
        int databasePoolSize,
        int databaseConnectionBudget,
        int throttleRatePerSecond,
        int throttleBurst,
        boolean cloudFront,
        int outputExpirationDays,
        int resultUrlTtlSeconds,
        RetentionDays logRetention,
        boolean retainDataOnTeardown,
        AlarmThresholds alarms,
        int chunkSeconds) {

    /** The environments the app knows, in promotion order. */
    public static final List<String> NAMES = List.of("dev", "staging", "prod");

    /** SQS must hide a message in flight for at least this many render timeouts. */
    public static final int VISIBILITY_TIMEOUT_FACTOR = 6;

    /** The dead-letter consumer's event source concurrency: the least Lambda's SQS event source accepts. */
    public static final int DEAD_LETTER_MAX_CONCURRENCY = 2;

    /** The sweeper runs every few minutes and finishes well within the interval: one at a time is enough. */
    public static final int SWEEPER_RESERVED_CONCURRENCY = 1;

    /** One migration at a time: the deploy's custom resource invokes it once. */
    public static final int MIGRATION_RESERVED_CONCURRENCY = 1;

    /**
     * Connections a migration opens: Flyway keeps one for its schema history table and lock and one for the scripts.
     * It opens them itself, without a pool, so the migration function has no {@code DATABASE_POOL_SIZE}.
     */
    public static final int MIGRATION_CONNECTIONS = 2;

    /** The range the functions accept for {@code DATABASE_POOL_SIZE}. */
    public static final int MAX_DATABASE_POOL_SIZE = 64;

    /** The longest inline render: an HTTP API integration is cut off at 30 s, whatever the function's timeout. */
    public static final int MAX_QUICK_RESPONSE_BUDGET_SECONDS = 25;

    /**
     * What the api function keeps of its own timeout after an inline render is stopped: enough to hand the job to
     * the queue and answer 202.
     */
    public static final int API_FINISH_MARGIN_SECONDS = 4;

    /**
     * The least the render function keeps of its timeout after the worker stops FFmpeg: enough to upload the
     * result and record the outcome, so a render that runs long ends as a recorded failure rather than a killed
     * invocation that the queue delivers again.
     */
    public static final int RENDER_FINISH_MARGIN_SECONDS = 60;

    /** Lambda's SnapStart is refused for functions with more ephemeral storage than this. */
    public static final int SNAPSTART_MAX_EPHEMERAL_STORAGE_MB = 512;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,15}");
    private static final long MIB = 1024L * 1024L;

    public EnvironmentConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits and dashes, was " + name);
        }
        if (authMode == null) {
            throw new IllegalArgumentException("authMode is required: a deployed environment always authenticates");
        }
        if (gatewayJwtAuthorizer && authMode != AuthMode.JWT) {
            throw new IllegalArgumentException("gatewayJwtAuthorizer needs authMode JWT, was " + authMode);
        }
        requireBetween("apiMemoryMb", apiMemoryMb, 128, 10_240);
        requireBetween("renderMemoryMb", renderMemoryMb, 128, 10_240);
        requireBetween("apiEphemeralStorageMb", apiEphemeralStorageMb, 512, 10_240);
        requireBetween("renderEphemeralStorageMb", renderEphemeralStorageMb, 512, 10_240);
        // API Gateway answers 503 itself at 30 s; the function must finish (or hand over) before that. The floor
        // keeps the api's own render limit (timeout minus margin) at 10 s, the least the handlers accept.
        requireBetween("apiTimeoutSeconds", apiTimeoutSeconds, 10 + API_FINISH_MARGIN_SECONDS, 29);
        requireBetween("quickResponseBudgetSeconds", quickResponseBudgetSeconds, 1,
                Math.min(MAX_QUICK_RESPONSE_BUDGET_SECONDS, apiTimeoutSeconds - API_FINISH_MARGIN_SECONDS));
        // Two finish margins: the worker keeps at least a minute of render time.
        requireBetween("renderTimeoutSeconds", renderTimeoutSeconds, 2 * RENDER_FINISH_MARGIN_SECONDS, 900);
        requireBetween("maxReceiveCount", maxReceiveCount, 5, 1000);
        // Lambda's SQS event source accepts a maximum concurrency of 2 to 1000.
        requireBetween("renderMaxConcurrency", renderMaxConcurrency, 2, 1000);
        // Every function that connects needs a concurrency bound, or its connections are unbounded too.
        requireBetween("apiReservedConcurrency", apiReservedConcurrency, 1, 1000);
        if (authorizerReservedConcurrency == null) {
            throw new IllegalArgumentException(
                    "authorizerReservedConcurrency must be given (OptionalInt.empty() when there is no authorizer)");
        }
        if (authMode == AuthMode.API_KEY && authorizerReservedConcurrency.isEmpty()) {
            throw new IllegalArgumentException("authorizerReservedConcurrency is required with authMode API_KEY: "
                    + "the authorizer function connects to the database, so its concurrency must be bounded");
        }
        if (authMode != AuthMode.API_KEY && authorizerReservedConcurrency.isPresent()) {
            throw new IllegalArgumentException("authorizerReservedConcurrency needs authMode API_KEY, was " + authMode);
        }
        authorizerReservedConcurrency.ifPresent(reserved ->
                requireBetween("authorizerReservedConcurrency", reserved, 1, 1000));
        requireBetween("databasePoolSize", databasePoolSize, 1, MAX_DATABASE_POOL_SIZE);
        List<DatabaseClient> clients = databaseClients(authMode, apiReservedConcurrency,
                authorizerReservedConcurrency, renderMaxConcurrency, databasePoolSize);
        int connectionsNeeded = totalConnections(clients);
        if (connectionsNeeded > databaseConnectionBudget) {
            throw new IllegalArgumentException("databaseConnectionBudget " + databaseConnectionBudget
                    + " is below the connections the functions may hold at once (concurrency × connections each): "
                    + clients.stream().map(DatabaseClient::toString).collect(Collectors.joining(" + "))
                    + " = " + connectionsNeeded + "; raise the budget or lower renderMaxConcurrency, "
                    + "apiReservedConcurrency, authorizerReservedConcurrency or databasePoolSize");
        }
        if (sourceMaxBytes < 1 || sourceMaxBytes >= renderEphemeralStorageMb * MIB) {
            throw new IllegalArgumentException("sourceMaxBytes must be positive and fit in the render function's "
                    + renderEphemeralStorageMb + " MB of /tmp, was " + sourceMaxBytes);
        }
        requireBetween("throttleRatePerSecond", throttleRatePerSecond, 1, 10_000);
        requireBetween("throttleBurst", throttleBurst, 1, 5_000);
        requireBetween("outputExpirationDays", outputExpirationDays, 1, 3650);
        // A presigned URL outlives neither seven days nor the credentials of the function that signed it.
        requireBetween("resultUrlTtlSeconds", resultUrlTtlSeconds, 60, 604_800);
        if (logRetention == null || logRetention == RetentionDays.INFINITE) {
            throw new IllegalArgumentException("logRetention must be a finite period");
        }
        if (alarms == null) {
            throw new IllegalArgumentException("alarms are required");
        }
        requireBetween("chunkSeconds", chunkSeconds, 0, 900);
    }

    /** The configuration of a named environment: dev, staging or prod. */
    public static EnvironmentConfig named(String name) {
        return switch (name == null ? "" : name) {
            case "dev" -> new EnvironmentConfig("dev", AuthMode.API_KEY, false,
                    1769, 512, 29, 5, OptionalInt.of(2), 25,
                    2048, 2048, 300, 3, 5, 256 * MIB,
                    2, 40, 5, 10,
                    false, 7, 3600,
                    RetentionDays.ONE_WEEK, false,
                    new AlarmThresholds(10, 10, 10, 0.8), 30);
            case "staging" -> new EnvironmentConfig("staging", AuthMode.JWT, false,
                    1769, 512, 29, 10, OptionalInt.empty(), 25,
                    3538, 4096, 600, 10, 5, 1024 * MIB,
                    2, 60, 25, 50,
                    false, 30, 3600,
                    RetentionDays.ONE_MONTH, true,
                    new AlarmThresholds(5, 5, 5, 0.8), 30);
            case "prod" -> new EnvironmentConfig("prod", AuthMode.JWT, false,
                    3538, 512, 29, 40, OptionalInt.empty(), 25,
                    5307, 10_240, 900, 40, 5, 2048 * MIB,
                    2, 200, 100, 200,
                    true, 30, 3600,
                    RetentionDays.THREE_MONTHS, true,
                    new AlarmThresholds(1, 1, 5, 0.75), 20);
            default -> throw new IllegalArgumentException(
                    "unknown environment '" + name + "': choose one of " + String.join(", ", NAMES));
        };
    }

    /**
     * Every function that connects to the database, with the most execution environments it may run at once and the
     * connections each may open: what {@link #databaseConnectionBudget} must hold. The service stack applies these
     * bounds and pool sizes to the functions.
     */
    public List<DatabaseClient> databaseClients() {
        return databaseClients(authMode, apiReservedConcurrency, authorizerReservedConcurrency, renderMaxConcurrency,
                databasePoolSize);
    }

    /** The connections all functions may hold at once: the sum over {@link #databaseClients()}. */
    public int databaseConnectionsNeeded() {
        return totalConnections(databaseClients());
    }

    /**
     * A function that holds database connections.
     *
     * @param role                the function's role, as in its name {@code videogen-<env>-<role>}
     * @param maxEnvironments     its concurrency bound: reserved concurrency or its event source's maximum
     * @param connectionsEach     connections one of its execution environments may open
     */
    public record DatabaseClient(String role, int maxEnvironments, int connectionsEach) {

        public int connections() {
            return maxEnvironments * connectionsEach;
        }

        @Override
        public String toString() {
            return role + " " + maxEnvironments + " × " + connectionsEach;
        }
    }

    private static List<DatabaseClient> databaseClients(AuthMode authMode, int apiReservedConcurrency,
                                                        OptionalInt authorizerReservedConcurrency,
                                                        int renderMaxConcurrency, int poolSize) {
        List<DatabaseClient> clients = new ArrayList<>();
        clients.add(new DatabaseClient("api", apiReservedConcurrency, poolSize));
        // jobs and the pieces of chunked jobs share the render queue's event source, so its maximum concurrency bounds
        // both: a fan-out never opens more connections than renderMaxConcurrency environments hold
        clients.add(new DatabaseClient("render", renderMaxConcurrency, poolSize));
        if (authMode == AuthMode.API_KEY) {
            clients.add(new DatabaseClient("authorizer", authorizerReservedConcurrency.orElseThrow(), poolSize));
        }
        clients.add(new DatabaseClient("dead-letter", DEAD_LETTER_MAX_CONCURRENCY, poolSize));
        clients.add(new DatabaseClient("sweeper", SWEEPER_RESERVED_CONCURRENCY, poolSize));
        clients.add(new DatabaseClient("migration", MIGRATION_RESERVED_CONCURRENCY, MIGRATION_CONNECTIONS));
        return List.copyOf(clients);
    }

    private static int totalConnections(List<DatabaseClient> clients) {
        return clients.stream().mapToInt(DatabaseClient::connections).sum();
    }

    /** The render queue hides a message in flight for this long: six render timeouts, as Lambda advises. */
    public int renderQueueVisibilityTimeoutSeconds() {
        return VISIBILITY_TIMEOUT_FACTOR * renderTimeoutSeconds;
    }

    /**
     * When the render worker stops FFmpeg: the render function's timeout less a tenth of it, and never less than
     * {@link #RENDER_FINISH_MARGIN_SECONDS}. The render function's {@code RENDER_TIMEOUT_SECONDS}.
     */
    public int renderWorkLimitSeconds() {
        return renderTimeoutSeconds - Math.max(RENDER_FINISH_MARGIN_SECONDS, renderTimeoutSeconds / 10);
    }

    /**
     * When the api function stops an inline render at the latest: its timeout less
     * {@link #API_FINISH_MARGIN_SECONDS}. The api function's {@code RENDER_TIMEOUT_SECONDS}.
     */
    public int apiRenderLimitSeconds() {
        return apiTimeoutSeconds - API_FINISH_MARGIN_SECONDS;
    }

    /** Whether the api function can use SnapStart, which Lambda allows only with a small /tmp. */
    public boolean apiSnapStart() {
        return apiEphemeralStorageMb <= SNAPSTART_MAX_EPHEMERAL_STORAGE_MB;
    }

    /** The prefix of every physical name in this environment, e.g. {@code videogen-prod}. */
    public String resourcePrefix() {
        return "videogen-" + name;
    }

    private static void requireBetween(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
