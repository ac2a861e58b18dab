package dev.videogen.engine.motion;

import java.util.Locale;

/** Numbers written inside FFmpeg expressions: plain decimals, enough places for sub-pixel and sub-level accuracy. */
final class Expressions {

    private Expressions() {
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.9f", value);
        text = text.replaceAll("0+$", "");
        text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return value < 0 ? "(" + text + ")" : text;
    }
}
