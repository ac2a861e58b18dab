package dev.videogen.jobs.auth;

import dev.videogen.jobs.api.ApiRequest;
import java.util.Locale;

/** Reads the credential of an {@code Authorization: Bearer <credential>} header. */
final class BearerTokens {

    /** Longer than any JWT or API key this service accepts; refused before any parsing. */
    static final int MAX_LENGTH = 16 * 1024;

    private BearerTokens() {
    }

    /** The credential after {@code Bearer }, or {@code null} when the header is absent or of another scheme. */
    static String from(ApiRequest request) {
        String header = request.header("Authorization");
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String credential = trimmed.substring(7).trim();
        return credential.isEmpty() ? null : credential;
    }
}
