package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings that keep owners apart: the shared input prefix and the per-owner rate limit. */
class TenantSettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:postgresql://localhost:5432/videogen");
        env.put("OUTPUT_BUCKET", "videogen-results");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void locallyTheExamplesAreSharedAndCreatesAreUnlimited() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env());

        assertThat(config.sharedInputPrefix()).isEqualTo("examples/");
        assertThat(config.rateLimitPerMinute()).isZero();
    }

    @Test
    void deployedEachOwnerMayCreate600JobsAMinute() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "api_key"));

        assertThat(config.rateLimitPerMinute()).isEqualTo(600);
    }

    @Test
    void theSettingsAreRead() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env("SHARED_INPUT_PREFIX", "public/media/",
                "RATE_LIMIT_PER_MINUTE", "30"));

        assertThat(config.sharedInputPrefix()).isEqualTo("public/media/");
        assertThat(config.rateLimitPerMinute()).isEqualTo(30);
        assertThat(ServiceConfig.fromEnvironment(env("SHARED_INPUT_PREFIX", "none")).sharedInputPrefix()).isNull();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SHARED_INPUT_PREFIX   | inputs/           | SHARED_INPUT_PREFIX must end with '/' and lie outside inputs/",
            "SHARED_INPUT_PREFIX   | inputs/common/    | SHARED_INPUT_PREFIX must end with '/' and lie outside inputs/",
            "SHARED_INPUT_PREFIX   | examples          | SHARED_INPUT_PREFIX must end with '/'",
            "SHARED_INPUT_PREFIX   | processed/        | SHARED_INPUT_PREFIX must not overlap OUTPUT_PREFIX",
            "SHARED_INPUT_PREFIX   | processed/public/ | SHARED_INPUT_PREFIX must not overlap OUTPUT_PREFIX",
            "RATE_LIMIT_PER_MINUTE | -1                | RATE_LIMIT_PER_MINUTE must be from 0 to 1000000",
            "RATE_LIMIT_PER_MINUTE | lots              | RATE_LIMIT_PER_MINUTE must be a whole number"})
    void aSettingThatWouldLetOwnersReachEachOtherIsRefusedByName(String name, String value, String message) {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env(name, value)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
