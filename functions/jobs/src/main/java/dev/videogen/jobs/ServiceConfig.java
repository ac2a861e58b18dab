package dev.videogen.jobs;

import dev.videogen.jobs.sources.InputPrefixes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the service, read from the environment in one place, each default visible here, each value
 * checked once at start-up; a bad value fails with the variable's name.
 *
 * @param environment          {@code VIDEOGEN_ENV}: local, dev, staging, prod
 * @param databaseUrl          {@code DATABASE_URL}: JDBC URL
 * @param databaseUser         {@code DATABASE_USER}
 * @param databasePassword     {@code DATABASE_PASSWORD}
 * @param databasePoolSize     {@code DATABASE_POOL_SIZE}: connections per process (default 2)
 * @param outputBucket         {@code OUTPUT_BUCKET}: where results are stored
 * @param outputPrefix         {@code OUTPUT_PREFIX}: key prefix of results (default {@code processed/})
 * @param region               {@code AWS_REGION} (default us-east-1)
 * @param publicBaseUrl        {@code PUBLIC_BASE_URL}: CDN base for result URLs; unset means presigned URLs
 * @param resultUrlTtl         {@code RESULT_URL_TTL_SECONDS}: lifetime of presigned result URLs (default 1 day)
 * @param quickResponseBudget  {@code QUICK_RESPONSE_BUDGET_SECONDS}: longest inline render (default 25)
 * @param renderTimeout        {@code RENDER_TIMEOUT_SECONDS}: wall-clock limit of one render here (default 840)
 * @param queuedRenderTimeout  {@code QUEUED_RENDER_TIMEOUT_SECONDS}: the render function's limit, which bounds how
 *                             long a queued job may take (default: {@code renderTimeout}); the api function, whose
 *                             own limit is short, needs it to give the jobs it queues their deadline
 * @param maxReceiveCount      {@code MAX_RECEIVE_COUNT}: deliveries before a retryable failure becomes final (default 5)
 * @param ffmpegPath           {@code FFMPEG_PATH}: FFmpeg binary; unset means the layer's or the bundled one
 * @param fontDirectory        {@code FONT_DIR}: directory holding the bundled fonts (default: extracted to the work dir)
 * @param workDirectory        {@code WORK_DIR}: where renders keep their temporary files (default: the temp dir)
 * @param authMode             {@code AUTH_MODE}: none, jwt or api_key (default none locally, required elsewhere)
 * @param jwtJwksUrl           {@code JWT_JWKS_URL}: Supabase JWKS endpoint for ES256/RS256 tokens
 * @param jwtIssuer            {@code JWT_ISSUER}: expected {@code iss}
 * @param jwtAudience          {@code JWT_AUDIENCE}: expected {@code aud} (default authenticated)
 * @param jwtSecret            {@code JWT_SECRET}: HS256 secret (resolved from Secrets Manager when deployed)
 * @param webhookSecret        {@code WEBHOOK_SECRET}: key of the webhook signatures
 * @param sourceMaxBytes       {@code SOURCE_MAX_BYTES}: the largest source accepted (default 1 GiB)
 * @param allowLoopbackSources {@code ALLOW_LOOPBACK_SOURCES}: local development only (default false)
 * @param x264Preset           {@code X264_PRESET}: encoder speed for mp4/mov (default veryfast)
 * @param renderLease          {@code RENDER_LEASE_SECONDS}: how long a worker's claim on a job lasts between renewals
 *                             (default 120); it must stay shorter than the render queue's visibility timeout, or the
 *                             redelivered message of a worker that died finds the job still held and is dead-lettered
 * @param sourceReadTimeout    {@code SOURCE_READ_TIMEOUT_SECONDS}: longest wait for the next bytes of a source
 *                             download (default 30); a source that stalls longer fails with NETWORK_TIMEOUT
 * @param sharedInputPrefix    {@code SHARED_INPUT_PREFIX}: objects of the bucket every caller may name as sources,
 *                             besides its own {@code inputs/<owner>/} (default {@code examples/}; {@code none} for none)
 * @param rateLimitPerMinute   {@code RATE_LIMIT_PER_MINUTE}: creates each owner may make per minute (default 600 when
 *                             deployed, 0 = unlimited in the local stack)
 * @param chunkSeconds         {@code CHUNK_SECONDS}: a queued MP4, MOV or WebM job longer than twice this is split into
 *                             chunks of at most this many seconds, rendered in parallel and stitched (default 30;
 *                             0 renders every job in one pass)
 * @param timing               how retries, sweeps and hand-overs are paced (see {@link Timing})
 */
