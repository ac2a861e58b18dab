package dev.videogen.aws;

import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.auth.ApiKeyAuthenticator;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.auth.JwtAuthenticator;
import dev.videogen.jobs.db.Database;

/**
 * The authenticator the configured {@code AUTH_MODE} asks for: none (the local stack only; {@link ServiceConfig}
 * refuses it elsewhere), Supabase JWTs verified in the function, or hashed API keys in {@code api_keys}.
 */
public final class Authentication {

    private Authentication() {
    }

    /** Opens nothing: JWKS and database are first used by the first request. */
    public static Authenticator forConfig(ServiceConfig config, Database database) {
        return switch (config.authMode()) {
            case NONE -> Authenticator.NONE;
            case JWT -> JwtAuthenticator.forConfig(config);
            case API_KEY -> new ApiKeyAuthenticator(new ApiKeys(database));
        };
    }
}
