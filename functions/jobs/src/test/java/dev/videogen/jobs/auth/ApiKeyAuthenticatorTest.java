package dev.videogen.jobs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Caller;
import dev.videogen.jobs.db.Database;
import dev.videogen.migrations.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private ApiKeys keys;
    private ApiKeyAuthenticator authenticator;

    @BeforeEach
    void freshDatabase() {
        keys = new ApiKeys(Database.of(TestDatabase.fresh().dataSource()));
        authenticator = new ApiKeyAuthenticator(keys);
    }

    private static ApiRequest withHeaders(Map<String, String> headers) {
        return new ApiRequest("POST", "/v1/videocreate", Map.of(), headers, null, "127.0.0.1", "req-1");
    }

    private static void assertStatus(ApiKeyAuthenticator authenticator, ApiRequest request, int status, String message) {
        assertThatThrownBy(() -> authenticator.authenticate(request))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void keyInTheXApiKeyHeaderAuthenticatesItsOwner() {
        String key = keys.create("alice", "ci").key();

        Caller caller = authenticator.authenticate(withHeaders(Map.of("X-Api-Key", key)));

        assertThat(caller).isEqualTo(new Caller("alice", "api_key"));
        assertThat(caller.seesEveryJob()).isFalse();
    }

    @Test
    void keyAsABearerCredentialIsAcceptedToo() {
        String key = keys.create("bob", "ci").key();

        assertThat(authenticator.authenticate(withHeaders(Map.of("authorization", "Bearer " + key))).subject())
                .isEqualTo("bob");
    }

    @Test
    void missingKeyIs401() {
        assertStatus(authenticator, withHeaders(Map.of()), 401, "x-api-key");
        assertStatus(authenticator, withHeaders(Map.of("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")), 401,
                "x-api-key");
    }

    @Test
    void unknownOrRevokedKeyIs403WithoutEchoingTheKey() {
        ApiKeys.CreatedKey created = keys.create("alice", "ci");
        keys.revoke(created.prefix());
        String unknown = "vg_live_" + "Z".repeat(32);

        for (String key : new String[] {created.key(), unknown, "not-even-a-key"}) {
            assertThatThrownBy(() -> authenticator.authenticate(withHeaders(Map.of("x-api-key", key))))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("unknown or revoked").doesNotContain(key);
                    });
        }
    }

    @Test
    void ownerVerifiedByTheEdgeAuthorizerIsTakenWithoutALookup() {
        ApiRequest request = new ApiRequest("GET", "/v1/videoresult/vg_x", Map.of(), Map.of(), null, null, null,
                Map.of("owner", "carol"));

        assertThat(authenticator.authenticate(request)).isEqualTo(new Caller("carol", "api_key"));
    }
}
