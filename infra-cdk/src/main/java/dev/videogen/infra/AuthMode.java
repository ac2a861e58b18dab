package dev.videogen.infra;

/**
 * How a deployed environment authenticates callers of the protected routes. There is
 * deliberately no "none": every deployed environment authenticates.
 */
public enum AuthMode {
    /** API Gateway's JWT authorizer checks Supabase-issued RS256 tokens against the project's JWKS. */
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
