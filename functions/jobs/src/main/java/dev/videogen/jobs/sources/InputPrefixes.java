package dev.videogen.jobs.sources;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which objects of the service's bucket a caller may name as {@code s3://} sources: those under its own
 * {@code inputs/<owner>/} prefix, plus the operator's shared prefix (the public examples, {@code examples/} by
 * default). Uploads are stored under the same prefix ({@link #ownerPrefix}), so a caller can use what it uploaded and
 * nothing another owner uploaded, nor any result.
 *
 * <p>A caller without an owner (authentication off, the local stack's single user) may name anything under
 * {@code inputs/}; its uploads go to {@code inputs/anonymous/}.
 */
public final class InputPrefixes {

    /** Where every caller's inputs live. */
    public static final String INPUTS = "inputs/";
    /** The owner segment of uploads made without authentication. */
    public static final String ANONYMOUS = "anonymous";
    /** The shared prefix unless the operator sets another: the public example media. */
    public static final String DEFAULT_SHARED_PREFIX = "examples/";

    private final String sharedPrefix;

    /** @param sharedPrefix readable by every caller; {@code null} for none. Must end with '/', outside {@code inputs/} */
    public InputPrefixes(String sharedPrefix) {
        if (sharedPrefix != null && (sharedPrefix.isEmpty() || !sharedPrefix.endsWith("/")
                || sharedPrefix.startsWith(INPUTS) || INPUTS.startsWith(sharedPrefix))) {
            throw new IllegalArgumentException("the shared input prefix must end with '/' and lie outside "
                    + INPUTS + ", was '" + sharedPrefix + "'");
        }
        this.sharedPrefix = sharedPrefix;
    }

    /** The shared prefix, or {@code null} when there is none. */
    public String sharedPrefix() {
        return sharedPrefix;
    }

    /**
     * The prefix of {@code owner}'s inputs: {@code inputs/<owner>/}, the owner id written so that it is always exactly
     * one key segment ({@code A-Z a-z 0-9 - _} kept, everything else, '.' included, as {@code %XX} of its UTF-8
     * bytes); {@code inputs/anonymous/} for {@code null}.
     */
    public static String ownerPrefix(String owner) {
        if (owner == null) {
            return INPUTS + ANONYMOUS + "/";
        }
        StringBuilder segment = new StringBuilder(INPUTS);
        for (byte b : owner.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                segment.append((char) c);
            } else {
                segment.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return segment.append('/').toString();
    }

    /** The prefixes {@code owner} may read ({@code null}: a caller without authentication). */
    public List<String> readableBy(String owner) {
        List<String> prefixes = new ArrayList<>(2);
        prefixes.add(owner == null ? INPUTS : ownerPrefix(owner));
        if (sharedPrefix != null) {
            prefixes.add(sharedPrefix);
        }
        return prefixes;
    }

    /** Why {@code owner} may not read {@code key}, or empty when it may. */
    public Optional<String> refusal(String owner, String key) {
        List<String> readable = readableBy(owner);
        for (String prefix : readable) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return Optional.empty();
            }
        }
        return Optional.of("must be one of your own inputs (under " + String.join(" or ", readable)
                + " of the service's bucket)");
    }
}
