package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

/** The sweeper schedule, logs, alarms, the dashboard and the migration step. */
class OperationsIT {

    static final List<String> SERVICE_ROLES = List.of("api", "render", "dead-letter", "sweeper");

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theSweeperRunsEveryMinute(String name) {
        Synthesis env = Synthesis.of(name);
        assertThat(env.function("sweeper").path("Properties").path("Handler").asText())
                .isEqualTo("dev.videogen.aws.SweeperHandler::handleRequest");
        env.service.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(1 minute)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(env.functionId("sweeper"), "Arn")))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyFunctionLogsToAGroupKeptForTheEnvironmentsRetention(String name) {
        Synthesis env = Synthesis.of(name);
        int expectedDays = switch (name) {
            case "dev" -> 7;
            case "staging" -> 30;
            default -> 90;
        };
        Map<String, JsonNode> logGroups = env.serviceResources("AWS::Logs::LogGroup");
        assertThat(logGroups).isNotEmpty();
        logGroups.forEach((id, group) ->
                assertThat(group.path("Properties").path("RetentionInDays").asInt()).as(id).isEqualTo(expectedDays));
        for (JsonNode function : env.serviceResources("AWS::Lambda::Function").values()) {
            String logGroup = function.path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
            assertThat(logGroups).as(function.path("Properties").path("FunctionName").asText()).containsKey(logGroup);
        }
        String deletionPolicy = env.deployment.config().retainDataOnTeardown() ? "Retain" : "Delete";
        logGroups.forEach((id, group) -> assertThat(group.path("DeletionPolicy").asText()).as(id).isEqualTo(deletionPolicy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void everyFunctionHasAnErrorAndAThrottleAlarm(String name) {
        Synthesis env = Synthesis.of(name);
        AlarmThresholds thresholds = env.deployment.config().alarms();
        for (String role : List.of("api", "render", "dead-letter", "sweeper", "migration")) {
            for (String metric : List.of("Errors", "Throttles")) {
                env.service.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                        "Namespace", "AWS/Lambda",
                        "MetricName", metric,
                        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", env.functionId(role)))),
                        "Statistic", "Sum",
                        "Period", 300,
                        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                        "Threshold", metric.equals("Errors") ? thresholds.functionErrors() : thresholds.functionThrottles(),
                        "AlarmActions", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("MonitoringAlarmTopic.*"))))));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderDurationP95NearTheTimeoutRaisesAnAlarm(String name) {
        Synthesis env = Synthesis.of(name);
        EnvironmentConfig config = env.deployment.config();
        double thresholdMs = config.alarms().renderP95FractionOfTimeout() * config.renderTimeoutSeconds() * 1000;
        env.service.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda",
                "MetricName", "Duration",
                "ExtendedStatistic", "p95",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", env.functionId("render")))),
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", thresholdMs));
        assertThat(thresholdMs).isLessThan(config.renderTimeoutSeconds() * 1000.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void apiServerErrorsRaiseAnAlarmAndADashboardShowsTheService(String name) {
        Synthesis env = Synthesis.of(name);
        env.service.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/ApiGateway",
                "MetricName", "5xx",
                "Threshold", env.deployment.config().alarms().apiServerErrors()));
        env.service.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of(
                "DashboardName", "videogen-" + name));
        String body = env.serviceResources("AWS::CloudWatch::Dashboard").values().iterator().next()
                .path("Properties").path("DashboardBody").toString();
        assertThat(body).contains("ApproximateNumberOfMessagesVisible", "Duration", "Errors", "Throttles", "5xx");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void migrationsRunOnDeployWhenTheirFingerprintChanges(String name) {
        Synthesis env = Synthesis.of(name);
        assertThat(env.function("migration").path("Properties").path("Handler").asText())
                .isEqualTo("dev.videogen.aws.MigrationHandler::handleRequest");
        String fingerprint = MigrationsFingerprint.of(Deployment.repositoryRoot(Path.of("")).resolve("migrations/sql"));
        env.service.hasResourceProperties("Custom::VideogenDatabaseMigration", Map.of(
                "ServiceToken", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("MigrationProviderframeworkonEvent.*"), "Arn")),
                "MigrationsFingerprint", fingerprint,
                "DatabaseSecretArn", Match.anyValue()));
        // The provider's framework function invokes the migration function and nothing else.
        env.service.hasResourceProperties("AWS::IAM::Policy", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                Match.objectLike(Map.of("Action", "lambda:InvokeFunction",
                        "Resource", Match.arrayWith(List.of(Map.of("Fn::GetAtt", List.of(env.functionId("migration"), "Arn")))))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void newCodeIsDeployedOnlyAfterTheMigrationSucceeded(String name) {
        Synthesis env = Synthesis.of(name);
        String migrationId = env.serviceResources("Custom::VideogenDatabaseMigration").keySet().iterator().next();
        List<String> roles = new java.util.ArrayList<>(SERVICE_ROLES);
        if (env.deployment.config().authMode() == AuthMode.API_KEY) {
            roles.add("authorizer");
        }
        for (String role : roles) {
            assertThat(Synthesis.strings(env.function(role).path("DependsOn"))).as(role).contains(migrationId);
        }
    }
}
