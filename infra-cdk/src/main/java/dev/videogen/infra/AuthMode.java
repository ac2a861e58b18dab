package dev.videogen.infra;

/**
 * How a deployed environment authenticates callers of the protected routes. There is
 * deliberately no "none": every deployed environment authenticates.
 */
public enum AuthMode {
    /**
     * The api function verifies Supabase-issued tokens (HS256 with the project's secret, ES256 and RS256
     * against its JWKS); API Gateway's RS256-only JWT authorizer can be put in front as well.
     */
    JWT("jwt"),
    /** A Lambda authorizer looks up the hashed API key in Postgres. */
    API_KEY("api_key");

    private final String environmentValue;

    AuthMode(String environmentValue) {
        this.environmentValue = environmentValue;
    }

    /** The value of the functions' AUTH_MODE variable. */
    public String environmentValue() {
        return environmentValue;
    }
}