public record ServiceConfig(
        String environment,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String outputBucket,
        String outputPrefix,
        String region,
        String publicBaseUrl,
        Duration resultUrlTtl,
        Duration quickResponseBudget,
        Duration renderTimeout,
        Duration queuedRenderTimeout,
        int maxReceiveCount,
        String ffmpegPath,
        Path fontDirectory,
        Path workDirectory,
        AuthMode authMode,
        String jwtJwksUrl,
        String jwtIssuer,
        String jwtAudience,
        String jwtSecret,
        String webhookSecret,
        long sourceMaxBytes,
        boolean allowLoopbackSources,
        String x264Preset,
        Duration renderLease,
        Duration sourceReadTimeout,
        String sharedInputPrefix,
        int rateLimitPerMinute,
        double chunkSeconds,
        Timing timing) {

    /**
     * The pace of retries and of the sweeper. Deployed values are the defaults; the fault suites scale them down with
     * the render function's timeout so that their ratios stay those of production.
     *
     * @param retryFirstDelay     {@code RETRY_FIRST_DELAY_MILLIS}: wait before a failed job's first retry (default
     *                            10 000; later waits triple: about 10 s, 30 s, 90 s, 270 s)
     * @param queueAllowance      {@code QUEUE_WAIT_ALLOWANCE_SECONDS}: time a job may wait in the queue before its first
     *                            attempt, on top of its attempts, in its deadline (default 900)
     * @param webhookFirstDelay   {@code WEBHOOK_RETRY_FIRST_DELAY_MILLIS}: wait before a webhook's first retry (default
     *                            30 000; doubling up to 2 h apart, for 24 hours)
     * @param orphanGrace         {@code ORPHAN_GRACE_SECONDS}: how long a due job may go unclaimed before the sweeper
     *                            sends its message again (default 10)
     */
    public record Timing(Duration retryFirstDelay, Duration queueAllowance, Duration webhookFirstDelay,
                         Duration orphanGrace) {

        /** The deployed pace. */
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(10), Duration.ofMinutes(15),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** Reads and checks every setting. */
    public static ServiceConfig fromEnvironment(Map<String, String> env) {
        Reader read = new Reader(env);
        String environment = read.text("VIDEOGEN_ENV", "local");
        boolean local = environment.equals("local");
        AuthMode authMode = read.authMode(local);
        if (authMode == AuthMode.NONE && !local) {
            throw new ConfigException("AUTH_MODE must be jwt or api_key outside the local stack (VIDEOGEN_ENV="
                    + environment + ")");
        }
        String jwks = read.optional("JWT_JWKS_URL");
        String jwtSecret = read.optional("JWT_SECRET");
        if (authMode == AuthMode.JWT && jwks == null && jwtSecret == null) {
            throw new ConfigException("AUTH_MODE=jwt needs JWT_JWKS_URL or JWT_SECRET");
        }
        boolean loopback = read.bool("ALLOW_LOOPBACK_SOURCES", false);
        if (loopback && !local) {
            throw new ConfigException("ALLOW_LOOPBACK_SOURCES=true is only allowed for the local stack");
        }
        String prefix = read.text("OUTPUT_PREFIX", "processed/");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new ConfigException("OUTPUT_PREFIX must end with '/', was '" + prefix + "'");
        }
        String publicBase = read.optional("PUBLIC_BASE_URL");
        if (publicBase != null && !publicBase.startsWith("https://") && !local) {
            throw new ConfigException("PUBLIC_BASE_URL must be an https:// URL, was '" + publicBase + "'");
        }
        String fontDir = read.optional("FONT_DIR");
        int renderTimeoutSeconds = read.integer("RENDER_TIMEOUT_SECONDS", 840, 10, 3600);
        return new ServiceConfig(
                environment,
                read.required("DATABASE_URL"),
                read.text("DATABASE_USER", "postgres"),
                read.text("DATABASE_PASSWORD", ""),
                databasePoolSize(env),
                read.required("OUTPUT_BUCKET"),
                prefix,
                read.text("AWS_REGION", "us-east-1"),
                publicBase == null ? null : stripTrailingSlash(publicBase),
                Duration.ofSeconds(read.integer("RESULT_URL_TTL_SECONDS", 86_400, 60, 604_800)),
                Duration.ofSeconds(read.integer("QUICK_RESPONSE_BUDGET_SECONDS", 25, 1, 28)),
                Duration.ofSeconds(renderTimeoutSeconds),
                Duration.ofSeconds(read.integer("QUEUED_RENDER_TIMEOUT_SECONDS", renderTimeoutSeconds, 10, 3600)),
                read.integer("MAX_RECEIVE_COUNT", 5, 1, 100),
                read.optional("FFMPEG_PATH"),
                fontDir == null ? null : Path.of(fontDir),
                Path.of(read.text("WORK_DIR", System.getProperty("java.io.tmpdir") + "/videogen")),
                authMode,
                jwks,
                read.optional("JWT_ISSUER"),
                read.text("JWT_AUDIENCE", "authenticated"),
                jwtSecret,
                read.optional("WEBHOOK_SECRET"),
                read.longInteger("SOURCE_MAX_BYTES", 1024L * 1024 * 1024, 1024, 10L * 1024 * 1024 * 1024),
                loopback,
                read.text("X264_PRESET", "veryfast"),
                Duration.ofSeconds(read.integer("RENDER_LEASE_SECONDS", 120, 2, 3600)),
                Duration.ofSeconds(read.integer("SOURCE_READ_TIMEOUT_SECONDS", 30, 1, 300)),
                sharedInputPrefix(read, prefix),
                read.integer("RATE_LIMIT_PER_MINUTE", local ? 0 : 600, 0, 1_000_000),
                read.integer("CHUNK_SECONDS", 30, 0, 900),
                timing(read));
    }

    private static Timing timing(Reader read) {
        return new Timing(
                Duration.ofMillis(read.integer("RETRY_FIRST_DELAY_MILLIS", 10_000, 10, 600_000)),
                Duration.ofSeconds(read.integer("QUEUE_WAIT_ALLOWANCE_SECONDS", 900, 1, 86_400)),
                Duration.ofMillis(read.integer("WEBHOOK_RETRY_FIRST_DELAY_MILLIS", 30_000, 10, 3_600_000)),
                Duration.ofSeconds(read.integer("ORPHAN_GRACE_SECONDS", 10, 1, 3600)));
    }

    private static String sharedInputPrefix(Reader read, String outputPrefix) {
        String shared = read.text("SHARED_INPUT_PREFIX", InputPrefixes.DEFAULT_SHARED_PREFIX);
        if (shared.equals("none")) {
            return null;
        }
        try {
            new InputPrefixes(shared);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("SHARED_INPUT_PREFIX " + e.getMessage().replace("the shared input prefix ", ""));
        }
        if (shared.startsWith(outputPrefix) || outputPrefix.startsWith(shared)) {
            throw new ConfigException("SHARED_INPUT_PREFIX must not overlap OUTPUT_PREFIX (results are not shared), was '"
                    + shared + "'");
        }
        return shared;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The same settings with other values for tests and the local stack. */
    public ServiceConfig withQuickResponseBudget(Duration budget) {
        return new ServiceConfig(environment, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                outputBucket, outputPrefix, region, publicBaseUrl, resultUrlTtl, budget, renderTimeout,
                queuedRenderTimeout, maxReceiveCount, ffmpegPath, fontDirectory, workDirectory, authMode, jwtJwksUrl, jwtIssuer,
                jwtAudience, jwtSecret, webhookSecret, sourceMaxBytes, allowLoopbackSources, x264Preset, renderLease,
                sourceReadTimeout, sharedInputPrefix, rateLimitPerMinute, chunkSeconds, timing);
    }

    /**
     * {@code DATABASE_POOL_SIZE} (1 to 64, default 2): read by every function that connects, so the deployed stack's
     * connection budget holds for all of them.
     *
     * @throws ConfigException when it is not a whole number in range
     */
    public static int databasePoolSize(Map<String, String> env) {
        return new Reader(env).integer("DATABASE_POOL_SIZE", 2, 1, 64);
    }

    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String optional(String name) {
            String value = env.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String name) {
            String value = optional(name);
            if (value == null) {
                throw new ConfigException(name + " is required");
            }
            return value;
        }

        String text(String name, String fallback) {
            String value = optional(name);
            return value == null ? fallback : value;
        }

        int integer(String name, int fallback, int min, int max) {
            return (int) longInteger(name, fallback, min, max);
        }

        long longInteger(String name, long fallback, long min, long max) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value);
                if (parsed < min || parsed > max) {
                    throw new ConfigException(name + " must be from " + min + " to " + max + ", was " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(name + " must be a whole number, was '" + value + "'");
            }
        }

        boolean bool(String name, boolean fallback) {
            String value = optional(name);
            if (value == null) {
                return fallback;
            }
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no" -> false;
                default -> throw new ConfigException(name + " must be true or false, was '" + value + "'");
            };
        }

        AuthMode authMode(boolean local) {
            String value = optional("AUTH_MODE");
            if (value == null) {
                if (local) {
                    return AuthMode.NONE;
                }
                throw new ConfigException("AUTH_MODE is required outside the local stack: jwt or api_key");
            }
            try {
                return AuthMode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("AUTH_MODE must be none, jwt or api_key, was '" + value + "'");
            }
        }
    }
}
