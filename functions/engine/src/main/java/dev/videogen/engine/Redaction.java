package dev.videogen.engine;

import java.net.URI;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of messages and logs: URLs are shown without their query, fragment or credentials, and failures
 * as one line without a stack trace.
 */
public final class Redaction {

    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s\"'<>]+");
    private static final int MAX_CAUSES = 5;

    private Redaction() {
    }

    /**
     * A failure for a log line: each exception of the cause chain as {@code Type: message}, joined by {@code <-},
     * then where the innermost one was thrown; URLs in the messages lose their query strings (presigned signatures,
     * tokens) and credentials. Never a stack trace.
     */
    public static String failure(Throwable failure) {
        if (failure == null) {
            return "(no failure)";
        }
        StringBuilder line = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable innermost = failure;
        for (Throwable current = failure; current != null && !seen.containsKey(current) && seen.size() < MAX_CAUSES;
             current = current.getCause()) {
            seen.put(current, Boolean.TRUE);
            innermost = current;
            if (!line.isEmpty()) {
                line.append(" <- ");
            }
            line.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                line.append(": ").append(urlsIn(current.getMessage()));
            }
        }
        StackTraceElement[] frames = innermost.getStackTrace();
        if (frames.length > 0) {
            line.append(" (at ").append(frames[0].getClassName()).append('.').append(frames[0].getMethodName());
            if (frames[0].getLineNumber() > 0) {
                line.append(':').append(frames[0].getLineNumber());
            }
            line.append(')');
        }
        return line.toString();
    }

    /** {@code text} with every URL in it passed through {@link #url(String)}. */
    public static String urlsIn(String text) {
        Matcher matcher = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(url(matcher.group())));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code https://host/path} of a URL, or a short placeholder when it does not parse. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                int cut = indexOfAny(url, '?', '#');
                return cut >= 0 ? url.substring(0, cut) : url;
            }
            StringBuilder out = new StringBuilder(uri.getScheme()).append("://").append(uri.getHost());
            if (uri.getPort() >= 0) {
                out.append(':').append(uri.getPort());
            }
            if (uri.getRawPath() != null) {
                out.append(uri.getRawPath());
            }
            return out.toString();
        } catch (java.net.URISyntaxException e) {
            return "(unparseable URL)";
        }
    }

    private static int indexOfAny(String text, char... characters) {
        int first = -1;
        for (char c : characters) {
            int at = text.indexOf(c);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }
}
