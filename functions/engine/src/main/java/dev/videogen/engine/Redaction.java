package dev.videogen.engine;

import java.net.URI;

/** Keeps secrets out of messages: URLs are shown without their query, fragment or credentials. */
public final class Redaction {

    private Redaction() {
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
