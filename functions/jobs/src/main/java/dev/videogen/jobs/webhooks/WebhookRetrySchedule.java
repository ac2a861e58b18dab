package dev.videogen.jobs.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a webhook that could not be delivered is tried again: after 30 s, then twice as long each time up to two
 * hours between attempts, for at least 24 hours from the first attempt; then it is given up. Pure, so the whole
 * schedule is tested without waiting for it.
 *
 * @param firstDelay the wait after the first failed attempt
 * @param longest    the longest wait between two attempts
 * @param giveUpAfter how long after the first attempt no new attempt is scheduled
 */
public record WebhookRetrySchedule(Duration firstDelay, Duration longest, Duration giveUpAfter) {

    /** 30 s, 1 min, 2 min, … 2 h, 2 h, … for 24 hours. */
    public static final WebhookRetrySchedule STANDARD = new WebhookRetrySchedule(Duration.ofSeconds(30),
            Duration.ofHours(2), Duration.ofHours(24));

    public WebhookRetrySchedule {
        if (firstDelay.isNegative() || firstDelay.isZero() || longest.compareTo(firstDelay) < 0
                || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("firstDelay must be positive, longest at least firstDelay, "
                    + "giveUpAfter not negative");
        }
    }

    /** The wait after failed attempt {@code attempts} (1 for the first). */
    public Duration delayAfter(int attempts) {
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long millis = firstDelay.toMillis() << Math.min(doublings, 40);
        return millis <= 0 || millis > longest.toMillis() ? longest : Duration.ofMillis(millis);
    }

    /**
     * When to try again after failed attempt {@code attempts}, made at {@code now} of an event first tried at
     * {@code firstAttempt}; empty when the event is given up: the next attempt would start after the retry window.
     */
    public Optional<Instant> nextAttempt(int attempts, Instant firstAttempt, Instant now) {
        Instant next = now.plus(delayAfter(attempts));
        if (next.isAfter(firstAttempt.plus(giveUpAfter))) {
            // one last attempt at the end of the window, so an event is always tried for the whole window
            return now.isBefore(firstAttempt.plus(giveUpAfter)) ? Optional.of(firstAttempt.plus(giveUpAfter))
                    : Optional.empty();
        }
        return Optional.of(next);
    }
}
