package dev.videogen.jobs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.MovableClock;
import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key owner cache over real {@code api_keys} rows, at the deployed time to live, on a clock the test moves. */
class ApiKeyOwnerCacheTest {

    private ApiKeys keys;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger lookups = new AtomicInteger();
    private ApiKeyOwnerCache cache;

    @BeforeEach
    void freshDatabase() {
        keys = new ApiKeys(Database.of(TestDatabase.fresh().dataSource()));
        cache = new ApiKeyOwnerCache(key -> {
            lookups.incrementAndGet();
            return keys.verify(key);
        }, ApiKeyOwnerCache.TIME_TO_LIVE, clock);
    }

    @Test
    void aKeyIsLookedUpInTheDatabaseAtMostOnceAMinute() {
        String key = keys.create("alice", "ci").key();

        assertThat(cache.owner(key)).contains("alice");
        clock.advance(Duration.ofSeconds(30));
        assertThat(cache.owner(key)).contains("alice");
        clock.advance(Duration.ofMillis(29_999));
        assertThat(cache.owner(key)).contains("alice");
        assertThat(lookups).hasValue(1);

        clock.advance(Duration.ofMillis(1));
        assertThat(cache.owner(key)).contains("alice");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aRevokedKeyIsRefusedWithinAMinute() {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        assertThat(cache.owner(created.key())).contains("alice");

        clock.advance(Duration.ofSeconds(10));
        keys.revoke(created.prefix());
        assertThat(cache.owner(created.key())).as("still remembered 10 s after it was read").contains("alice");

        clock.advance(Duration.ofSeconds(50));
        assertThat(cache.owner(created.key())).as("60 s after it was read").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.owner(created.key())).isEmpty();
    }

    @Test
    void unknownKeysAreAskedForEveryTimeSoNoRefusalIsRemembered() {
        String unknown = "vg_live_" + "Z".repeat(32);

        assertThat(cache.owner(unknown)).isEmpty();
        assertThat(cache.owner(unknown)).isEmpty();

        assertThat(lookups).hasValue(2);
    }

    @Test
    void eachKeyHasItsOwnEntry() {
        String alice = keys.create("alice", "ci").key();
        String bob = keys.create("bob", "ci").key();

        assertThat(cache.owner(alice)).contains("alice");
        assertThat(cache.owner(bob)).contains("bob");
        assertThat(cache.owner(alice)).contains("alice");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aTimeToLiveOverAMinuteIsRefused() {
        assertThatThrownBy(() -> new ApiKeyOwnerCache(key -> Optional.empty(), Duration.ofSeconds(61), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 60 s");
    }
}
