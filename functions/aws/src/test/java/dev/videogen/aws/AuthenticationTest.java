package dev.videogen.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.api.Caller;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.JwtAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationTest {

    private static final String SECRET = "a-supabase-jwt-secret-of-more-than-32-characters";

    private static ServiceConfig config(String environment, String authMode, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("VIDEOGEN_ENV", environment, "AUTH_MODE", authMode,
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/unused", "OUTPUT_BUCKET", "bucket"));
        env.putAll(more);
        return ServiceConfig.fromEnvironment(env);
    }

    private static ApiRequest request(Map<String, String> headers) {
        return new ApiRequest("GET", "/v1/videoresult/vg_x", Map.of(), headers, null, null, "req-1");
    }

    @Test
    void authModeNoneLetsEveryoneInAsAnonymous() {
        Authenticator authenticator = Authentication.forConfig(config("local", "none", Map.of()), null);

        assertThat(authenticator.authenticate(request(Map.of()))).isEqualTo(Caller.UNAUTHENTICATED);
    }

    @Test
    void authModeJwtVerifiesSupabaseTokensWithTheConfiguredSecret() throws Exception {
        Authenticator authenticator = Authentication.forConfig(config("prod", "jwt", Map.of("JWT_SECRET", SECRET)), null);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject("user-1").audience("authenticated").claim("role", "authenticated")
                .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(authenticator).isInstanceOf(JwtAuthenticator.class);
        assertThat(authenticator.authenticate(request(Map.of("Authorization", "Bearer " + jwt.serialize()))))
                .isEqualTo(new Caller("user-1", "authenticated"));
        assertThatThrownBy(() -> authenticator.authenticate(request(Map.of())))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void authModeApiKeyTakesTheOwnerTheEdgeAuthorizerVerified() {
        Authenticator authenticator = Authentication.forConfig(config("prod", "api_key", Map.of()), null);
        ApiRequest fromTheEdge = new ApiRequest("GET", "/v1/videoresult/vg_x", Map.of(), Map.of(), null, null, "r",
                Map.of("owner", "alice"));

        assertThat(authenticator).isInstanceOf(ApiKeyAuthenticator.class);
        assertThat(authenticator.authenticate(fromTheEdge)).isEqualTo(new Caller("alice", "api_key"));
        assertThatThrownBy(() -> authenticator.authenticate(request(Map.of())))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
