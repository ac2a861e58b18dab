package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What changes from dev to staging to prod, read from the synthesised templates. */
class EnvironmentDifferencesIT {

    static Synthesis dev;
    static Synthesis staging;
    static Synthesis prod;

    @BeforeAll
    static void synthesise() {
        dev = Synthesis.of("dev");
        staging = Synthesis.of("staging");
        prod = Synthesis.of("prod");
    }

    static int renderProperty(Synthesis env, String property) {
        JsonNode value = env.function("render").path("Properties").path(property);
        return value.isObject() ? value.path("Size").asInt() : value.asInt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void eachEnvironmentIsItsOwnPairOfStacksWithPrefixedNames(String name) {
        Synthesis env = Synthesis.of(name);
        assertThat(env.stacks.storage().getStackName()).isEqualTo("videogen-" + name + "-storage");
        assertThat(env.stacks.service().getStackName()).isEqualTo("videogen-" + name + "-service");
        for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
            String functionName = function.path("Properties").path("FunctionName").asText("");
            if (!functionName.isEmpty()) {
                assertThat(functionName).startsWith("videogen-" + name + "-");
            }
        }
        for (JsonNode queue : env.serviceResources("AWS::SQS::Queue").values()) {
            assertThat(queue.path("Properties").path("QueueName").asText()).startsWith("videogen-" + name + "-");
        }
    }

    @Test
    void renderMemoryStorageAndTimeoutGrowTowardsProd() {
        for (String property : List.of("MemorySize", "EphemeralStorage", "Timeout")) {
            assertThat(renderProperty(dev, property)).as(property).isLessThan(renderProperty(staging, property));
            assertThat(renderProperty(staging, property)).as(property).isLessThan(renderProperty(prod, property));
        }
        assertThat(renderProperty(prod, "Timeout")).isEqualTo(900);
        assertThat(renderProperty(prod, "EphemeralStorage")).isEqualTo(10_240);
    }

    @Test
    void renderConcurrencyAndTheConnectionBudgetGrowTowardsProd() {
        assertThat(List.of(dev, staging, prod)).extracting(env -> env.deployment.config().renderMaxConcurrency())
                .containsExactly(3, 10, 40);
        assertThat(List.of(dev, staging, prod)).extracting(env -> env.deployment.config().databaseConnectionBudget())
                .containsExactly(40, 60, 200);
    }

    @Test
    void devUsesApiKeysWhileStagingAndProdVerifySupabaseJwtsInTheApiFunction() {
        assertThat(dev.serviceResources("AWS::ApiGatewayV2::Authorizer").values().iterator().next()
                .path("Properties").path("AuthorizerType").asText()).isEqualTo("REQUEST");
        for (Synthesis env : List.of(staging, prod)) {
            assertThat(env.serviceResources("AWS::ApiGatewayV2::Authorizer")).isEmpty();
            assertThat(env.function("api").path("Properties").path("Environment").path("Variables")
                    .path("AUTH_MODE").asText()).isEqualTo("jwt");
        }
    }

    @Test
    void onlyProdHasCloudFront() {
        assertThat(dev.storageResources("AWS::CloudFront::Distribution")).isEmpty();
        assertThat(staging.storageResources("AWS::CloudFront::Distribution")).isEmpty();
        assertThat(prod.storageResources("AWS::CloudFront::Distribution")).hasSize(1);
    }

    @Test
    void prodAlarmsOnTheFirstErrorWhileDevToleratesSome() {
        assertThat(prod.deployment.config().alarms().functionErrors()).isEqualTo(1);
        assertThat(dev.deployment.config().alarms().functionErrors())
                .isGreaterThan(staging.deployment.config().alarms().functionErrors());
    }

    @Test
    void everyResourceIsTaggedWithItsEnvironment() {
        for (Synthesis env : List.of(dev, staging, prod)) {
            String name = env.deployment.config().name();
            for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
                assertThat(function.path("Properties").path("Tags").toString())
                        .contains("{\"Key\":\"environment\",\"Value\":\"" + name + "\"}");
            }
        }
    }
}
