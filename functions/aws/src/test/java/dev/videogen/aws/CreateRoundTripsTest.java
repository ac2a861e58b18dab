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
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.PostgresRoundTrips;
import dev.videogen.jobs.ports.RenderQueue;
import dev.videogen.migrations.DatabaseMigrator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an async create costs, counted on the wire between the api handler and the embedded PostgreSQL (every Sync
 * and simple Query is a round trip) and at the queue (real SendMessage calls to the in-process SQS): one round trip
 * carrying the create call, one message.
 */
class CreateRoundTripsTest {

    private static final String ASYNC_JOB = """
            {"width": 320, "height": 180, "duration": 2, "response_type": "async",
             "elements": [{"type": "text", "text": "counted", "y": "40%", "height": "20%"},
                          {"type": "image", "source": "https://media.example.com/logo.png", "width": "20%"}]}""";

    private static EmbeddedDatabase database;
    private static InProcessSqs sqs;
    private static PostgresRoundTrips wire;
    private static SqsRenderQueue sqsQueue;
    private static Path work;
    private final AtomicInteger sends = new AtomicInteger();

    @BeforeAll
    static void startServers() throws Exception {
        database = EmbeddedDatabase.start();
        DatabaseMigrator.migrate(database.dataSource());
        sqs = InProcessSqs.builder().queueName("videogen-render-counted").start();
        wire = new PostgresRoundTrips("127.0.0.1", database.port());
        sqsQueue = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint()).region(sqs.region())
                .build(), sqs.queueUrl());
        work = Files.createTempDirectory("videogen-round-trips-");
    }

    @AfterAll
    static void stopServers() {
        sqsQueue.close();
        wire.close();
        sqs.close();
        database.close();
    }

    @BeforeEach
    void resetCounts() {
        sends.set(0);
    }

    private VideogenService service(String authMode) {
        Map<String, String> env = new HashMap<>();
        env.put("VIDEOGEN_ENV", "local");
        env.put("AUTH_MODE", authMode);
        env.put("DATABASE_URL", wire.jdbcUrl(EmbeddedDatabase.DATABASE));
        env.put("DATABASE_USER", EmbeddedDatabase.USER);
        env.put("DATABASE_PASSWORD", EmbeddedDatabase.PASSWORD);
        env.put("OUTPUT_BUCKET", "videogen-counted");
        env.put("WORK_DIR", work.toString());
        ServiceConfig config = ServiceConfig.fromEnvironment(env);
        Database pool = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(), 4);
        RenderQueue counted = new RenderQueue() {
            @Override
            public void enqueue(String jobId) {
                sends.incrementAndGet();
                sqsQueue.enqueue(jobId);
            }

            @Override
            public void checkAvailable() {
                sqsQueue.checkAvailable();
            }
        };
        S3ObjectStore store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build(),
                "videogen-counted", true);
        return new VideogenService(config, pool, store, counted, Authentication.forConfig(config, pool),
                JobEndListener.NONE, Duration.ofDays(30));
    }

    /**
     * Waits until nothing has crossed the wire for a while (the estimator's first calibration read runs on a thread
     * of its own after the warm-up create, later on a loaded machine), then starts counting afresh.
     */
    private static void settleThenReset() {
        int seen = -1;
        int now = wire.roundTrips().size();
        while (now != seen) {
            seen = now;
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            now = wire.roundTrips().size();
        }
        wire.reset();
    }

    private static APIGatewayV2HTTPResponse create(ApiHandler handler, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return handler.handleRequest(ApiEvents.event("POST", "/v1/videocreate", null, all,
                ASYNC_JOB.getBytes(StandardCharsets.UTF_8), "198.51.100.7"), null);
    }

    /** Round trips that carried statements: the pool's liveness check of an idle connection is not one of them. */
    private static List<PostgresRoundTrips.RoundTrip> statementTrips() {
        return wire.roundTrips().stream().filter(trip -> !trip.isLivenessCheck()).toList();
    }

    @Test
    void anAsyncCreateIsOneDatabaseRoundTripAndOneQueueSend() {
        try (VideogenService service = service("none")) {
            ApiHandler handler = new ApiHandler(service::api);
            assertThat(create(handler, Map.of()).getStatusCode()).isEqualTo(202);
            settleThenReset();
            sends.set(0);

            APIGatewayV2HTTPResponse response = create(handler, Map.of());

            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
            assertThat(statementTrips()).as("round trips carrying statements").hasSize(1);
            assertThat(wire.roundTrips()).as("at most two with the pool's liveness check").hasSizeLessThanOrEqualTo(2);
            assertThat(wire.connectionsOpened()).isZero();
            assertThat(sends).hasValue(1);
        }
    }

    @Test
    void withAnApiKeyTheKeyIsReadOnceAndLaterCreatesAreOneRoundTrip() {
        String key = new ApiKeys(Database.of(database.dataSource())).create("carol", "round trips").key();
        try (VideogenService service = service("api_key")) {
            ApiHandler handler = new ApiHandler(service::api);
            assertThat(create(handler, Map.of()).getStatusCode()).isEqualTo(401);
            assertThat(create(handler, Map.of("x-api-key", key)).getStatusCode()).isEqualTo(202);
            settleThenReset();

            APIGatewayV2HTTPResponse first = create(handler, Map.of("x-api-key", key));
            int afterFirst = statementTrips().size();
            APIGatewayV2HTTPResponse second = create(handler, Map.of("x-api-key", key));

            assertThat(first.getStatusCode()).isEqualTo(202);
            assertThat(second.getStatusCode()).isEqualTo(202);
            assertThat(afterFirst).as("the key's owner is remembered").isEqualTo(1);
            assertThat(statementTrips()).hasSize(2);
        }
    }

    @Test
    void aRepeatedIdempotencyKeyIsOneRoundTripAndSendsNothing() {
        try (VideogenService service = service("none")) {
            ApiHandler handler = new ApiHandler(service::api);
            Map<String, String> keyed = Map.of("Idempotency-Key", "round-trips-" + System.nanoTime());
            APIGatewayV2HTTPResponse first = create(handler, keyed);
            settleThenReset();
            sends.set(0);

            APIGatewayV2HTTPResponse repeat = create(handler, keyed);

            assertThat(first.getStatusCode()).isEqualTo(202);
            assertThat(repeat.getStatusCode()).isEqualTo(202);
            assertThat(repeat.getBody()).contains(first.getBody().replaceAll(".*\"job_id\":\"([^\"]+)\".*", "$1"));
            assertThat(statementTrips()).hasSize(1);
            assertThat(sends).hasValue(0);
        }
    }
}
