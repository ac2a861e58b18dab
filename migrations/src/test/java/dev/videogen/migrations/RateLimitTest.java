package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** take_rate_limit_token: one token bucket per owner, refilled continuously, counted exactly under concurrency. */
class RateLimitTest extends SchemaTestCase {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private double take(String owner, int perMinute, Instant at) {
        return ((Number) sql.value("SELECT take_rate_limit_token(?, ?, ?)", owner, perMinute, Timestamp.from(at)))
                .doubleValue();
    }

    @Test
    void aFullBudgetIsSpentThenTheNextCreateWaitsForOneToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(take("alice", 3, T0)).as("create %d", i + 1).isZero();
        }

        // 3 a minute: a token every 20 seconds
        assertThat(take("alice", 3, T0)).isEqualTo(20.0);
        assertThat(take("alice", 3, T0.plusSeconds(5))).isEqualTo(15.0);
    }

    @Test
    void theBudgetRefillsWithTimeButNeverBeyondItsSize() {
        for (int i = 0; i < 3; i++) {
            take("alice", 3, T0);
        }

        assertThat(take("alice", 3, T0.plusSeconds(20))).isZero();
        assertThat(take("alice", 3, T0.plusSeconds(20))).isEqualTo(20.0);
        // an hour idle fills the bucket to 3, not to 180
        Instant later = T0.plusSeconds(3600);
        for (int i = 0; i < 3; i++) {
            assertThat(take("alice", 3, later)).isZero();
        }
        assertThat(take("alice", 3, later)).isPositive();
    }

    @Test
    void ownersHaveBudgetsOfTheirOwn() {
        for (int i = 0; i < 3; i++) {
            take("alice", 3, T0);
        }

        assertThat(take("alice", 3, T0)).isPositive();
        assertThat(take("bob", 3, T0)).isZero();
    }

    @Test
    void concurrentCreatesOfOneOwnerAreCountedExactly() throws Exception {
        int budget = 10;
        int attempts = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Double>> calls = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                calls.add(() -> {
                    try (SqlSession session = separateSession()) {
                        return ((Number) session.value("SELECT take_rate_limit_token('carol', ?, ?)", budget,
                                Timestamp.from(T0))).doubleValue();
                    }
                });
            }
            int granted = 0;
            for (Future<Double> result : pool.invokeAll(calls)) {
                if (result.get() == 0) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(budget);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theBucketsAreTheBackendsAlone() {
        for (String role : List.of("anon", "authenticated")) {
            assertThat(sql.value("SELECT has_table_privilege(?, 'rate_limit_buckets', 'SELECT')", role)).isEqualTo(false);
            assertThat(sql.value("SELECT has_function_privilege(?, 'take_rate_limit_token(text, integer, timestamptz)',"
                    + " 'EXECUTE')", role)).isEqualTo(false);
        }
    }
}
