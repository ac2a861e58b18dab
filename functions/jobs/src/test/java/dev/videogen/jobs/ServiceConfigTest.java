package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceConfigTest {

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
    void theDefaultsAreThoseDocumented() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env());

        assertThat(config.environment()).isEqualTo("local");
        assertThat(config.databaseUrl()).isEqualTo("jdbc:postgresql://localhost:5432/videogen");
        assertThat(config.databaseUser()).isEqualTo("postgres");
        assertThat(config.databasePassword()).isEmpty();
        assertThat(config.databasePoolSize()).isEqualTo(2);
        assertThat(config.outputBucket()).isEqualTo("videogen-results");
        assertThat(config.outputPrefix()).isEqualTo("processed/");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.publicBaseUrl()).isNull();
        assertThat(config.resultUrlTtl()).isEqualTo(Duration.ofDays(1));
        assertThat(config.quickResponseBudget()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.renderTimeout()).isEqualTo(Duration.ofSeconds(840));
        assertThat(config.maxReceiveCount()).isEqualTo(5);
        assertThat(config.ffmpegPath()).isNull();
        assertThat(config.fontDirectory()).isNull();
        assertThat(config.workDirectory()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "videogen"));
        assertThat(config.authMode()).isEqualTo(AuthMode.NONE);
        assertThat(config.jwtAudience()).isEqualTo("authenticated");
        assertThat(config.sourceMaxBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(config.allowLoopbackSources()).isFalse();
        assertThat(config.x264Preset()).isEqualTo("veryfast");
        assertThat(config.renderLease()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.sourceReadTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void everySettingIsRead() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env(
                "VIDEOGEN_ENV", "prod", "AUTH_MODE", "jwt", "JWT_JWKS_URL", "https://x.supabase.co/auth/v1/jwks",
                "JWT_ISSUER", "https://x.supabase.co/auth/v1", "DATABASE_POOL_SIZE", "4",
                "OUTPUT_PREFIX", "videos/", "AWS_REGION", "eu-west-1", "PUBLIC_BASE_URL", "https://cdn.example.com/",
                "RESULT_URL_TTL_SECONDS", "3600", "QUICK_RESPONSE_BUDGET_SECONDS", "10",
                "RENDER_TIMEOUT_SECONDS", "300", "MAX_RECEIVE_COUNT", "3", "SOURCE_MAX_BYTES", "1048576",
                "WORK_DIR", "/mnt/work", "X264_PRESET", "fast", "WEBHOOK_SECRET", "  whsec  ",
                "RENDER_LEASE_SECONDS", "45", "SOURCE_READ_TIMEOUT_SECONDS", "5"));

        assertThat(config.environment()).isEqualTo("prod");
        assertThat(config.authMode()).isEqualTo(AuthMode.JWT);
        assertThat(config.jwtJwksUrl()).isEqualTo("https://x.supabase.co/auth/v1/jwks");
        assertThat(config.jwtIssuer()).isEqualTo("https://x.supabase.co/auth/v1");
        assertThat(config.databasePoolSize()).isEqualTo(4);
        assertThat(config.outputPrefix()).isEqualTo("videos/");
        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.publicBaseUrl()).as("the trailing slash is dropped").isEqualTo("https://cdn.example.com");
        assertThat(config.resultUrlTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.quickResponseBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.renderTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxReceiveCount()).isEqualTo(3);
        assertThat(config.sourceMaxBytes()).isEqualTo(1_048_576L);
        assertThat(config.workDirectory()).isEqualTo(Path.of("/mnt/work"));
        assertThat(config.x264Preset()).isEqualTo("fast");
        assertThat(config.webhookSecret()).isEqualTo("whsec");
        assertThat(config.renderLease()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.sourceReadTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "DATABASE_POOL_SIZE,            abc",
            "DATABASE_POOL_SIZE,            0",
            "DATABASE_POOL_SIZE,            65",
            "RESULT_URL_TTL_SECONDS,        59",
            "RESULT_URL_TTL_SECONDS,        1.5",
            "QUICK_RESPONSE_BUDGET_SECONDS, 29",
            "RENDER_TIMEOUT_SECONDS,        9",
            "MAX_RECEIVE_COUNT,             -1",
            "SOURCE_MAX_BYTES,              99999999999999999999",
            "SOURCE_MAX_BYTES,              12",
            "ALLOW_LOOPBACK_SOURCES,        maybe",
            "AUTH_MODE,                     basic",
            "OUTPUT_PREFIX,                 videos",
            "RENDER_LEASE_SECONDS,          1",
            "SOURCE_READ_TIMEOUT_SECONDS,   0"})
    void aBadValueIsRefusedNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(name);
    }

    @Test
    void requiredSettingsAreNamedWhenMissing() {
        Map<String, String> noDatabase = env();
        noDatabase.remove("DATABASE_URL");
        Map<String, String> blankBucket = env("OUTPUT_BUCKET", "   ");

        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(noDatabase)).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(blankBucket)).hasMessageContaining("OUTPUT_BUCKET");
    }

    @Test
    void authenticationCannotBeOffOutsideTheLocalStack() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "none")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_MODE");
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "staging")))
                .as("no AUTH_MODE at all").isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_MODE");
        assertThat(ServiceConfig.fromEnvironment(env("AUTH_MODE", "none")).authMode()).isEqualTo(AuthMode.NONE);
        assertThat(ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "dev", "AUTH_MODE", "API_KEY")).authMode())
                .isEqualTo(AuthMode.API_KEY);
    }

    @Test
    void jwtAuthenticationNeedsAKeySource() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "jwt")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_JWKS_URL").hasMessageContaining("JWT_SECRET");
        assertThat(ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "jwt", "JWT_SECRET",
                "s3cret")).jwtSecret()).isEqualTo("s3cret");
    }

    @Test
    void loopbackSourcesAreOnlyForTheLocalStack() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "api_key",
                "ALLOW_LOOPBACK_SOURCES", "true")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ALLOW_LOOPBACK_SOURCES");
        assertThat(ServiceConfig.fromEnvironment(env("ALLOW_LOOPBACK_SOURCES", "yes")).allowLoopbackSources()).isTrue();
        assertThat(ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "api_key",
                "ALLOW_LOOPBACK_SOURCES", "false")).allowLoopbackSources()).isFalse();
    }

    @Test
    void aPublicBaseUrlMustBeHttpsWhenDeployed() {
        assertThatThrownBy(() -> ServiceConfig.fromEnvironment(env("VIDEOGEN_ENV", "prod", "AUTH_MODE", "api_key",
                "PUBLIC_BASE_URL", "http://cdn.example.com")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PUBLIC_BASE_URL");
        assertThat(ServiceConfig.fromEnvironment(env("PUBLIC_BASE_URL", "http://localhost:9000/videos")).publicBaseUrl())
                .isEqualTo("http://localhost:9000/videos");
    }

    @Test
    void aChangedBudgetKeepsEveryOtherSetting() {
        ServiceConfig config = ServiceConfig.fromEnvironment(env("MAX_RECEIVE_COUNT", "7", "X264_PRESET", "slow"));

        ServiceConfig changed = config.withQuickResponseBudget(Duration.ofSeconds(3));

        assertThat(changed.quickResponseBudget()).isEqualTo(Duration.ofSeconds(3));
        assertThat(changed).usingRecursiveComparison().ignoringFields("quickResponseBudget").isEqualTo(config);
    }
}
