package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.services.logs.RetentionDays;

class EnvironmentConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyNamedEnvironmentIsValidAndPrefixedWithItsName(String name) {
        EnvironmentConfig config = EnvironmentConfig.named(name);
        assertThat(config.name()).isEqualTo(name);
        assertThat(config.resourcePrefix()).isEqualTo("videogen-" + name);
        assertThat(config.authMode()).isNotNull();
    }

    @Test
    void anUnknownEnvironmentIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> EnvironmentConfig.named("qa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'qa'").hasMessageContaining("dev, staging, prod");
        assertThatThrownBy(() -> EnvironmentConfig.named(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theRenderQueueHidesAMessageForSixRenderTimeouts(String name) {
        EnvironmentConfig config = EnvironmentConfig.named(name);
        assertThat(config.renderQueueVisibilityTimeoutSeconds()).isEqualTo(6 * config.renderTimeoutSeconds());
    }

    @Test
    void snapStartIsUsedOnlyWhileTheApiTmpIsAtMost512Mb() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThat(staging.apiSnapStart()).isTrue();
        assertThat(ConfigVariants.with(staging, "apiEphemeralStorageMb", 513).apiSnapStart()).isFalse();
    }

    @ParameterizedTest(name = "{0} = {1} is refused")
    @CsvSource({
            "maxReceiveCount, 4",
            "renderTimeoutSeconds, 901",
            "renderTimeoutSeconds, 119",
            "apiTimeoutSeconds, 30",
            "apiTimeoutSeconds, 13",
            "quickResponseBudgetSeconds, 28",
            "quickResponseBudgetSeconds, 26",
            "renderMaxConcurrency, 1",
            "renderMaxConcurrency, 1001",
            "apiMemoryMb, 10241",
            "renderEphemeralStorageMb, 511",
            "outputExpirationDays, 0",
            "resultUrlTtlSeconds, 604801",
            "throttleRatePerSecond, 0",
            "apiReservedConcurrency, 0",
            "databasePoolSize, 0",
            "databasePoolSize, 65",
            "chunkSeconds, -1",
            "chunkSeconds, 901",
    })
    void outOfRangeValuesAreRefusedNamingTheirField(String field, int value) {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThatThrownBy(() -> ConfigVariants.with(staging, field, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field);
    }

    @ParameterizedTest(name = "a {0} s render function stops FFmpeg at {1} s")
    @CsvSource({"120, 60", "300, 240", "600, 540", "900, 810"})
    void theRenderWorkerKeepsAtLeastAMinuteOfItsTimeoutToUploadAndRecord(int timeout, int limit) {
        EnvironmentConfig config = ConfigVariants.with(EnvironmentConfig.named("dev"), "renderTimeoutSeconds", timeout);
        assertThat(config.renderWorkLimitSeconds()).isEqualTo(limit).isLessThanOrEqualTo(timeout - 60);
    }

    @Test
    void anInlineRenderEndsWithinTheApiTimeoutAndTheGatewaysCutOff() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThat(staging.apiRenderLimitSeconds()).isEqualTo(25);
        EnvironmentConfig shortApi = ConfigVariants.with(
                ConfigVariants.with(staging, "quickResponseBudgetSeconds", 10), "apiTimeoutSeconds", 15);
        assertThat(shortApi.apiRenderLimitSeconds()).isEqualTo(11);
        assertThatThrownBy(() -> ConfigVariants.with(shortApi, "quickResponseBudgetSeconds", 12))
                .hasMessageStartingWith("quickResponseBudgetSeconds must be between 1 and 11");
    }

    @Test
    void theGatewayJwtAuthorizerIsOffEverywhereAndOnlyPossibleInJwtMode() {
        EnvironmentConfig.NAMES.forEach(name ->
                assertThat(EnvironmentConfig.named(name).gatewayJwtAuthorizer()).as(name).isFalse());
        assertThat(ConfigVariants.with(EnvironmentConfig.named("prod"), "gatewayJwtAuthorizer", true)
                .gatewayJwtAuthorizer()).isTrue();
        assertThatThrownBy(() -> ConfigVariants.with(EnvironmentConfig.named("dev"), "gatewayJwtAuthorizer", true))
                .hasMessageStartingWith("gatewayJwtAuthorizer needs authMode JWT");
    }

    @ParameterizedTest(name = "{0}: {1} connections at most, within a budget of {2}")
    @CsvSource({"dev, 28, 40", "staging, 48, 60", "prod, 168, 200"})
    void everyEnvironmentsFunctionsFitInItsConnectionBudget(String name, int needed, int budget) {
        EnvironmentConfig config = EnvironmentConfig.named(name);
        assertThat(config.databaseConnectionsNeeded()).isEqualTo(needed).isLessThanOrEqualTo(budget);
        assertThat(config.databaseConnectionBudget()).isEqualTo(budget);
        // No budget asks for more than the 200 pooler clients of Supabase's smallest compute sizes (Nano, Micro).
        assertThat(config.databaseConnectionBudget()).isLessThanOrEqualTo(200);
    }

    @Test
    void eachFunctionCountsItsConcurrencyTimesItsPool() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        assertThat(dev.databaseClients()).extracting(EnvironmentConfig.DatabaseClient::toString).containsExactly(
                "api 5 × 2", "render 3 × 2", "authorizer 2 × 2", "dead-letter 2 × 2", "sweeper 1 × 2", "migration 1 × 2");
        // Without API keys there is no authorizer function to count.
        assertThat(EnvironmentConfig.named("staging").databaseClients())
                .extracting(EnvironmentConfig.DatabaseClient::role)
                .containsExactly("api", "render", "dead-letter", "sweeper", "migration");
    }

    @Test
    void renderConcurrencyBeyondTheDatabaseConnectionBudgetIsRefusedNamingEveryTerm() {
        EnvironmentConfig prod = EnvironmentConfig.named("prod");
        // 200 connections: 80 api + 8 dead-letter, sweeper and migration leave room for 56 renders of 2, not 57.
        assertThat(ConfigVariants.with(prod, "renderMaxConcurrency", 56).databaseConnectionsNeeded()).isEqualTo(200);
        assertThatThrownBy(() -> ConfigVariants.with(prod, "renderMaxConcurrency", 57))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("databaseConnectionBudget 200 is below")
                .hasMessageContaining("api 40 × 2 + render 57 × 2 + dead-letter 2 × 2 + sweeper 1 × 2 + migration 1 × 2")
                .hasMessageContaining("= 202");
    }

    @Test
    void theChunksOfALongJobRenderWithinTheRenderConcurrencySoTheBudgetAlreadyCountsThem() {
        EnvironmentConfig prod = EnvironmentConfig.named("prod");
        assertThat(prod.chunkSeconds()).isEqualTo(20);
        // a job's pieces are messages on the render queue: however finely it is split, the render event source's
        // maximum concurrency bounds the environments, and so the connections, of all of them together
        for (int chunkSeconds : new int[] {0, 1, 20, 900}) {
            EnvironmentConfig variant = ConfigVariants.with(prod, "chunkSeconds", chunkSeconds);
            assertThat(variant.databaseConnectionsNeeded()).isEqualTo(prod.databaseConnectionsNeeded());
            assertThat(variant.databaseClients()).filteredOn(c -> c.role().equals("render")).singleElement()
                    .satisfies(render -> assertThat(render.maxEnvironments()).isEqualTo(prod.renderMaxConcurrency()));
        }
    }

    @Test
    void aLargerPoolMultipliesEveryFunctionsShare() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        // 10 api + 10 render + 2 dead-letter + 1 sweeper environments of 3 connections, and the migration's 2.
        assertThatThrownBy(() -> ConfigVariants.with(staging, "databasePoolSize", 3))
                .hasMessageStartingWith("databaseConnectionBudget 60")
                .hasMessageContaining("= 71");
        assertThat(ConfigVariants.with(staging, "databasePoolSize", 1).databaseConnectionsNeeded()).isEqualTo(25);
    }

    @Test
    void reservingMoreApiConcurrencyEatsIntoTheRenderShareOfTheBudget() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThatThrownBy(() -> ConfigVariants.with(staging, "apiReservedConcurrency", 17))
                .hasMessageContaining("databaseConnectionBudget 60").hasMessageContaining("= 62");
        assertThat(ConfigVariants.with(staging, "apiReservedConcurrency", 16).databaseConnectionsNeeded())
                .isEqualTo(60);
    }

    @Test
    void theApiKeyAuthorizerMustHaveAConcurrencyBoundAndCountsAgainstTheBudget() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        assertThatThrownBy(() -> ConfigVariants.with(dev, "authorizerReservedConcurrency", OptionalInt.empty()))
                .hasMessageStartingWith("authorizerReservedConcurrency is required with authMode API_KEY");
        // dev's budget of 40 holds 8 authorizer environments of 2 connections beside the rest, not 9.
        assertThat(ConfigVariants.with(dev, "authorizerReservedConcurrency", OptionalInt.of(8))
                .databaseConnectionsNeeded()).isEqualTo(40);
        assertThatThrownBy(() -> ConfigVariants.with(dev, "authorizerReservedConcurrency", OptionalInt.of(9)))
                .hasMessageStartingWith("databaseConnectionBudget 40")
                .hasMessageContaining("authorizer 9 × 2").hasMessageContaining("= 42");
    }

    @Test
    void onlyAnApiKeyEnvironmentHasAnAuthorizerConcurrency() {
        assertThatThrownBy(() -> ConfigVariants.with(EnvironmentConfig.named("prod"),
                "authorizerReservedConcurrency", OptionalInt.of(2)))
                .hasMessageStartingWith("authorizerReservedConcurrency needs authMode API_KEY");
    }

    @Test
    void aSourceMustFitInTheRenderFunctionsTmp() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        assertThatThrownBy(() -> ConfigVariants.with(dev, "sourceMaxBytes", 2048L * 1024 * 1024))
                .hasMessageStartingWith("sourceMaxBytes");
    }

    @Test
    void aDeployedEnvironmentAlwaysAuthenticates() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        assertThatThrownBy(() -> ConfigVariants.with(dev, "authMode", null))
                .hasMessageStartingWith("authMode is required");
    }

    @Test
    void logsAreNeverKeptForever() {
        EnvironmentConfig dev = EnvironmentConfig.named("dev");
        assertThatThrownBy(() -> ConfigVariants.with(dev, "logRetention", RetentionDays.INFINITE))
                .hasMessageStartingWith("logRetention");
    }

    @Test
    void alarmThresholdsRefuseNonsense() {
        assertThatThrownBy(() -> new AlarmThresholds(0, 1, 1, 0.8)).hasMessageStartingWith("functionErrors");
        assertThatThrownBy(() -> new AlarmThresholds(1, 1, 1, 1.0)).hasMessageStartingWith("renderP95FractionOfTimeout");
    }

    @Test
    void onlyDevThrowsItsDataAwayOnTeardown() {
        assertThat(EnvironmentConfig.named("dev").retainDataOnTeardown()).isFalse();
        assertThat(EnvironmentConfig.named("staging").retainDataOnTeardown()).isTrue();
        assertThat(EnvironmentConfig.named("prod").retainDataOnTeardown()).isTrue();
    }
}
