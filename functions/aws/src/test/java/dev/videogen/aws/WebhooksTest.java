package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobIds;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.JobRepository;
import dev.videogen.jobs.db.NewJob;
import dev.videogen.jobs.webhooks.WebhookSignature;
import dev.videogen.migrations.DatabaseMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sender as the Lambda runtime builds it from the environment. */
class WebhooksTest {

    private static final String SECRET = "whsec_from_the_environment_0123456789";
    /** The events here are of failed jobs under a PUBLIC_BASE_URL: no result URL is made, no store is asked. */
    private static final dev.videogen.jobs.ports.ObjectStore RESULTS_NEVER_READ = null;

    private static EmbeddedPostgres postgres;
    private static Database database;
    private HttpServer receiver;
    private final List<String> signatures = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        DatabaseMigrator.migrate(postgres.getPostgresDatabase());
        database = Database.of(postgres.getPostgresDatabase());
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            signatures.add(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private static ServiceConfig config(String environment, boolean allowLoopback, String secret) {
        Map<String, String> env = new HashMap<>(Map.of("VIDEOGEN_ENV", environment,
                "AUTH_MODE", environment.equals("local") ? "none" : "api_key",
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/unused", "OUTPUT_BUCKET", "bucket",
                "PUBLIC_BASE_URL", "https://cdn.example.com",
                "ALLOW_LOOPBACK_SOURCES", Boolean.toString(allowLoopback)));
        if (secret != null) {
            env.put("WEBHOOK_SECRET", secret);
        }
        return ServiceConfig.fromEnvironment(env);
    }

    private JobRecord failedJobCallingTheReceiver() {
        JobRepository jobs = new JobRepository(database);
        String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        JobRecord job = jobs.insert(new NewJob(JobIds.newJobId(), "owner-1", "async", "mp4", 640, 360, 30, 2.0,
                "#000000", "{\"metadata\":{\"k\":1}}", callback, 5, null, null, null, null, "{}", 3600), List.of(), "{}");
        jobs.fail(job.jobId(), null, "FFMPEG_ERROR", "the encoder stopped", null);
        return jobs.find(job.jobId()).orElseThrow();
    }

    @Test
    void localStackThatAllowsLoopbackDeliversSignedWithTheConfiguredSecret() {
        JobEndListener webhooks = Webhooks.forConfig(config("local", true, SECRET), database, RESULTS_NEVER_READ);

        webhooks.jobEnded(failedJobCallingTheReceiver());

        assertThat(bodies).hasSize(1);
        assertThat(WebhookSignature.verify(SECRET, signatures.get(0), bodies.get(0), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void loopbackReceiverGetsNothingWhereLoopbackIsNotAllowed() {
        JobEndListener webhooks = Webhooks.forConfig(config("local", false, SECRET), database, RESULTS_NEVER_READ);

        webhooks.jobEnded(failedJobCallingTheReceiver());

        assertThat(bodies).isEmpty();
    }

    @Test
    void deployedServiceWithoutAWebhookSecretDoesNotStart() {
        assertThatThrownBy(() -> Webhooks.forConfig(config("staging", false, null), database, RESULTS_NEVER_READ))
                .isInstanceOf(ConfigException.class).hasMessageContaining("WEBHOOK_SECRET");
    }
}
