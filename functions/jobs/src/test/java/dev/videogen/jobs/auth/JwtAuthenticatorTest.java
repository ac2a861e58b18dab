package dev.videogen.jobs.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Caller;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real keys (RSA, EC P-256, an HS256 secret) made with nimbus, a JWKS served over HTTP on 127.0.0.1. */
class JwtAuthenticatorTest {

    private static final String ISSUER = "https://project.supabase.co/auth/v1";
    private static final String SECRET = "super-secret-jwt-token-with-at-least-32-characters";

    private static RSAKey rsa;
    private static RSAKey otherRsa;
    private static ECKey ec;
    private static HttpServer jwksServer;
    private static final AtomicReference<String> PUBLISHED = new AtomicReference<>();
    private static final AtomicInteger JWKS_REQUESTS = new AtomicInteger();

    @BeforeAll
    static void startJwksServer() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
        otherRsa = new RSAKeyGenerator(2048).keyID("rsa-2").keyUse(KeyUse.SIGNATURE).generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/auth/v1/.well-known/jwks.json", exchange -> {
            JWKS_REQUESTS.incrementAndGet();
            byte[] body = PUBLISHED.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwksServer.start();
    }

    @AfterAll
    static void stopJwksServer() {
        jwksServer.stop(0);
    }

    @BeforeEach
    void publishTheFirstKeys() {
        publish(rsa, ec);
        JWKS_REQUESTS.set(0);
    }

    private static void publish(JWK... keys) {
        PUBLISHED.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private static String jwksUrl() {
        return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/auth/v1/.well-known/jwks.json";
    }

    private static JwtAuthenticator authenticator(String jwksUrl, String secret, String issuer,
                                                  Duration minRefetchInterval) {
        JwtAuthenticator.Settings settings = new JwtAuthenticator.Settings(jwksUrl, secret, issuer, null);
        // a generous fetch limit: the key server is local, and a loaded machine must not turn a fetch into a refusal
        JwksKeySet keys = jwksUrl == null ? null : new JwksKeySet(URI.create(jwksUrl), Duration.ofSeconds(20),
                Duration.ofMinutes(10), minRefetchInterval);
        return new JwtAuthenticator(settings, keys, Clock.systemUTC());
    }

    private static JwtAuthenticator withJwksAndSecret() {
        return authenticator(jwksUrl(), SECRET, ISSUER, Duration.ZERO);
    }

    private static ApiRequest bearer(String token) {
        return new ApiRequest("GET", "/v1/videoresult/vg_x", Map.of(), Map.of("authorization", "Bearer " + token),
                null, "127.0.0.1", "req-1");
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("8d0f9c2e-user")
                .issuer(ISSUER)
                .audience("authenticated")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .claim("role", "authenticated");
    }

    private static String sign(JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String rs256(JWTClaimsSet claims) throws JOSEException {
        return sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims);
    }

    private static String rs256(Consumer<JWTClaimsSet.Builder> change) throws JOSEException {
        JWTClaimsSet.Builder claims = validClaims();
        change.accept(claims);
        return rs256(claims.build());
    }

    /** Asserts a 401 whose message contains {@code expected} and never the token. */
    private static void assertRefused(JwtAuthenticator authenticator, String token, String expected) {
        AuthenticationException refusal = catchThrowableOfType(AuthenticationException.class,
                () -> authenticator.authenticate(bearer(token)));
        assertThat(refusal).as("the token must be refused").isNotNull();
        assertThat(refusal.status()).isEqualTo(401);
        assertThat(refusal.getMessage()).contains(expected).doesNotContain(token);
        for (String part : token.split("\\.")) {
            if (part.length() > 8) {
                assertThat(refusal.getMessage()).doesNotContain(part);
            }
        }
    }

    @Test
    void rs256TokenFromThePublishedKeysGivesItsSubjectAndRole() throws Exception {
        Caller caller = withJwksAndSecret().authenticate(bearer(rs256(validClaims().build())));

        assertThat(caller).isEqualTo(new Caller("8d0f9c2e-user", "authenticated"));
        assertThat(caller.seesEveryJob()).isFalse();
        assertThat(caller.owns("8d0f9c2e-user")).isTrue();
        assertThat(caller.owns("someone-else")).isFalse();
    }

    @Test
    void serviceRoleClaimLetsTheCallerSeeEveryJob() throws Exception {
        Caller caller = withJwksAndSecret().authenticate(bearer(rs256(c -> c.claim("role", "service_role"))));

        assertThat(caller.role()).isEqualTo("service_role");
        assertThat(caller.seesEveryJob()).isTrue();
    }

    @Test
    void es256TokenFromThePublishedKeysIsAccepted() throws Exception {
        String token = sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), validClaims().subject("ec-user").build());

        assertThat(withJwksAndSecret().authenticate(bearer(token)).subject()).isEqualTo("ec-user");
    }

    @Test
    void hs256TokenSignedWithTheProjectSecretIsAccepted() throws Exception {
        String token = sign(JWSAlgorithm.HS256, null, new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
                validClaims().subject("hs-user").claim("role", "authenticated").build());

        Caller caller = authenticator(null, SECRET, null, Duration.ZERO).authenticate(bearer(token));

        assertThat(caller).isEqualTo(new Caller("hs-user", "authenticated"));
    }

    @Test
    void tokenWithoutRoleClaimIsAnAuthenticatedCaller() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(validClaims().build()).claim("role", null).build();

        assertThat(withJwksAndSecret().authenticate(bearer(rs256(claims))).role()).isEqualTo("authenticated");
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        String token = rs256(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(300))));

        assertRefused(withJwksAndSecret(), token, "expired");
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws Exception {
        assertRefused(withJwksAndSecret(), rs256(c -> c.expirationTime(null)), "no expiry");
    }

    @Test
    void smallClockSkewIsTolerated() throws Exception {
        JwtAuthenticator authenticator = withJwksAndSecret();
        String justExpired = rs256(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(10))));
        String almostValid = rs256(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(10))));
        String notYetValid = rs256(c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(300))));

        assertThat(authenticator.authenticate(bearer(justExpired)).subject()).isEqualTo("8d0f9c2e-user");
        assertThat(authenticator.authenticate(bearer(almostValid)).subject()).isEqualTo("8d0f9c2e-user");
        assertRefused(authenticator, notYetValid, "not valid yet");
    }

    @Test
    void tokenForAnotherAudienceIsRefused() throws Exception {
        assertRefused(withJwksAndSecret(), rs256(c -> c.audience("anon")), "aud must include authenticated");
        assertRefused(withJwksAndSecret(), rs256(c -> c.audience((String) null)), "aud must include authenticated");
    }

    @Test
    void configuredAudienceReplacesTheDefault() throws Exception {
        JwtAuthenticator.Settings settings = new JwtAuthenticator.Settings(null, SECRET, null, "videogen");
        JwtAuthenticator authenticator = new JwtAuthenticator(settings, null, Clock.systemUTC());
        MACSigner signer = new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8));

        String forVideogen = sign(JWSAlgorithm.HS256, null, signer, validClaims().audience(List.of("x", "videogen")).build());
        String forDefault = sign(JWSAlgorithm.HS256, null, signer, validClaims().build());

        assertThat(authenticator.authenticate(bearer(forVideogen)).subject()).isEqualTo("8d0f9c2e-user");
        assertRefused(authenticator, forDefault, "aud must include videogen");
    }

    @Test
    void tokenFromAnotherIssuerIsRefusedWhenAnIssuerIsConfigured() throws Exception {
        String foreign = rs256(c -> c.issuer("https://evil.example.com/auth/v1"));

        assertRefused(withJwksAndSecret(), foreign, "trusted issuer");
        assertThat(authenticator(jwksUrl(), null, null, Duration.ZERO).authenticate(bearer(foreign)).subject())
                .as("without JWT_ISSUER any issuer is accepted").isEqualTo("8d0f9c2e-user");
    }

    @Test
    void tokenWithoutSubjectIsRefused() throws Exception {
        assertRefused(withJwksAndSecret(), rs256(c -> c.subject(null)), "no subject");
    }

    @Test
    void signatureByAnUnpublishedKeyUnderAPublishedKeyIdIsRefused() throws Exception {
        String forged = sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(otherRsa), validClaims().build());

        assertRefused(withJwksAndSecret(), forged, "signature does not verify");
    }

    @Test
    void tokenWhoseClaimsWereChangedAfterSigningIsRefused() throws Exception {
        String token = rs256(validClaims().build());
        String[] parts = token.split("\\.");
        String otherClaims = rs256(c -> c.subject("admin-user")).split("\\.")[1];

        assertRefused(withJwksAndSecret(), parts[0] + "." + otherClaims + "." + parts[2], "signature does not verify");
    }

    @Test
    void hs256TokenWithAWrongSecretIsRefused() throws Exception {
        String token = sign(JWSAlgorithm.HS256, null,
                new MACSigner("another-secret-that-is-also-32-bytes-long!".getBytes(StandardCharsets.UTF_8)),
                validClaims().build());

        assertRefused(withJwksAndSecret(), token, "signature does not verify");
    }

    @Test
    void unsignedTokenIsRefused() throws Exception {
        String none = new PlainJWT(validClaims().build()).serialize();

        assertThat(none).endsWith(".");
        assertRefused(withJwksAndSecret(), none, "not signed");
    }

    @Test
    void hs256TokenMacedWithThePublishedPublicKeyIsRefused() throws Exception {
        // the algorithm-confusion attack: an HMAC keyed with the public key anyone can download
        byte[] publicKeyBytes = rsa.toRSAPublicKey().getEncoded();
        String confused = sign(JWSAlgorithm.HS256, "rsa-1", new MACSigner(publicKeyBytes), validClaims().build());

        assertRefused(authenticator(jwksUrl(), null, ISSUER, Duration.ZERO), confused, "HS256 tokens are not accepted");
        assertRefused(withJwksAndSecret(), confused, "signature does not verify");
    }

    @Test
    void algorithmsOtherThanHs256Es256AndRs256AreRefused() throws Exception {
        String rs512 = sign(JWSAlgorithm.RS512, "rsa-1", new RSASSASigner(rsa), validClaims().build());

        assertRefused(withJwksAndSecret(), rs512, "RS512 are not accepted");
    }

    @Test
    void publishedKeyAlgorithmsAreRefusedWithoutAJwks() throws Exception {
        assertRefused(authenticator(null, SECRET, null, Duration.ZERO), rs256(validClaims().build()),
                "no JWKS is configured");
    }

    @Test
    void unknownKeyIdMakesTheKeySetBeFetchedAgain() throws Exception {
        JwtAuthenticator authenticator = withJwksAndSecret();
        assertThat(authenticator.authenticate(bearer(rs256(validClaims().build()))).subject()).isEqualTo("8d0f9c2e-user");
        assertThat(JWKS_REQUESTS).hasValue(1);

        publish(rsa, otherRsa, ec);
        String rotated = sign(JWSAlgorithm.RS256, "rsa-2", new RSASSASigner(otherRsa), validClaims().subject("u2").build());

        assertThat(authenticator.authenticate(bearer(rotated)).subject()).isEqualTo("u2");
        assertThat(JWKS_REQUESTS).hasValue(2);
        assertThat(authenticator.authenticate(bearer(rotated)).subject()).as("now cached").isEqualTo("u2");
        assertThat(JWKS_REQUESTS).hasValue(2);
    }

    @Test
    void madeUpKeyIdsDoNotFloodTheIssuerWithFetches() throws Exception {
        JwtAuthenticator authenticator = authenticator(jwksUrl(), SECRET, ISSUER, Duration.ofMinutes(1));
        for (int i = 0; i < 20; i++) {
            String token = sign(JWSAlgorithm.RS256, "made-up-" + i, new RSASSASigner(otherRsa), validClaims().build());
            assertRefused(authenticator, token, "not among the issuer's published keys");
        }

        assertThat(JWKS_REQUESTS).as("the first fetch only; refetches are rate-limited").hasValue(1);
    }

    @Test
    void unreachableJwksIsReportedWithoutTheToken() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        JwtAuthenticator authenticator = authenticator("http://127.0.0.1:" + closedPort + "/jwks.json", null, null,
                Duration.ZERO);

        assertRefused(authenticator, rs256(validClaims().build()), "signing keys are unreachable");
    }

    @Test
    void missingOrNonBearerCredentialsAreRefused() {
        JwtAuthenticator authenticator = withJwksAndSecret();

        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Basic dXNlcjpwdw=="),
                Map.of("Authorization", "Bearer "))) {
            ApiRequest request = new ApiRequest("POST", "/v1/videocreate", Map.of(), headers, null, null, null);
            assertThatThrownBy(() -> authenticator.authenticate(request))
                    .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("missing credentials");
                    });
        }
    }

    @Test
    void garbageTokenIsRefusedAsMalformed() {
        assertRefused(withJwksAndSecret(), "not-a-jwt-at-all", "not a well-formed JWT");
    }

    @Test
    void identityVerifiedByTheEdgeAuthorizerIsTakenWithoutAToken() {
        ApiRequest request = new ApiRequest("GET", "/v1/videoresult/vg_x", Map.of(), Map.of(), null, null, null,
                Map.of("sub", "edge-user", "role", "authenticated", "aud", "authenticated"));

        assertThat(withJwksAndSecret().authenticate(request)).isEqualTo(new Caller("edge-user", "authenticated"));
        assertThat(JWKS_REQUESTS).as("nothing to verify again").hasValue(0);
    }

    @Test
    void settingsNeedAKeySourceAndALongEnoughSecret() {
        assertThatThrownBy(() -> new JwtAuthenticator.Settings(null, " ", null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_JWKS_URL or JWT_SECRET");
        assertThatThrownBy(() -> new JwtAuthenticator.Settings(null, "short-secret", null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_SECRET must be at least 32 bytes");
        assertThatThrownBy(() -> new JwtAuthenticator.Settings("ftp://x/jwks", null, null, null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("JWT_JWKS_URL");
        assertThat(new JwtAuthenticator.Settings(null, SECRET, null, null).toString())
                .doesNotContain(SECRET).contains("audience=authenticated");
    }

    @Test
    void jwksIsNotFetchedBeforeTheFirstToken() {
        JwtAuthenticator.forConfig(ServiceConfig.fromEnvironment(Map.of(
                "VIDEOGEN_ENV", "dev", "AUTH_MODE", "jwt", "JWT_JWKS_URL", jwksUrl(),
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/unused", "OUTPUT_BUCKET", "bucket",
                "WEBHOOK_SECRET", "whsec")));

        assertThat(JWKS_REQUESTS).hasValue(0);
    }
}
