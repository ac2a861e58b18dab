package dev.videogen.jobs.templates;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The type of a template variable, and what a value of it must look like. */
public enum VariableType {
    STRING,
    NUMBER,
    /** An http(s) URL or an {@code s3://} object: where a source may come from. */
    URL,
    /** {@code #RRGGBB} or {@code #RRGGBBAA}. */
    COLOR;

    private static final Pattern COLOR_VALUE = Pattern.compile("#[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?");

    /** The name used in requests: {@code string}, {@code number}, {@code url}, {@code color}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VariableType> fromWireName(String name) {
        for (VariableType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** Why {@code value} is not a value of this type, or empty when it is. */
    public Optional<String> problem(JsonNode value) {
        return switch (this) {
            case STRING -> value.isTextual() ? Optional.empty() : Optional.of("must be a string");
            case NUMBER -> value.isNumber() && Double.isFinite(value.doubleValue()) ? Optional.empty()
                    : Optional.of("must be a number");
            case COLOR -> value.isTextual() && COLOR_VALUE.matcher(value.textValue()).matches() ? Optional.empty()
                    : Optional.of("must be a colour like \"#RRGGBB\" or \"#RRGGBBAA\"");
            case URL -> value.isTextual() ? urlProblem(value.textValue())
                    : Optional.of("must be a URL string (https://…, http://… or s3://bucket/key)");
        };
    }

    private static Optional<String> urlProblem(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https") || scheme.equals("s3")) && uri.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        return Optional.of("must be an absolute https://, http:// or s3://bucket/key URL");
    }
}
