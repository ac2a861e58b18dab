package dev.videogen.jobs;

import java.util.Locale;

/** How the api function authenticates callers. */
public enum AuthMode {
    /** Nobody is asked who they are: only for the local stack. */
    NONE,
    /** {@code Authorization: Bearer <Supabase JWT>}, verified against a JWKS or an HS256 secret. */
    JWT,
    /** {@code x-api-key}, checked against the hashed keys in {@code api_keys}. */
    API_KEY;

    public static AuthMode parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
