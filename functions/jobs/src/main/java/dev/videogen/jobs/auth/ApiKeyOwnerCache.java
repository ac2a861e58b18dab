package dev.videogen.jobs.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The owners of recently verified API keys, each kept for at most {@link #TIME_TO_LIVE} after it was read from
 * {@code api_keys}, so a create request does not pay a database round trip for its key. A key revoked meanwhile
 * keeps working until its entry lapses: revocation takes effect within a minute. Unknown and revoked keys are not
 * remembered (a key made a moment ago works at once); entries are held by the key's SHA-256, never the key itself.
 */
public final class ApiKeyOwnerCache {

    /** How long an owner read from the database is trusted. */
    public static final Duration TIME_TO_LIVE = Duration.ofSeconds(60);
    /** Enough for every active key of a deployment; beyond it the cache starts afresh rather than grow. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(String owner, Instant readAt) {
    }

    private final Function<String, Optional<String>> lookup;
    private final Duration timeToLive;
    private final Clock clock;
    private final Map<String, Entry> owners = new ConcurrentHashMap<>();

    /** Keys verified against {@code keys}, cached for {@link #TIME_TO_LIVE}. */
    public ApiKeyOwnerCache(ApiKeys keys) {
        this(keys::verify, TIME_TO_LIVE, Clock.systemUTC());
    }

    /**
     * @param lookup     the owner of a key, empty when it is unknown or revoked (marks the key used)
     * @param timeToLive at most {@link #TIME_TO_LIVE}
     */
    ApiKeyOwnerCache(Function<String, Optional<String>> lookup, Duration timeToLive, Clock clock) {
        if (timeToLive.isNegative() || timeToLive.compareTo(TIME_TO_LIVE) > 0) {
            throw new IllegalArgumentException("an API key owner is cached for 0 to 60 s, not " + timeToLive);
        }
        this.lookup = lookup;
        this.timeToLive = timeToLive;
        this.clock = clock;
    }

    /** The owner of {@code key}, from the cache when it was read less than the time to live ago. */
    public Optional<String> owner(String key) {
        String hash = ApiKeys.sha256Hex(key);
        Instant now = clock.instant();
        Entry entry = owners.get(hash);
        if (entry != null && now.isBefore(entry.readAt().plus(timeToLive))) {
            return Optional.of(entry.owner());
        }
        Optional<String> owner = lookup.apply(key);
        if (owner.isPresent()) {
            if (owners.size() >= MAX_ENTRIES) {
                owners.clear();
            }
            owners.put(hash, new Entry(owner.get(), now));
        } else {
            owners.remove(hash);
        }
        return owner;
    }
}
