package dev.videogen.aws.endtoend;

import java.time.Duration;
import java.util.Map;

/**
 * The times a handler stack runs with: the render queue's visibility timeout, the render function's timeout (the
 * event source mapping stops an invocation after it), the sweeper's period, and the functions' settings.
 *
 * @param visibility      the render queue's visibility timeout
 * @param functionTimeout the render function's timeout
 * @param sweepEvery      how often the scheduled sweeper runs
 * @param environment     settings added to every function's environment
 */
record StackTimings(Duration visibility, Duration functionTimeout, Duration sweepEvery,
                    Map<String, String> environment) {

    /** Short, so redelivery happens within a test: visibility 3 s, the lease (2 s) lapsing before it. */
    static final StackTimings QUICK = new StackTimings(Duration.ofSeconds(3), Duration.ofMinutes(3),
            Duration.ofSeconds(2), Map.of(
                    "RENDER_TIMEOUT_SECONDS", "120",
                    // the lease must lapse before the queue's 3-second visibility timeout brings a message back
                    "RENDER_LEASE_SECONDS", "2",
                    "SOURCE_READ_TIMEOUT_SECONDS", "2",
                    "RETRY_FIRST_DELAY_MILLIS", "500",
                    "ORPHAN_GRACE_SECONDS", "1",
                    "WEBHOOK_RETRY_FIRST_DELAY_MILLIS", "500"));

    /**
     * The deployed settings divided by 30, so every ratio is production's: the render function's timeout 900 s → 30 s,
     * the queue's visibility 6 × that (5400 s → 180 s), the worker's render limit 810 s → 27 s, the lease 120 s → 4 s,
     * the first retry 10 s → 333 ms (then 1 s, 3 s, 9 s), the sweeper every 60 s → 2 s, a webhook's first retry 30 s →
     * 1 s, the queue allowance 900 s → 30 s, five attempts; only the wait before a lost job is queued again is longer
     * than its scaled value (5 s instead of 0.33 s).
     */
    static final StackTimings PRODUCTION_RATIOS = new StackTimings(Duration.ofSeconds(180), Duration.ofSeconds(30),
            Duration.ofSeconds(2), Map.of(
                    "RENDER_TIMEOUT_SECONDS", "27",
                    "QUEUED_RENDER_TIMEOUT_SECONDS", "27",
                    "RENDER_LEASE_SECONDS", "4",
                    "SOURCE_READ_TIMEOUT_SECONDS", "2",
                    "RETRY_FIRST_DELAY_MILLIS", "333",
                    // not scaled: a loaded test machine's mapping may take seconds to pick a message up, and a
                    // shorter grace would send duplicates of messages that were merely slow
                    "ORPHAN_GRACE_SECONDS", "5",
                    "WEBHOOK_RETRY_FIRST_DELAY_MILLIS", "1000",
                    "QUEUE_WAIT_ALLOWANCE_SECONDS", "30"));

    /** Production's scale: how many seconds of the deployed stack one second here stands for. */
    static final int PRODUCTION_SCALE = 30;
}
