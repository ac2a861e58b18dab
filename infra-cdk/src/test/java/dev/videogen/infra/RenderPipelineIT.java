package dev.videogen.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;

class RenderPipelineIT {

    @BeforeAll
    static void synthesise() {
        EnvironmentConfig.NAMES.forEach(Synthesis::of);
    }

    static JsonNode queueNamed(Synthesis env, String suffix) {
        return env.serviceResource("AWS::SQS::Queue", "QueueName", env.deployment.config().resourcePrefix() + suffix);
    }

    static String queueId(Synthesis env, String suffix) {
        String name = env.deployment.config().resourcePrefix() + suffix;
        return env.serviceResources("AWS::SQS::Queue").entrySet().stream()
                .filter(e -> name.equals(e.getValue().path("Properties").path("QueueName").asText()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderQueueHidesAMessageForAtLeastSixRenderTimeouts(String name) {
        Synthesis env = Synthesis.of(name);
        int renderTimeout = env.function("render").path("Properties").path("Timeout").asInt();
        int visibilityTimeout = queueNamed(env, "-render").path("Properties").path("VisibilityTimeout").asInt();
        assertThat(renderTimeout).isEqualTo(env.deployment.config().renderTimeoutSeconds());
        assertThat(visibilityTimeout).isGreaterThanOrEqualTo(6 * renderTimeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void bothQueuesAreStandardEncryptedAndRefuseUnencryptedTransport(String name) {
        Synthesis env = Synthesis.of(name);
        for (String suffix : List.of("-render", "-render-dlq")) {
            assertThat(queueNamed(env, suffix).path("Properties").path("SqsManagedSseEnabled").asBoolean())
                    .as(suffix).isTrue();
            // Standard queues: ordering is not needed, and FIFO would cap throughput per message group.
            assertThat(queueNamed(env, suffix).path("Properties").has("FifoQueue")).as(suffix).isFalse();
            env.service.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                    "Queues", List.of(Map.of("Ref", queueId(env, suffix))),
                    "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "Effect", "Deny",
                            "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderMessagesGoToTheDeadLetterQueueAfterAtLeastFiveReceivesAndTheAttemptsOfTheirJob(String name) {
        Synthesis env = Synthesis.of(name);
        JsonNode redrive = queueNamed(env, "-render").path("Properties").path("RedrivePolicy");
        // the worker ends a job whose attempts are spent before the queue gives its message up
        assertThat(redrive.path("maxReceiveCount").asInt()).isGreaterThanOrEqualTo(5)
                .isEqualTo(env.deployment.config().maxReceiveCount() + ServiceStack.SPARE_RECEIVES);
        assertThat(redrive.path("deadLetterTargetArn").path("Fn::GetAtt").path(0).asText())
                .isEqualTo(queueId(env, "-render-dlq"));
        // The dead-letter queue keeps a message longer than the queue it came from.
        assertThat(queueNamed(env, "-render-dlq").path("Properties").path("MessageRetentionPeriod").asInt())
                .isGreaterThan(queueNamed(env, "-render").path("Properties").path("MessageRetentionPeriod").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderFunctionTakesOneMessageAtATimeReportsPartialFailuresAndScalesToItsMaxConcurrency(String name) {
        Synthesis env = Synthesis.of(name);
        EnvironmentConfig config = env.deployment.config();
        env.service.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionName", Map.of("Ref", env.functionId("render")),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(queueId(env, "-render"), "Arn")),
                "BatchSize", 1,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "ScalingConfig", Map.of("MaximumConcurrency", config.renderMaxConcurrency())));
        // What that concurrency costs in database connections: DatabaseConnectionBudgetIT.
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void renderFunctionRunsJava21OnX86WithTheFfmpegLayerAndTheEnvironmentsSizes(String name) {
        Synthesis env = Synthesis.of(name);
        EnvironmentConfig config = env.deployment.config();
        JsonNode render = env.function("render").path("Properties");
        assertThat(render.path("Runtime").asText()).isEqualTo("java21");
        assertThat(render.path("Handler").asText()).isEqualTo("dev.videogen.aws.RenderHandler::handleRequest");
        assertThat(Synthesis.strings(render.path("Architectures"))).containsExactly("x86_64");
        assertThat(render.path("MemorySize").asInt()).isEqualTo(config.renderMemoryMb());
        assertThat(render.path("EphemeralStorage").path("Size").asInt()).isEqualTo(config.renderEphemeralStorageMb());
        assertThat(render.path("Layers").toString()).contains("FfmpegLayer");
        // Its /tmp is too large for SnapStart, and nothing invokes it through an alias.
        assertThat(render.has("SnapStart")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void theLayerIsTheFfmpegZipForJava21OnX86(String name) {
        Synthesis env = Synthesis.of(name);
        env.service.hasResourceProperties("AWS::Lambda::LayerVersion", Map.of(
                "LayerName", env.deployment.config().resourcePrefix() + "-ffmpeg",
                "CompatibleRuntimes", List.of("java21"),
                "CompatibleArchitectures", List.of("x86_64"),
                "Content", Map.of("S3Key", Match.stringLikeRegexp("[0-9a-f]{64}\\.zip"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void deadLetteredRendersAreConsumedByTheHandlerThatFailsTheirJobs(String name) {
        Synthesis env = Synthesis.of(name);
        assertThat(env.function("dead-letter").path("Properties").path("Handler").asText())
                .isEqualTo("dev.videogen.aws.DeadLetterHandler::handleRequest");
        env.service.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "FunctionName", Map.of("Ref", env.functionId("dead-letter")),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(queueId(env, "-render-dlq"), "Arn")),
                "BatchSize", 1,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        // The consumer's queue also hides a message for six of its timeouts.
        int consumerTimeout = env.function("dead-letter").path("Properties").path("Timeout").asInt();
        assertThat(queueNamed(env, "-render-dlq").path("Properties").path("VisibilityTimeout").asInt())
                .isGreaterThanOrEqualTo(6 * consumerTimeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging", "prod"})
    void aMessageInTheDeadLetterQueueRaisesAnAlarm(String name) {
        Synthesis env = Synthesis.of(name);
        env.service.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Namespace", "AWS/SQS",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(queueId(env, "-render-dlq"), "QueueName")))),
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 0,
                "AlarmActions", Match.anyValue()));
    }
}
