package dev.videogen.migrations;

import java.util.List;

/**
 * What a migration run did.
 *
 * @param versionBefore the schema version found before the run, or {@code null} for an empty schema
 * @param versionAfter  the schema version after the run, or {@code null} if there still is none
 * @param applied       the migrations applied by this run, in order, as {@code "<version> <description>"};
 *                      empty when the schema was already up to date
 */
public record MigrationReport(String versionBefore, String versionAfter, List<String> applied) {

    public MigrationReport {
        applied = List.copyOf(applied);
    }

    /** How many migrations this run applied. */
    public int migrationsApplied() {
        return applied.size();
    }

    /** Whether the schema was already up to date, so nothing was applied. */
    public boolean upToDate() {
        return applied.isEmpty();
    }
}
