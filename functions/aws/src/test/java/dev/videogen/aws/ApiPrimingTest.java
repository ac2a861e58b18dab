package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.queue.SqsRenderQueue;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.inprocess.EmbeddedDatabase;
import dev.videogen.inprocess.InProcessSqs;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.VideogenService;
import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.DatabaseMigrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SnapStart priming hook against the embedded PostgreSQL and the in-process SQS: it runs the whole create path
 * and leaves nothing anywhere — no row, no notification, no message, no open connection — and the environment answers
 * real creates afterwards.
 */
class ApiPrimingTest {

    private static EmbeddedDatabase database;
    private static InProcessSqs sqs;
    private static SqsClient sqsClient;

    @BeforeAll
    static void startServers() {
        database = EmbeddedDatabase.start();
        DatabaseMigrator.migrate(database.dataSource());
        sqs = InProcessSqs.builder().queueName("videogen-render-priming").start();
        sqsClient = sqs.newClient();
    }

    @AfterAll
    static void stopServers() {
        sqsClient.close();
        sqs.close();
        database.close();
    }

    private static LambdaRuntime runtime() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("VIDEOGEN_ENV", "local");
        env.put("AUTH_MODE", "none");
        env.put("DATABASE_URL", database.jdbcUrl());
        env.put("DATABASE_USER", EmbeddedDatabase.USER);
        env.put("DATABASE_PASSWORD", EmbeddedDatabase.PASSWORD);
        env.put("OUTPUT_BUCKET", "videogen-priming");
        env.put("WORK_DIR", Files.createTempDirectory("videogen-priming-").toString());
        ServiceConfig config = ServiceConfig.fromEnvironment(env);
        Database pool = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(), 2);
        S3ObjectStore store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build(),
                "videogen-priming", true);
        SqsRenderQueue queue = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint())
                .region(sqs.region()).build(), sqs.queueUrl());
        VideogenService service = new VideogenService(config, pool, store, queue, Authentication.forConfig(config, pool),
                JobEndListener.NONE, Duration.ofDays(30));
        return new LambdaRuntime(service, store, queue, Duration.ofDays(30));
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String messagesWaiting() {
        return sqsClient.getQueueAttributes(b -> b.queueUrl(sqs.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    @Test
    void primingRunsTheCreatePathAndLeavesNothingBehind() throws Exception {
        LambdaRuntime runtime = runtime();
        String otherSessions = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()";
        long sessionsBefore = count(otherSessions);

        ApiPriming.Report report = new ApiPriming(() -> runtime).prime();

        assertThat(report.createsAnswered()).as("creates answered 202").isEqualTo(ApiPriming.REHEARSALS);
        assertThat(report.sendsRehearsed()).as("queue messages built and signed").isEqualTo(ApiPriming.REHEARSALS);
        assertThat(count("SELECT count(*) FROM jobs")).isZero();
        assertThat(count("SELECT count(*) FROM elements")).isZero();
        assertThat(count("SELECT count(*) FROM processing_timeline")).isZero();
        assertThat(messagesWaiting()).isEqualTo("0");
        assertThat(count(otherSessions)).as("no connection left open").isEqualTo(sessionsBefore);

        APIGatewayV2HTTPResponse real = new ApiHandler(runtime.service()::api).handleRequest(ApiEvents.event("POST",
                "/v1/videocreate", null, Map.of("Content-Type", "application/json"), """
                        {"width": 64, "height": 64, "duration": 1, "response_type": "async",
                         "elements": [{"type": "text", "text": "after priming"}]}""".getBytes(StandardCharsets.UTF_8),
                "127.0.0.1"), null);
        assertThat(real.getStatusCode()).as(real.getBody()).isEqualTo(202);
        assertThat(count("SELECT count(*) FROM jobs")).isEqualTo(1);
        assertThat(messagesWaiting()).isEqualTo("1");
        runtime.service().close();
    }
}
