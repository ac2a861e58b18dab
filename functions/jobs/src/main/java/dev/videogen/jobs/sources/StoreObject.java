package dev.videogen.jobs.sources;

import java.util.Optional;

/** An object named by an {@code s3://bucket/key} source. */
public record StoreObject(String bucket, String key) {

    private static final String SCHEME = "s3://";

    /** The object {@code source} names, or empty when it is not an {@code s3://bucket/key} URI (any case of scheme). */
    public static Optional<StoreObject> parse(String source) {
        if (source == null || !source.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String rest = source.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new StoreObject(rest.substring(0, slash), rest.substring(slash + 1)));
    }
}
