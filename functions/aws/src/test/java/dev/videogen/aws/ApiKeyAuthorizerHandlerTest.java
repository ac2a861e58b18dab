package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.videogen.inprocess.LocalLambdaContext;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.db.DatabaseException;
import dev.videogen.migrations.DatabaseMigrator;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorizer against a real PostgreSQL with the schema applied, fed the event API Gateway sends. */
class ApiKeyAuthorizerHandlerTest {

    private static EmbeddedPostgres postgres;
    private static ApiKeys keys;
    private static ApiKeyAuthorizerHandler handler;
    private static final LocalLambdaContext CONTEXT = new LocalLambdaContext("authorizer", "us-east-1", 1024,
            Duration.ofSeconds(10));

    @BeforeAll
    static void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.start();
        DatabaseMigrator.migrate(postgres.getPostgresDatabase());
        keys = new ApiKeys(Database.of(postgres.getPostgresDatabase()));
        handler = new ApiKeyAuthorizerHandler(Map.of(
                "DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"),
                "DATABASE_USER", "postgres",
                "DATABASE_PASSWORD", "postgres"));
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        postgres.close();
    }

    private static APIGatewayV2CustomAuthorizerEvent eventWithHeaders(Map<String, String> replaced) {
        APIGatewayV2CustomAuthorizerEvent event =
                EventLoader.loadAPIGatewayV2CustomAuthorizerEvent("events/api-key-authorizer-request.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.remove("authorization");
        headers.putAll(replaced);
        event.setHeaders(headers);
        return event;
    }

    @Test
    void validKeyIsAuthorizedWithItsOwnerInTheContext() {
        String key = keys.create("alice", "ci").key();

        Map<String, Object> response = handler.handleRequest(
                eventWithHeaders(Map.of("authorization", "Bearer " + key)), CONTEXT);

        assertThat(response).containsEntry("isAuthorized", true).containsEntry("context", Map.of("owner", "alice"));
    }

    @Test
    void keyInTheXApiKeyHeaderIsAuthorizedToo() {
        String key = keys.create("bob", "ci").key();

        Map<String, Object> response = handler.handleRequest(eventWithHeaders(Map.of("x-api-key", key)), CONTEXT);

        assertThat(response).containsEntry("isAuthorized", true).containsEntry("context", Map.of("owner", "bob"));
    }

    @Test
    void revokedUnknownOrMissingKeysAreNotAuthorized() {
        ApiKeys.CreatedKey revoked = keys.create("carol", "old");
        keys.revoke(revoked.prefix());

        for (Map<String, String> headers : List.of(
                Map.of("authorization", "Bearer " + revoked.key()),
                Map.of("x-api-key", "vg_live_" + "q".repeat(32)),
                Map.of("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln"),
                Map.<String, String>of())) {
            assertThat(handler.handleRequest(eventWithHeaders(headers), CONTEXT))
                    .as(headers.toString()).isEqualTo(Map.of("isAuthorized", false));
        }
    }

    @Test
    void aPoolSizeOutsideWhatTheFunctionsAcceptFailsAtStartNamingTheVariable() {
        for (String size : List.of("0", "65", "two")) {
            assertThatThrownBy(() -> new ApiKeyAuthorizerHandler(Map.of(
                    "DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres"), "DATABASE_POOL_SIZE", size)))
                    .as(size).isInstanceOf(ConfigException.class).hasMessageStartingWith("DATABASE_POOL_SIZE must be");
        }
    }

    @Test
    void unreachableDatabaseFailsTheInvocationInsteadOfDenying() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // constructing opens nothing, whatever the settings: SnapStart takes its snapshot after this
        ApiKeyAuthorizerHandler offline = new ApiKeyAuthorizerHandler(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres?connectTimeout=1"));
        String key = keys.create("dave", "ci").key();

        assertThatThrownBy(() -> offline.handleRequest(eventWithHeaders(Map.of("x-api-key", key)), CONTEXT))
                .isInstanceOf(DatabaseException.class);
    }
}
