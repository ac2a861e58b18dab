package dev.videogen.jobs.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Whether a failed attempt at a piece of work (a job, a chunk of one) is tried again, and when. Pure: the caller
 * gives the failure, how many attempts were made, the time and the work's deadline, and gets a {@link Decision}.
 *
 * <p><b>Which failures.</b> Each error code is {@linkplain Retryability never, or only when the failure was passing}
 * retried (the table is {@link #RETRYABILITY}); an unknown code is never retried. "Passing" is the thrower's word:
 * a source host that answered 5xx is passing, one that refused every connection is not.
 *
 * <p><b>When.</b> The n-th retry waits {@code firstDelay × factor^(n-1)}, jittered by ±{@code jitter} so that jobs
 * that failed together do not come back together: by default about 10 s, 30 s, 90 s, 270 s.
 *
 * <p><b>Bounded by the deadline.</b> A retry is granted only when its attempt, started after the wait, can finish
 * within {@code attemptBudget} before the deadline; otherwise the work fails now with its own error code rather
 * than later with a timeout. {@link #timeNeeded()} is the deadline that lets every attempt happen.
 */
public final class RetryPolicy {

    /** How an error code is treated. */
    public enum Retryability {
        /** Trying again cannot help: the request, the permissions or the limits are at fault. */
        NEVER,
        /** Tried again when the failure was passing (an outage, a stall, a killed process). */
        WHEN_PASSING
    }

    /** The contract's error codes and whether each may be retried. */
    public static final Map<String, Retryability> RETRYABILITY = Map.ofEntries(
            Map.entry("INVALID_INPUT", Retryability.NEVER),
            Map.entry("SOURCE_DOWNLOAD_FAILED", Retryability.WHEN_PASSING),
            Map.entry("NETWORK_TIMEOUT", Retryability.WHEN_PASSING),
            Map.entry("FFMPEG_ERROR", Retryability.WHEN_PASSING),
            // the render hit its own time limit: another attempt would hit it too
            Map.entry("PROCESSING_TIMEOUT", Retryability.NEVER),
            Map.entry("S3_UPLOAD_FAILED", Retryability.WHEN_PASSING),
            Map.entry("S3_ACCESS_DENIED", Retryability.NEVER),
            Map.entry("S3_BUCKET_NOT_FOUND", Retryability.NEVER),
            Map.entry("INSUFFICIENT_STORAGE", Retryability.NEVER),
            Map.entry("MEMORY_LIMIT_EXCEEDED", Retryability.NEVER),
            Map.entry("PROCESSING_FAILED", Retryability.WHEN_PASSING));

    /** The default schedule: first retry after 10 s, each later one three times as long, ±20 %. */
    public static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    public static final double FACTOR = 3.0;
    public static final double JITTER = 0.2;
    /** Time allowed, on top of the attempts and waits, for a job to wait in the queue before its first attempt. */
    public static final Duration QUEUE_ALLOWANCE = Duration.ofMinutes(15);

    /** What to do after a failed attempt. */
    public record Decision(boolean retry, Duration delay, Instant nextAttemptAt, String reason) {

        static Decision giveUp(String reason) {
            return new Decision(false, Duration.ZERO, null, reason);
        }
    }

    private final int maxAttempts;
    private final Duration attemptBudget;
    private final Duration firstDelay;
    private final double factor;
    private final double jitter;

    /**
     * @param maxAttempts   attempts in all, the first included (at least 1)
     * @param attemptBudget the longest one attempt may take (the render's time limit plus its upload)
     */
    public RetryPolicy(int maxAttempts, Duration attemptBudget, Duration firstDelay, double factor, double jitter) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (attemptBudget.isNegative() || firstDelay.isNegative() || factor < 1 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("attemptBudget and firstDelay must not be negative, factor at least 1,"
                    + " jitter in [0, 1)");
        }
        this.maxAttempts = maxAttempts;
        this.attemptBudget = Objects.requireNonNull(attemptBudget, "attemptBudget");
        this.firstDelay = firstDelay;
        this.factor = factor;
        this.jitter = jitter;
    }

    /** The service's schedule (10 s, 30 s, 90 s, … ±20 %) for {@code maxAttempts} attempts of {@code attemptBudget}. */
    public static RetryPolicy standard(int maxAttempts, Duration attemptBudget) {
        return new RetryPolicy(maxAttempts, attemptBudget, FIRST_DELAY, FACTOR, JITTER);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration attemptBudget() {
        return attemptBudget;
    }

    /** Whether a failure with {@code errorCode} may be tried again; {@code passing} is the thrower's judgement. */
    public static boolean worthRetrying(String errorCode, boolean passing) {
        return passing && RETRYABILITY.getOrDefault(errorCode, Retryability.NEVER) == Retryability.WHEN_PASSING;
    }

    /**
     * The wait before the retry that follows failed attempt {@code failedAttempt} (1 for the first), for a uniform
     * random number {@code random} in [0, 1): the nominal delay scaled by {@code 1 ± jitter}.
     */
    public Duration delayAfter(int failedAttempt, double random) {
        double nominal = firstDelay.toMillis() * Math.pow(factor, Math.max(0, failedAttempt - 1));
        double scaled = nominal * (1 - jitter + 2 * jitter * Math.min(Math.max(random, 0), 1));
        return Duration.ofMillis(Math.round(scaled));
    }

    /** The longest wait after failed attempt {@code failedAttempt}: the nominal delay with the whole jitter added. */
    public Duration longestDelayAfter(int failedAttempt) {
        return delayAfter(failedAttempt, 1.0);
    }

    /**
     * The deadline to give work so that all its attempts fit: a queue allowance, every attempt's budget and the
     * longest wait before each retry.
     */
    public Duration timeNeeded() {
        return timeNeeded(QUEUE_ALLOWANCE);
    }

    /** {@link #timeNeeded()} with another allowance for the wait before the first attempt. */
    public Duration timeNeeded(Duration queueAllowance) {
        Duration total = queueAllowance.plus(attemptBudget.multipliedBy(maxAttempts));
        for (int failed = 1; failed < maxAttempts; failed++) {
            total = total.plus(longestDelayAfter(failed));
        }
        return total;
    }

    /**
     * Decides after attempt {@code attempt} (1 for the first) failed with {@code errorCode}.
     *
     * @param passing  whether the thrower judged the failure passing (see {@link #worthRetrying})
     * @param deadline when the work must be finished (its timeout); {@code null} for none
     * @param random   uniform numbers in [0, 1) for the jitter
     */
    public Decision decide(String errorCode, boolean passing, int attempt, Instant now, Instant deadline,
                           DoubleSupplier random) {
        if (!worthRetrying(errorCode, passing)) {
            return Decision.giveUp(errorCode + " is not worth retrying");
        }
        if (attempt >= maxAttempts) {
            return Decision.giveUp("after " + attempt + " attempts");
        }
        Duration delay = delayAfter(attempt, random.getAsDouble());
        Instant next = now.plus(delay);
        if (deadline != null && next.plus(attemptBudget).isAfter(deadline)) {
            return Decision.giveUp("after " + attempt + " attempts: another would end past the deadline");
        }
        return new Decision(true, delay, next, "attempt " + (attempt + 1) + " of " + maxAttempts);
    }
}
