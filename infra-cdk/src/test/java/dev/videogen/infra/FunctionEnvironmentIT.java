package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The variables the handlers read, by the names they read them. */
class FunctionEnvironmentIT {

    static final Set<String> SHARED = Set.of("VIDEOGEN_ENV", "AUTH_MODE", "DATABASE_SECRET_ARN", "DATABASE_POOL_SIZE",
            "WEBHOOK_SECRET_ARN", "OUTPUT_BUCKET", "OUTPUT_PREFIX", "OUTPUT_EXPIRATION_DAYS", "RENDER_QUEUE_URL",
            "RESULT_URL_TTL_SECONDS", "QUICK_RESPONSE_BUDGET_SECONDS", "RENDER_TIMEOUT_SECONDS", "MAX_RECEIVE_COUNT",
            "CHUNK_SECONDS", "FFMPEG_PATH", "FONT_DIR", "SOURCE_MAX_BYTES", "ALLOW_LOOPBACK_SOURCES");

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    static JsonNode variables(Synthesis env, String role) {
        return env.function(role).path("Properties").path("Environment").path("Variables");
    }

    static Set<String> names(JsonNode variables) {
        Set<String> names = new TreeSet<>();
        variables.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void authModeIsJwtOrApiKeyInEveryFunctionThatReadsItAndNeverNone(String name) {
        Synthesis env = Synthesis.of(name);
        int functionsWithAuthMode = 0;
        for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
            JsonNode authMode = function.path("Properties").path("Environment").path("Variables").path("AUTH_MODE");
            if (!authMode.isMissingNode()) {
                functionsWithAuthMode++;
                assertThat(authMode.asText()).isIn("jwt", "api_key")
                        .isEqualTo(env.deployment.config().authMode().environmentValue());
            }
        }
        assertThat(functionsWithAuthMode).isGreaterThanOrEqualTo(4);
    }

