package dev.videogen.jobs.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.videogen.jobs.ConfigException;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.api.Caller;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates {@code Authorization: Bearer <JWT>} with Supabase-issued tokens, verified inside the function:
 * HS256 with the project's JWT secret ({@code JWT_SECRET}), ES256 and RS256 with the keys published at
 * {@code JWT_JWKS_URL}. Each algorithm is accepted only with the key material configured for it, so an HS256 token
 * is never checked against a published public key (the algorithm-confusion attack) and {@code alg: none} is refused.
 * The claims checked: {@code exp} (required) and {@code nbf} with {@value #CLOCK_SKEW_SECONDS} s of clock skew,
 * {@code iss} when {@code JWT_ISSUER} is set, {@code aud} containing {@code JWT_AUDIENCE} (default
 * {@code authenticated}), and a non-empty {@code sub}, which becomes the caller's identity and so the owner of the
 * jobs it creates; the {@code role} claim becomes the caller's role ({@code authenticated} when absent).
 *
 * <p>When API Gateway's JWT authorizer has already verified the token ({@link ApiRequest#verifiedIdentity()} holds
 * its {@code sub}), those claims are taken as they are.
 *
 * <p>Every refusal is a 401 whose message says what was wrong with the token, never the token itself.
 */
public final class JwtAuthenticator implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    static final long CLOCK_SKEW_SECONDS = 30;
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(CLOCK_SKEW_SECONDS);
    /** HS256 needs a key of at least 256 bits (RFC 7518 section 3.2). */
    private static final int MIN_SECRET_BYTES = 32;

    /**
     * What a token must satisfy.
     *
     * @param jwksUrl    {@code JWT_JWKS_URL}: where ES256/RS256 keys are published, or {@code null}
     * @param hmacSecret {@code JWT_SECRET}: the HS256 key (used as its UTF-8 bytes, as Supabase does), or {@code null}
     * @param issuer     {@code JWT_ISSUER}: the required {@code iss}, or {@code null} to accept any
     * @param audience   {@code JWT_AUDIENCE}: a value {@code aud} must contain ({@code authenticated} when null)
     */
    public record Settings(String jwksUrl, String hmacSecret, String issuer, String audience) {

        public Settings {
            jwksUrl = blankToNull(jwksUrl);
            hmacSecret = blankToNull(hmacSecret);
            issuer = blankToNull(issuer);
            audience = blankToNull(audience) == null ? "authenticated" : audience.trim();
            if (jwksUrl == null && hmacSecret == null) {
                throw new ConfigException("AUTH_MODE=jwt needs JWT_JWKS_URL or JWT_SECRET");
            }
            if (jwksUrl != null && !jwksUrl.startsWith("https://") && !jwksUrl.startsWith("http://")) {
                throw new ConfigException("JWT_JWKS_URL must be an http(s) URL");
            }
            if (hmacSecret != null && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
                throw new ConfigException("JWT_SECRET must be at least " + MIN_SECRET_BYTES
                        + " bytes long: HS256 needs a 256-bit key");
            }
        }

        /** The JWT settings of the service's configuration. */
        public static Settings from(ServiceConfig config) {
            return new Settings(config.jwtJwksUrl(), config.jwtSecret(), config.jwtIssuer(), config.jwtAudience());
        }

        @Override
        public String toString() {
            return "Settings[jwksUrl=" + jwksUrl + ", hmacSecret=" + (hmacSecret == null ? "none" : "(hidden)")
                    + ", issuer=" + issuer + ", audience=" + audience + "]";
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.trim();
        }
    }

    private final Settings settings;
    private final JwksKeySet publishedKeys;
    private final JWSVerifier hmacVerifier;
    private final Clock clock;

    /** Verifies tokens with the configured secret and JWKS (fetched on first use, not here). */
    public JwtAuthenticator(Settings settings) {
        this(settings, settings.jwksUrl() == null ? null : JwksKeySet.forUrl(settings.jwksUrl()), Clock.systemUTC());
    }

    JwtAuthenticator(Settings settings, JwksKeySet publishedKeys, Clock clock) {
        this.settings = settings;
        this.publishedKeys = publishedKeys;
        this.clock = clock;
        try {
            this.hmacVerifier = settings.hmacSecret() == null ? null
                    : new MACVerifier(settings.hmacSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new ConfigException("JWT_SECRET cannot be used as an HS256 key: " + e.getMessage());
        }
    }

    /** Builds the authenticator for {@code AUTH_MODE=jwt}. */
    public static JwtAuthenticator forConfig(ServiceConfig config) {
        return new JwtAuthenticator(Settings.from(config));
    }

    @Override
    public Caller authenticate(ApiRequest request) {
        String verifiedSubject = request.verifiedIdentity().get("sub");
        if (verifiedSubject != null && !verifiedSubject.isBlank()) {
            return new Caller(verifiedSubject, roleOrDefault(request.verifiedIdentity().get("role")));
        }
        String token = BearerTokens.from(request);
        if (token == null) {
            throw refused("missing credentials: send Authorization: Bearer <access token>");
        }
        if (token.length() > BearerTokens.MAX_LENGTH) {
            throw refused("the bearer token is too long to be a JWT this service accepts");
        }
        SignedJWT jwt = parse(token);
        verifySignature(jwt);
        JWTClaimsSet claims = claims(jwt);
        checkClaims(claims);
        Object role = claims.getClaim("role");
        return new Caller(claims.getSubject(), roleOrDefault(role instanceof String text ? text : null));
    }

    private static SignedJWT parse(String token) {
        JWT parsed;
        try {
            parsed = JWTParser.parse(token);
        } catch (ParseException e) {
            throw refused("the bearer token is not a well-formed JWT");
        }
        if (!(parsed instanceof SignedJWT signed)) {
            throw refused("the bearer token is not signed (alg none and encrypted tokens are not accepted)");
        }
        return signed;
    }

    private void verifySignature(SignedJWT jwt) {
        JWSHeader header = jwt.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        boolean verified;
        try {
            if (JWSAlgorithm.HS256.equals(algorithm)) {
                if (hmacVerifier == null) {
                    throw refused("HS256 tokens are not accepted: this service is configured with published keys");
                }
                verified = jwt.verify(hmacVerifier);
            } else if (JWSAlgorithm.RS256.equals(algorithm) || JWSAlgorithm.ES256.equals(algorithm)) {
                verified = verifyWithPublishedKeys(jwt, header);
            } else {
                throw refused("tokens signed with " + algorithm + " are not accepted (HS256, ES256 or RS256)");
            }
        } catch (JOSEException e) {
            throw refused("the token's signature cannot be checked");
        }
        if (!verified) {
            throw refused("the token's signature does not verify");
        }
    }

    private boolean verifyWithPublishedKeys(SignedJWT jwt, JWSHeader header) throws JOSEException {
        if (publishedKeys == null) {
            throw refused(header.getAlgorithm() + " tokens are not accepted: no JWKS is configured (JWT_JWKS_URL)");
        }
        List<JWK> candidates;
        try {
            candidates = publishedKeys.find(signingKeysFor(header));
        } catch (JwksKeySet.KeysUnavailableException e) {
            LOG.warn("a token could not be checked: {}", e.getMessage());
            throw refused("the token cannot be checked now: the issuer's signing keys are unreachable; retry shortly");
        }
        if (candidates.isEmpty()) {
            throw refused("the token's signing key is not among the issuer's published keys");
        }
        for (JWK key : candidates) {
            JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
            if (jwt.verify(verifier)) {
                return true;
            }
        }
        return false;
    }

    /** Published keys that may have made this signature: same key id (when the token names one), type and curve. */
    private static Predicate<JWK> signingKeysFor(JWSHeader header) {
        JWSAlgorithm algorithm = header.getAlgorithm();
        String keyId = header.getKeyID();
        return key -> (keyId == null || keyId.equals(key.getKeyID()))
                && (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse()))
                && (key.getAlgorithm() == null || key.getAlgorithm().equals(algorithm))
                && (JWSAlgorithm.RS256.equals(algorithm) ? key instanceof RSAKey
                        : key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()));
    }

    private static JWTClaimsSet claims(SignedJWT jwt) {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw refused("the token's claims are not a JSON object");
        }
    }

    private void checkClaims(JWTClaimsSet claims) {
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw refused("the token has no expiry (exp)");
        }
        if (now.isAfter(expires.toInstant().plus(CLOCK_SKEW))) {
            throw refused("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(CLOCK_SKEW))) {
            throw refused("the token is not valid yet (nbf)");
        }
        if (settings.issuer() != null && !settings.issuer().equals(claims.getIssuer())) {
            throw refused("the token was not issued by the trusted issuer");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.audience())) {
            throw refused("the token is not meant for this service (aud must include " + settings.audience() + ")");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw refused("the token names no subject (sub)");
        }
    }

    private static String roleOrDefault(String role) {
        return role == null || role.isBlank() ? "authenticated" : role;
    }

    private static AuthenticationException refused(String message) {
        return new AuthenticationException(401, message);
    }

    /** The audience and issuer required, for start-up logs. */
    @Override
    public String toString() {
        return "JwtAuthenticator" + settings;
    }
}
