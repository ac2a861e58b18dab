package dev.videogen.engine.plan;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** How values are written inside an FFmpeg filter graph. */
public final class FilterSyntax {

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/_.+-]+");

    private FilterSyntax() {
    }

    /** A path inside a filter's options: refused unless made of characters FFmpeg's graph syntax leaves alone. */
    public static String filterPath(Path path) {
        String text = path.toString();
        if (!SAFE_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException("path has characters unsafe in a filter graph: " + text);
        }
        return text;
    }

    /** A number as FFmpeg reads it: plain decimal, at most 6 places, no exponent. */
    public static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * The option that shows a filter only while its element is on screen, in absolute output time {@code t}; none
     * when that is the whole output.
     */
    public static String enableWindow(TimedElement timed, double outputDuration) {
        if (timed.start() <= 0 && timed.end() >= outputDuration) {
            return "";
        }
        return ":enable='gte(t," + number(timed.start()) + ")*lt(t," + number(timed.end()) + ")'";
    }
}
