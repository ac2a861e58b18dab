package dev.videogen.engine.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.validation.RequestParser.SourcePolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Which {@code source} values an element may name, under a {@link SourcePolicy}. */
final class SourceRules {

    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+");

    private final SourcePolicy sourcePolicy;

    SourceRules(SourcePolicy sourcePolicy) {
        this.sourcePolicy = sourcePolicy;
    }

    /** The source as given, or {@code null} with a problem recorded against {@code field}. */
    String source(JsonNode node, String field, Problems problems) {
        if (node == null || node.isNull()) {
            problems.add(field, "is required: " + acceptedSources());
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(field, "must be a URL string");
            return null;
        }
        String value = node.asText();
        if (value.length() > Limits.MAX_SOURCE_LENGTH) {
            problems.add(field, "must be at most " + Limits.MAX_SOURCE_LENGTH + " characters");
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            if (!S3_URI.matcher(value).matches()) {
                problems.add(field, "must look like s3://bucket/key");
                return null;
            }
            return value;
        }
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI uri = new URI(value);
                if (uri.getHost() == null || uri.getHost().isBlank()) {
                    problems.add(field, "must be a URL with a host");
                    return null;
                }
                if (uri.getUserInfo() != null) {
                    problems.add(field, "must not carry credentials in the URL");
                    return null;
                }
                return value;
            } catch (URISyntaxException e) {
                problems.add(field, "is not a valid URL: " + e.getReason());
                return null;
            }
        }
        if (sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES && !lower.matches("^[a-z][a-z0-9+.-]*://.*")) {
            return value;
        }
        if (sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES && lower.startsWith("file://")) {
            return value;
        }
        problems.add(field, "must be " + acceptedSources());
        return null;
    }

    private String acceptedSources() {
        return sourcePolicy == SourcePolicy.REMOTE_AND_LOCAL_FILES
                ? "a local path, a file: URI, an https:// or http:// URL, or s3://bucket/key"
                : "an https:// or http:// URL, or s3://bucket/key";
    }
}
