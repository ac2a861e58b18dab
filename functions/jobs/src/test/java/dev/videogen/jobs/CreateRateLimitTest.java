package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-owner create budget, at the deployed ratio (600 a minute: a token every 100 ms), on a test clock. */
class CreateRateLimitTest {

    private static final int DEPLOYED_PER_MINUTE = 600;

    private final TestDatabase db = TestDatabase.fresh();
    private final Database database = Database.of(db.dataSource());
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void theDeployedBudgetIsSpentThenRefillsAtTenAFullSecond() {
        CreateRateLimit limit = new CreateRateLimit(database, DEPLOYED_PER_MINUTE, clock);
        for (int i = 0; i < DEPLOYED_PER_MINUTE; i++) {
            assertThat(limit.take("alice")).as("create %d", i + 1).isEmpty();
        }

        assertThat(limit.take("alice")).hasValue(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(1000));
        for (int i = 0; i < 10; i++) {
            assertThat(limit.take("alice")).as("refilled create %d", i + 1).isEmpty();
        }
        assertThat(limit.take("alice")).isPresent();
    }

    @Test
    void aSmallBudgetAnswersTheWholeWaitUntilTheNextToken() {
        CreateRateLimit limit = new CreateRateLimit(database, 2, clock);
        limit.take("bob");
        limit.take("bob");

        assertThat(limit.take("bob")).hasValue(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(limit.take("bob")).hasValue(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(limit.take("bob")).isEmpty();
    }

    @Test
    void ownersAndAnonymousCallersSpendBudgetsOfTheirOwn() {
        CreateRateLimit limit = new CreateRateLimit(database, 1, clock);

        assertThat(limit.take("alice")).isEmpty();
        assertThat(limit.take("alice")).isPresent();
        assertThat(limit.take("bob")).isEmpty();
        assertThat(limit.take(null)).isEmpty();
        assertThat(limit.take(null)).isPresent();
    }

    @Test
    void withoutALimitNothingIsCounted() {
        CreateRateLimit limit = new CreateRateLimit(database, 0, clock);
        for (int i = 0; i < 1000; i++) {
            assertThat(limit.take("alice")).isEmpty();
        }
        assertThat(JobFixtures.scalar(db.dataSource(), "SELECT count(*) FROM rate_limit_buckets")).isEqualTo(0L);
    }

    @Test
    void instancesSharingTheDatabaseShareTheBudget() throws Exception {
        int budget = 25;
        List<CreateRateLimit> instances = List.of(new CreateRateLimit(database, budget, clock),
                new CreateRateLimit(Database.of(db.dataSource()), budget, clock));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Optional<Duration>>> creates = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                CreateRateLimit instance = instances.get(i % 2);
                creates.add(() -> instance.take("carol"));
            }
            long granted = 0;
            for (Future<Optional<Duration>> create : pool.invokeAll(creates)) {
                if (create.get().isEmpty()) {
                    granted++;
                }
            }
            assertThat(granted).isEqualTo(budget);
        } finally {
            pool.shutdownNow();
        }
    }
}
