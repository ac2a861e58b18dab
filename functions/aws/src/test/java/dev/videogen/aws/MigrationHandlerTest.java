package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.inprocess.LocalLambdaContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deploy-time migration step against a real PostgreSQL, fed the custom resource's events. */
class MigrationHandlerTest {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:videogen/dev/database-AbCdEf";
    private static final LocalLambdaContext CONTEXT = new LocalLambdaContext("migration", "us-east-1", 1024,
            Duration.ofSeconds(600));

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void createMigratesThroughTheSecretsSessionUrlNotTheFunctionsPooler() throws IOException, SQLException {
        // The functions' url leads nowhere: the step succeeds only by using migration_url.
        String secret = "{\"url\": \"jdbc:postgresql://127.0.0.1:" + closedPort()
                + "/postgres?prepareThreshold=0&connectTimeout=1\","
                + " \"migration_url\": \"" + postgres.getJdbcUrl("postgres", "postgres") + "\","
                + " \"username\": \"postgres\", \"password\": \"postgres\"}";
        Function<String, String> readSecret = arn -> {
            assertThat(arn).isEqualTo(ARN);
            return secret;
        };
        MigrationHandler handler = new MigrationHandler(Map.of("DATABASE_SECRET_ARN", ARN), readSecret);

        Map<String, Object> response = handler.handleRequest(Map.of("RequestType", "Create"), CONTEXT);

        assertThat(response).containsEntry("PhysicalResourceId", MigrationHandler.PHYSICAL_ID).containsKey("Data");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             ResultSet tables = statement.executeQuery("select to_regclass('public.jobs') is not null")) {
            assertThat(tables.next()).isTrue();
            assertThat(tables.getBoolean(1)).isTrue();
        }
    }

    @Test
    void deleteLeavesTheDatabaseAloneWithoutReadingTheSecret() {
        MigrationHandler handler = new MigrationHandler(Map.of("DATABASE_SECRET_ARN", ARN), arn -> {
            throw new AssertionError("a stack deletion must not connect");
        });

        assertThat(handler.handleRequest(Map.of("RequestType", "Delete"), CONTEXT))
                .isEqualTo(Map.of("PhysicalResourceId", MigrationHandler.PHYSICAL_ID));
    }
}
