package dev.videogen.jobs.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

    @Test
    void healthyOnlyWhenEveryCheckSaysOk() {
        HealthChecks.Report report = new HealthChecks()
                .add("database", () -> "ok")
                .add("ffmpeg", () -> "missing")
                .add("queue", () -> {
                    throw new IllegalStateException("connection refused");
                })
                .add("storage", () -> null)
                .run();

        assertThat(report.healthy()).isFalse();
        assertThat(report.results()).containsExactly(
                Map.entry("database", "ok"),
                Map.entry("ffmpeg", "missing"),
                Map.entry("queue", "unavailable"),
                Map.entry("storage", "unavailable"));
        assertThat(new HealthChecks().add("database", () -> "ok").run().healthy()).isTrue();
    }
}
