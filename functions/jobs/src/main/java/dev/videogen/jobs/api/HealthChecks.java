package dev.videogen.jobs.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named checks of the service's dependencies; each answers "ok" or why not. Facts (such as the FFmpeg version) are
 * reported beside them and never make the service unhealthy.
 */
public final class HealthChecks {

    private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();
    private final Map<String, Supplier<String>> facts = new LinkedHashMap<>();

    /** Adds a check; the supplier returns {@code "ok"} or a short reason, and may throw. */
    public HealthChecks add(String name, Supplier<String> check) {
        checks.put(name, check);
        return this;
    }

    /** Adds a fact; the supplier may throw, and then the fact is left out. */
    public HealthChecks fact(String name, Supplier<String> value) {
        facts.put(name, value);
        return this;
    }

    /** The outcome of every check and the facts that could be read, in the order added. */
    public record Report(Map<String, String> results, Map<String, String> facts) {

        public Report(Map<String, String> results) {
            this(results, Map.of());
        }

        public boolean healthy() {
            return results.values().stream().allMatch("ok"::equals);
        }
    }

    public Report run() {
        Map<String, String> results = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            String result;
            try {
                result = check.get();
            } catch (RuntimeException e) {
                result = "unavailable";
            }
            results.put(name, result == null ? "unavailable" : result);
        });
        Map<String, String> known = new LinkedHashMap<>();
        facts.forEach((name, fact) -> {
            try {
                String value = fact.get();
                if (value != null) {
                    known.put(name, value);
                }
            } catch (RuntimeException e) {
                // a fact that cannot be read is left out
            }
        });
        return new Report(results, known);
    }
}