    @Test
    void everyAuthModeTheConfigCanHoldIsOneTheHandlersAccept() {
        assertThat(java.util.Arrays.stream(AuthMode.values()).map(AuthMode::environmentValue))
                .containsExactlyInAnyOrder("jwt", "api_key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void queueDrivenAndScheduledFunctionsGetTheSharedVariables(String name) {
        Synthesis env = Synthesis.of(name);
        for (String role : List.of("render", "dead-letter", "sweeper")) {
            assertThat(names(variables(env, role))).as(role)
                    .containsAll(SHARED)
                    .doesNotContain("JAVA_TOOL_OPTIONS", "JWT_ISSUER", "JWT_JWKS_URL", "JWT_AUDIENCE", "JWT_SECRET_ARN",
                            "QUEUED_RENDER_TIMEOUT_SECONDS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void sharedVariablesCarryTheEnvironmentsValues(String name) {
        Synthesis env = Synthesis.of(name);
        EnvironmentConfig config = env.deployment.config();
        JsonNode render = variables(env, "render");
        assertThat(render.path("VIDEOGEN_ENV").asText()).isEqualTo(name);
        assertThat(render.path("OUTPUT_PREFIX").asText()).isEqualTo("processed/");
        assertThat(render.path("FFMPEG_PATH").asText()).isEqualTo("/opt/bin/ffmpeg");
        assertThat(render.path("FONT_DIR").asText()).isEqualTo("/opt/fonts");
        assertThat(render.path("ALLOW_LOOPBACK_SOURCES").asText()).isEqualTo("false");
        assertThat(render.path("QUICK_RESPONSE_BUDGET_SECONDS").asText()).isEqualTo("25");
        assertThat(render.path("MAX_RECEIVE_COUNT").asText()).isEqualTo(Integer.toString(config.maxReceiveCount()));
        assertThat(render.path("CHUNK_SECONDS").asInt()).isEqualTo(config.chunkSeconds());
        assertThat(render.path("SOURCE_MAX_BYTES").asLong()).isEqualTo(config.sourceMaxBytes());
        assertThat(render.path("RESULT_URL_TTL_SECONDS").asInt()).isEqualTo(config.resultUrlTtlSeconds());
        // Every queue-driven and scheduled function has the render worker's idea of a render timeout.
        for (String role : List.of("dead-letter", "sweeper")) {
            assertThat(variables(env, role).path("RENDER_TIMEOUT_SECONDS").asInt()).as(role)
                    .isEqualTo(render.path("RENDER_TIMEOUT_SECONDS").asInt());
        }
        assertThat(render.path("RENDER_QUEUE_URL").path("Ref").asText())
                .isEqualTo(RenderPipelineIT.queueId(env, "-render"));
        assertThat(render.path("OUTPUT_BUCKET").toString()).contains("OutputBucket");
        assertThat(Synthesis.flatten(render.path("DATABASE_SECRET_ARN")))
                .startsWith("arn:").endsWith(":secret:videogen/" + name + "/database");
        assertThat(Synthesis.flatten(render.path("WEBHOOK_SECRET_ARN")))
                .endsWith(":secret:videogen/" + name + "/webhook-signing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theRenderWorkerStopsFfmpegAtLeastAMinuteBeforeItsFunctionTimesOut(String name) {
        Synthesis env = Synthesis.of(name);
        int timeout = env.function("render").path("Properties").path("Timeout").asInt();
        int renderLimit = variables(env, "render").path("RENDER_TIMEOUT_SECONDS").asInt();
        assertThat(renderLimit).isLessThanOrEqualTo(timeout - 60).isGreaterThanOrEqualTo(60);
    }

    @Test
    void theRenderWorkersLimitForEachEnvironment() {
        assertThat(EnvironmentConfig.NAMES.stream().map(name -> variables(Synthesis.of(name), "render")
                .path("RENDER_TIMEOUT_SECONDS").asInt())).containsExactly(240, 540, 810);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theApiFunctionEndsInlineRendersWithTimeLeftToHandThemToTheQueue(String name) {
        Synthesis env = Synthesis.of(name);
        JsonNode api = variables(env, "api");
        int timeout = env.function("api").path("Properties").path("Timeout").asInt();
        int budget = api.path("QUICK_RESPONSE_BUDGET_SECONDS").asInt();
        int renderLimit = api.path("RENDER_TIMEOUT_SECONDS").asInt();
        assertThat(timeout).isLessThan(30);
        assertThat(budget).isPositive().isLessThanOrEqualTo(25);
        assertThat(renderLimit).isGreaterThanOrEqualTo(budget).isLessThanOrEqualTo(timeout - 3);
        // Jobs the api queues are rendered under the render function's limit, not the api's.
        assertThat(api.path("QUEUED_RENDER_TIMEOUT_SECONDS").asInt())
                .isEqualTo(variables(env, "render").path("RENDER_TIMEOUT_SECONDS").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void jobsExpireOnTheDayTheBucketDeletesTheirResults(String name) {
        Synthesis env = Synthesis.of(name);
        JsonNode bucket = env.storageResources("AWS::S3::Bucket").values().iterator().next();
        List<Integer> processedExpiry = new ArrayList<>();
        for (JsonNode rule : bucket.path("Properties").path("LifecycleConfiguration").path("Rules")) {
            if ("processed/".equals(rule.path("Prefix").asText()) && rule.has("ExpirationInDays")) {
                processedExpiry.add(rule.path("ExpirationInDays").asInt());
            }
        }
        assertThat(processedExpiry).hasSize(1);
        List<String> roles = List.of("api", "render", "dead-letter", "sweeper");
        for (String role : roles) {
            assertThat(variables(env, role).path("OUTPUT_EXPIRATION_DAYS").asText()).as(role)
                    .isEqualTo(Integer.toString(processedExpiry.get(0)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "prod"})
    void inJwtEnvironmentsTheApiFunctionKnowsTheIssuerItsTokensComeFrom(String name) {
        JsonNode api = variables(Synthesis.of(name), "api");
        assertThat(names(api)).containsAll(SHARED);
        assertThat(api.path("JWT_ISSUER").asText()).isEqualTo(Synthesis.SUPABASE_URL + "/auth/v1");
        assertThat(api.path("JWT_AUDIENCE").asText()).isEqualTo("authenticated");
        assertThat(api.path("JWT_JWKS_URL").asText()).isEqualTo(Synthesis.SUPABASE_URL + "/auth/v1/.well-known/jwks.json");
        // No HS256 secret was configured, so none is referenced.
        assertThat(api.has("JWT_SECRET_ARN")).isFalse();
    }

    @Test
    void aConfiguredHs256SecretIsNamedToTheApiFunctionByArn() {
        JsonNode api = variables(Synthesis.withContext("staging",
                Map.of(Deployment.JWT_SECRET, "videogen/staging/supabase-jwt"), "staging-hs256"), "api");
        assertThat(Synthesis.flatten(api.path("JWT_SECRET_ARN"))).startsWith("arn:")
                .endsWith(":secret:videogen/staging/supabase-jwt");
        // JWKS settings stay: a project rotating from HS256 to ES256 keys has tokens of both kinds in flight.
        assertThat(api.path("JWT_JWKS_URL").asText()).endsWith("/auth/v1/.well-known/jwks.json");
    }

    @Test
    void inApiKeyModeTheApiFunctionGetsNoJwtSettingsAndTheAuthorizerOnlyTheDatabase() {
        Synthesis dev = Synthesis.of("dev");
        assertThat(names(variables(dev, "api"))).containsAll(SHARED)
                .doesNotContain("JWT_ISSUER", "JWT_AUDIENCE", "JWT_JWKS_URL", "JWT_SECRET_ARN");
        assertThat(names(variables(dev, "authorizer")))
                .containsExactlyInAnyOrder("VIDEOGEN_ENV", "AUTH_MODE", "DATABASE_SECRET_ARN", "DATABASE_POOL_SIZE",
                        "JAVA_TOOL_OPTIONS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theMigrationKnowsOnlyWhichDatabase(String name) {
        assertThat(names(variables(Synthesis.of(name), "migration")))
                .containsExactlyInAnyOrder("VIDEOGEN_ENV", "DATABASE_SECRET_ARN");
    }
}
