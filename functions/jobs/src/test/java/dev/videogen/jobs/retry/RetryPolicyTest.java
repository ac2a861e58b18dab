package dev.videogen.jobs.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    /** The deployed render function: 900 s, of which the worker may spend 810 s on one attempt. */
    private static final Duration DEPLOYED_ATTEMPT = Duration.ofSeconds(810);

    @ParameterizedTest
    @CsvSource({
            // failed attempt, nominal seconds
            "1, 10",
            "2, 30",
            "3, 90",
            "4, 270",
            "5, 810"})
    void retriesWaitAboutTenThirtyNinetyAndTwoHundredSeventySeconds(int failedAttempt, long nominalSeconds) {
        RetryPolicy policy = RetryPolicy.standard(6, DEPLOYED_ATTEMPT);

        assertThat(policy.delayAfter(failedAttempt, 0.5)).isEqualTo(Duration.ofSeconds(nominalSeconds));
        assertThat(policy.delayAfter(failedAttempt, 0.0)).isEqualTo(Duration.ofMillis(nominalSeconds * 800));
        assertThat(policy.longestDelayAfter(failedAttempt)).isEqualTo(Duration.ofMillis(nominalSeconds * 1200));
    }

    @Test
    void jitterSpreadsJobsThatFailedTogether() {
        RetryPolicy policy = RetryPolicy.standard(5, DEPLOYED_ATTEMPT);
        Random random = new Random(7);
        long distinct = random.doubles(50).mapToObj(r -> policy.delayAfter(1, r)).distinct().count();

        assertThat(distinct).isGreaterThan(40);
        assertThat(random.doubles(1000).mapToObj(r -> policy.delayAfter(2, r)))
                .allSatisfy(delay -> assertThat(delay).isBetween(Duration.ofSeconds(24), Duration.ofSeconds(36)));
    }

    @Test
    void everyCodeOfTheContractHasARetryRule() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(RetryPolicy.RETRYABILITY).as(code.name()).containsKey(code.name());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "SOURCE_DOWNLOAD_FAILED, true, true",
            "SOURCE_DOWNLOAD_FAILED, false, false",
            "NETWORK_TIMEOUT, true, true",
            "S3_UPLOAD_FAILED, true, true",
            "FFMPEG_ERROR, true, true",
            "FFMPEG_ERROR, false, false",
            "PROCESSING_FAILED, true, true",
            "INVALID_INPUT, true, false",
            "S3_ACCESS_DENIED, true, false",
            "S3_BUCKET_NOT_FOUND, true, false",
            "INSUFFICIENT_STORAGE, true, false",
            "MEMORY_LIMIT_EXCEEDED, true, false",
            "PROCESSING_TIMEOUT, true, false",
            "SOMETHING_NEW, true, false"})
    void eachErrorCodeIsRetriedOnlyWhenItCanHelp(String code, boolean passing, boolean retried) {
        RetryPolicy policy = RetryPolicy.standard(5, Duration.ofSeconds(60));

        RetryPolicy.Decision decision = policy.decide(code, passing, 1, NOW, NOW.plus(Duration.ofHours(2)), () -> 0.5);

        assertThat(decision.retry()).isEqualTo(retried);
        if (retried) {
            assertThat(decision.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
            assertThat(decision.reason()).isEqualTo("attempt 2 of 5");
        }
    }

    @Test
    void spentAttemptsGiveUp() {
        RetryPolicy policy = RetryPolicy.standard(5, Duration.ofSeconds(60));

        assertThat(policy.decide("NETWORK_TIMEOUT", true, 4, NOW, null, () -> 0.5).retry()).isTrue();
        RetryPolicy.Decision last = policy.decide("NETWORK_TIMEOUT", true, 5, NOW, null, () -> 0.5);
        assertThat(last.retry()).isFalse();
        assertThat(last.reason()).isEqualTo("after 5 attempts");
    }

    @Test
    void aRetryThatCouldNotFinishBeforeTheDeadlineIsNotGranted() {
        RetryPolicy policy = RetryPolicy.standard(5, Duration.ofSeconds(60));
        Instant deadline = NOW.plusSeconds(69);

        RetryPolicy.Decision decision = policy.decide("NETWORK_TIMEOUT", true, 1, NOW, deadline, () -> 0.5);

        assertThat(decision.retry()).isFalse();
        assertThat(decision.reason()).contains("past the deadline");
        assertThat(policy.decide("NETWORK_TIMEOUT", true, 1, NOW, NOW.plusSeconds(70), () -> 0.5).retry()).isTrue();
    }

    /**
     * The deadline the policy asks for lets every attempt run to its budget, even when each attempt fails at the last
     * moment and every wait draws the longest jitter: the last attempt always happens, and ends before the deadline.
     */
    @ParameterizedTest
    @CsvSource({"1, 810", "3, 810", "5, 810", "8, 810", "5, 25", "5, 3", "10, 120"})
    void theTimeNeededLetsEveryAttemptHappenBeforeTheDeadline(int maxAttempts, long budgetSeconds) {
        RetryPolicy policy = RetryPolicy.standard(maxAttempts, Duration.ofSeconds(budgetSeconds));
        Instant deadline = NOW.plus(policy.timeNeeded());
        Instant clock = NOW.plus(RetryPolicy.QUEUE_ALLOWANCE);
        int attempts = 0;
        while (true) {
            attempts++;
            clock = clock.plus(policy.attemptBudget());
            assertThat(clock).as("attempt " + attempts + " ends").isBeforeOrEqualTo(deadline);
            RetryPolicy.Decision decision = policy.decide("S3_UPLOAD_FAILED", true, attempts, clock, deadline,
                    () -> 1.0);
            if (!decision.retry()) {
                assertThat(decision.reason()).isEqualTo("after " + maxAttempts + " attempts");
                break;
            }
            clock = decision.nextAttemptAt();
        }
        assertThat(attempts).isEqualTo(maxAttempts);
    }
}
