package dev.videogen.infra;

import java.net.URI;

/**
 * What it takes to trust a Supabase project's tokens. Supabase issues tokens with
 * {@code iss = <project URL>/auth/v1} and {@code aud = authenticated}, and publishes its
 * asymmetric signing keys (ES256, RS256) at {@code /auth/v1/.well-known/jwks.json}. The api
 * function gets all three ({@code JWT_ISSUER}, {@code JWT_AUDIENCE}, {@code JWT_JWKS_URL}) and
 * verifies tokens itself; API Gateway's JWT authorizer, which verifies RS256 only, uses the
 * issuer and audience when an environment switches it on.
 */
public record SupabaseJwt(String issuer, String audience, String jwksUrl) {

    public SupabaseJwt {
        requireHttps("issuer", issuer);
        requireHttps("jwksUrl", jwksUrl);
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience is required");
        }
    }

    /** The settings of the Supabase project at {@code projectUrl}, e.g. https://abcd.supabase.co. */
    public static SupabaseJwt forProject(String projectUrl, String audience) {
        requireHttps("supabaseUrl", projectUrl);
        String base = projectUrl.endsWith("/") ? projectUrl.substring(0, projectUrl.length() - 1) : projectUrl;
        String issuer = base + "/auth/v1";
        return new SupabaseJwt(issuer, audience, issuer + "/.well-known/jwks.json");
    }

    private static void requireHttps(String field, String value) {
        URI uri;
        try {
            uri = URI.create(value == null ? "" : value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a URL: " + value, e);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(field + " must be an https URL, was " + value);
        }
    }
}
