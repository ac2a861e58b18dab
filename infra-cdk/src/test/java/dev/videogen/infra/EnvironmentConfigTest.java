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

    @Test
    void renderConcurrencyBeyondTheDatabaseConnectionBudgetIsRefused() {
        EnvironmentConfig prod = EnvironmentConfig.named("prod");
        // 90 connections: 40 api + 4 auxiliary leave room for 46 renders, not 47.
        assertThat(ConfigVariants.with(prod, "renderMaxConcurrency", 46).renderMaxConcurrency()).isEqualTo(46);
        assertThatThrownBy(() -> ConfigVariants.with(prod, "renderMaxConcurrency", 47))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("databaseConnectionBudget 90")
                .hasMessageContaining("= 91");
    }

    @Test
    void reservingMoreApiConcurrencyEatsIntoTheRenderShareOfTheBudget() {
        EnvironmentConfig staging = EnvironmentConfig.named("staging");
        assertThatThrownBy(() -> ConfigVariants.with(staging, "apiReservedConcurrency", OptionalInt.of(17)))
                .hasMessageContaining("databaseConnectionBudget 30");
        assertThat(ConfigVariants.with(staging, "apiReservedConcurrency", OptionalInt.of(16)).apiReservedConcurrency())
                .hasValue(16);
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
