package dev.videogen.jobs;

import dev.videogen.jobs.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Each owner's budget of job creations ({@code RATE_LIMIT_PER_MINUTE}): a token bucket per owner kept in PostgreSQL
 * ({@code take_rate_limit_token}), so every api instance counts against the same budget and two concurrent creates
 * never both take the last token. Callers without an owner share the budget of {@value #ANONYMOUS}.
 */
public final class CreateRateLimit {

    /** The bucket of callers without an owner (authentication off). */
    public static final String ANONYMOUS = "anonymous";

    private final Database database;
    private final int perMinute;
    private final Clock clock;

    /** @param perMinute creates per owner per minute; 0 for no limit (nothing is counted) */
    public CreateRateLimit(Database database, int perMinute, Clock clock) {
        this.database = database;
        this.perMinute = perMinute;
        this.clock = clock;
    }

    public int perMinute() {
        return perMinute;
    }

    /**
     * Takes one create from {@code owner}'s budget.
     *
     * @return empty when the create may go ahead, else how long until the budget allows one (at least a second)
     */
    public Optional<Duration> take(String owner) {
        if (perMinute == 0) {
            return Optional.empty();
        }
        double waitSeconds = database.withConnection(connection -> {
            try (PreparedStatement take = connection.prepareStatement("SELECT take_rate_limit_token(?, ?, ?)")) {
                take.setString(1, owner == null ? ANONYMOUS : owner);
                take.setInt(2, perMinute);
                take.setTimestamp(3, Timestamp.from(clock.instant()));
                try (ResultSet row = take.executeQuery()) {
                    row.next();
                    return row.getDouble(1);
                }
            }
        });
        if (waitSeconds <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.max(1, (long) Math.ceil(waitSeconds))));
    }
}
