package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database connections the synthesised functions may hold, read from the template (concurrency bounds and
 * {@code DATABASE_POOL_SIZE}), against the environment's connection budget.
 */
class DatabaseConnectionBudgetIT {

    /**
     * A function that reads the database secret, as the template has it.
     *
     * @param maxEnvironments its reserved concurrency, else its event source's maximum concurrency; null when neither
     * @param poolSize        its {@code DATABASE_POOL_SIZE}; null when it has none
     */
    record DatabaseHolder(String role, Integer maxEnvironments, Integer poolSize) {

        int connectionsEach() {
            if (poolSize != null) {
                return poolSize;
            }
            // The migration function opens Flyway's connections itself, without a pool.
            if ("migration".equals(role)) {
                return EnvironmentConfig.MIGRATION_CONNECTIONS;
            }
            throw new AssertionError(role + " reads the database secret but has no DATABASE_POOL_SIZE");
        }

        int connections() {
            if (maxEnvironments == null) {
                throw new AssertionError(role + " has no concurrency bound: its connections are unbounded");
            }
            return maxEnvironments * connectionsEach();
        }
    }

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    static List<DatabaseHolder> databaseHolders(Synthesis env) {
        String prefix = env.deployment.config().resourcePrefix() + "-";
        List<DatabaseHolder> holders = new ArrayList<>();
        for (Map.Entry<String, JsonNode> function : env.serviceResources("AWS::Lambda::Function").entrySet()) {
            JsonNode properties = function.getValue().path("Properties");
            JsonNode variables = properties.path("Environment").path("Variables");
            if (!variables.has("DATABASE_SECRET_ARN")) {
                continue;
            }
            String role = properties.path("FunctionName").asText().substring(prefix.length());
            Integer bound = properties.has("ReservedConcurrentExecutions")
                    ? Integer.valueOf(properties.path("ReservedConcurrentExecutions").asInt())
                    : eventSourceMaximum(env, function.getKey());
            Integer poolSize = variables.has("DATABASE_POOL_SIZE")
                    ? Integer.valueOf(variables.path("DATABASE_POOL_SIZE").asText()) : null;
            holders.add(new DatabaseHolder(role, bound, poolSize));
        }
        return holders;
    }

    private static Integer eventSourceMaximum(Synthesis env, String functionId) {
        for (JsonNode mapping : env.serviceResources("AWS::Lambda::EventSourceMapping").values()) {
            JsonNode properties = mapping.path("Properties");
            if (functionId.equals(properties.path("FunctionName").path("Ref").asText())
                    && properties.path("ScalingConfig").has("MaximumConcurrency")) {
                return properties.path("ScalingConfig").path("MaximumConcurrency").asInt();
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyFunctionThatConnectsHasAConcurrencyBoundAndStatesItsPool(String name) {
        Synthesis env = Synthesis.of(name);
        List<DatabaseHolder> holders = databaseHolders(env);
        List<String> expectedRoles = new ArrayList<>(List.of("api", "render", "dead-letter", "sweeper", "migration"));
        if (env.deployment.config().authMode() == AuthMode.API_KEY) {
            expectedRoles.add("authorizer");
        }
        assertThat(holders).extracting(DatabaseHolder::role).containsExactlyInAnyOrderElementsOf(expectedRoles);
        for (DatabaseHolder holder : holders) {
            assertThat(holder.maxEnvironments()).as(holder.role() + " concurrency bound").isNotNull().isPositive();
            if (!"migration".equals(holder.role())) {
                assertThat(holder.poolSize()).as(holder.role() + " DATABASE_POOL_SIZE")
                        .isEqualTo(env.deployment.config().databasePoolSize());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theTemplatesConnectionsFitTheBudgetAndAreWhatTheConfigCounted(String name) {
        Synthesis env = Synthesis.of(name);
        EnvironmentConfig config = env.deployment.config();
        List<DatabaseHolder> holders = databaseHolders(env);
        int templateConnections = holders.stream().mapToInt(DatabaseHolder::connections).sum();
        assertThat(templateConnections).isLessThanOrEqualTo(config.databaseConnectionBudget())
                .isEqualTo(config.databaseConnectionsNeeded());
        for (EnvironmentConfig.DatabaseClient client : config.databaseClients()) {
            DatabaseHolder holder = holders.stream().filter(h -> h.role().equals(client.role())).findFirst()
                    .orElseThrow();
            assertThat(holder.maxEnvironments()).as(client.role()).isEqualTo(client.maxEnvironments());
            assertThat(holder.connectionsEach()).as(client.role()).isEqualTo(client.connectionsEach());
        }
    }

    @Test
    void thePoolSizeComesFromTheEnvironmentsConfig() {
        EnvironmentConfig singleConnection = ConfigVariants.with(EnvironmentConfig.named("dev"), "databasePoolSize", 1);
        List<DatabaseHolder> holders = databaseHolders(Synthesis.ofConfig(singleConnection));
        assertThat(holders).filteredOn(holder -> !"migration".equals(holder.role()))
                .extracting(DatabaseHolder::poolSize).hasSize(5).containsOnly(1);
        assertThat(holders.stream().mapToInt(DatabaseHolder::connections).sum())
                .isEqualTo(singleConnection.databaseConnectionsNeeded()).isEqualTo(15);
    }
}
