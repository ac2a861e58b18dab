package dev.videogen.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.DashboardProps;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.GraphWidgetProps;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.TopicProps;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Alarms and a dashboard for one environment: errors and throttles of every function, API 5xx,
 * the dead-letter queue's depth, the render backlog's age and the render duration's p95 as it
 * approaches the render timeout. Alarms notify an SNS topic (and an e-mail address when given).
 */
public class Monitoring extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    /** What is monitored. */
    public record Targets(EnvironmentConfig config, Optional<String> alarmEmail, HttpApi httpApi, Queue renderQueue,
                          Queue deadLetterQueue, Function apiFunction, Function renderFunction,
                          List<Function> functions) {
    }

    private final List<Alarm> alarms = new ArrayList<>();
    private final Topic alarmTopic;
    private final String prefix;

    public Monitoring(Construct scope, String id, Targets targets) {
        super(scope, id);
        EnvironmentConfig config = targets.config();
        AlarmThresholds thresholds = config.alarms();
        prefix = config.resourcePrefix();

        alarmTopic = new Topic(this, "AlarmTopic", TopicProps.builder()
                .topicName(prefix + "-alarms")
                .enforceSsl(true)
                .build());
        targets.alarmEmail().ifPresent(email -> alarmTopic.addSubscription(new EmailSubscription(email)));

        for (Function function : targets.functions()) {
            String role = function.getNode().getId().replaceFirst("Function$", "");
            alarm(role + "Errors", function.metricErrors(sum()), thresholds.functionErrors(),
                    "errors of the " + role + " function in 5 minutes");
            alarm(role + "Throttles", function.metricThrottles(sum()), thresholds.functionThrottles(),
                    "throttled invocations of the " + role + " function in 5 minutes");
        }

        alarm("ApiServerErrors", targets.httpApi().metricServerError(sum()), thresholds.apiServerErrors(),
                "HTTP API 5xx responses in 5 minutes");

        Metric deadLetterDepth = targets.deadLetterQueue().metricApproximateNumberOfMessagesVisible(
                MetricOptions.builder().statistic("Maximum").period(Duration.minutes(1)).build());
        register(deadLetterDepth.createAlarm(this, "DeadLetterQueueDepth", CreateAlarmOptions.builder()
                .alarmName(prefix + "-render-dlq-depth")
                .alarmDescription("Render messages waiting in the dead-letter queue: their jobs failed after "
                        + config.maxReceiveCount() + " attempts and the dead-letter consumer has not cleared them")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(0)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));

        double renderP95LimitMs = thresholds.renderP95FractionOfTimeout() * config.renderTimeoutSeconds() * 1000.0;
        Metric renderP95 = targets.renderFunction().metricDuration(
                MetricOptions.builder().statistic("p95").period(PERIOD).build());
        register(renderP95.createAlarm(this, "RenderDurationNearTimeout", CreateAlarmOptions.builder()
                .alarmName(prefix + "-render-p95-near-timeout")
                .alarmDescription("Render duration p95 above " + Math.round(thresholds.renderP95FractionOfTimeout() * 100)
                        + "% of the " + config.renderTimeoutSeconds() + " s render timeout")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(renderP95LimitMs)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));

        Metric backlogAge = targets.renderQueue().metricApproximateAgeOfOldestMessage(
                MetricOptions.builder().statistic("Maximum").period(PERIOD).build());
        register(backlogAge.createAlarm(this, "RenderBacklogAge", CreateAlarmOptions.builder()
                .alarmName(prefix + "-render-backlog-age")
                .alarmDescription("A render has waited longer than the render timeout: raise renderMaxConcurrency")
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .threshold(config.renderTimeoutSeconds())
                .evaluationPeriods(2)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));

        new Dashboard(this, "Dashboard", DashboardProps.builder()
                .dashboardName(prefix)
                .widgets(List.of(
                        List.<IWidget>of(
                                graph("API requests and errors", List.of(targets.httpApi().metricCount(sum()),
                                        targets.httpApi().metricClientError(sum()), targets.httpApi().metricServerError(sum())), null),
                                graph("API latency p95 (ms)", List.of(targets.httpApi().metricLatency(p95()),
                                        targets.apiFunction().metricDuration(p95())), null)),
                        List.<IWidget>of(
                                graph("Render queue", List.of(
                                        targets.renderQueue().metricApproximateNumberOfMessagesVisible(max()),
                                        targets.renderQueue().metricApproximateNumberOfMessagesNotVisible(max()),
                                        targets.deadLetterQueue().metricApproximateNumberOfMessagesVisible(max())), null),
                                graph("Render duration (ms)", List.of(targets.renderFunction().metricDuration(p95()),
                                        targets.renderFunction().metricDuration(MetricOptions.builder()
                                                .statistic("p50").period(PERIOD).build())),
                                        HorizontalAnnotation.builder().label("render timeout")
                                                .value(config.renderTimeoutSeconds() * 1000.0).build())),
                        List.<IWidget>of(
                                graph("Function errors", perFunction(targets.functions(), true), null),
                                graph("Function throttles", perFunction(targets.functions(), false), null))))
                .build());
    }

    private void alarm(String id, Metric metric, int threshold, String what) {
        register(metric.createAlarm(this, id, CreateAlarmOptions.builder()
                .alarmName(prefix + "-" + kebab(id))
                .alarmDescription(threshold + " or more " + what)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(threshold)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build()));
    }

    private void register(Alarm alarm) {
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarm.addOkAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    private static List<IMetric> perFunction(List<Function> functions, boolean errors) {
        List<IMetric> metrics = new ArrayList<>();
        for (Function function : functions) {
            metrics.add(errors ? function.metricErrors(sum()) : function.metricThrottles(sum()));
        }
        return metrics;
    }

    private static GraphWidget graph(String title, List<? extends IMetric> left, HorizontalAnnotation annotation) {
        GraphWidgetProps.Builder props = GraphWidgetProps.builder().title(title).width(12).left(List.copyOf(left));
        if (annotation != null) {
            props.leftAnnotations(List.of(annotation));
        }
        return new GraphWidget(props.build());
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().statistic("Sum").period(PERIOD).build();
    }

    private static MetricOptions max() {
        return MetricOptions.builder().statistic("Maximum").period(PERIOD).build();
    }

    private static MetricOptions p95() {
        return MetricOptions.builder().statistic("p95").period(PERIOD).build();
    }

    private static String kebab(String pascal) {
        return pascal.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Every alarm of the environment. */
    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
