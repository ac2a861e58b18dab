package dev.videogen.jobs.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Named checks of the service's dependencies; each answers "ok" or why not. */
public final class HealthChecks {

    private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();

    /** Adds a check; the supplier returns {@code "ok"} or a short reason, and may throw. */
    public HealthChecks add(String name, Supplier<String> check) {
        checks.put(name, check);
        return this;
    }

    /** The outcome of every check, in the order added. */
    public record Report(Map<String, String> results) {
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
        return new Report(results);
    }
}
