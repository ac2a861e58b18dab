package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** An sRGB colour with alpha, parsed from {@code #RRGGBB} or {@code #RRGGBBAA}. */
public record Rgba(int red, int green, int blue, int alpha) {

    private static final Pattern RGB = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final Pattern RGBA = Pattern.compile("#[0-9a-fA-F]{8}");

    public static final Rgba BLACK = new Rgba(0, 0, 0, 255);
    public static final Rgba WHITE = new Rgba(255, 255, 255, 255);
    public static final Rgba TRANSPARENT = new Rgba(0, 0, 0, 0);

    public Rgba {
        check(red, "red");
        check(green, "green");
        check(blue, "blue");
        check(alpha, "alpha");
    }

    private static void check(int channel, String name) {
        if (channel < 0 || channel > 255) {
            throw new IllegalArgumentException(name + " must be 0..255, was " + channel);
        }
    }

    /** Parses {@code #RRGGBB} only. */
    public static Optional<Rgba> parseRgb(String text) {
        if (text == null || !RGB.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(fromHex(text.substring(1) + "ff"));
    }

    /** Parses {@code #RRGGBB} or {@code #RRGGBBAA}. */
    public static Optional<Rgba> parseRgbOrRgba(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (RGB.matcher(text).matches()) {
            return parseRgb(text);
        }
        if (RGBA.matcher(text).matches()) {
            return Optional.of(fromHex(text.substring(1)));
        }
        return Optional.empty();
    }

    private static Rgba fromHex(String eightHexDigits) {
        long value = Long.parseLong(eightHexDigits, 16);
        return new Rgba((int) (value >> 24) & 0xff, (int) (value >> 16) & 0xff, (int) (value >> 8) & 0xff, (int) value & 0xff);
    }

    /** This colour with its alpha multiplied by {@code factor} (0..1). */
    public Rgba withOpacity(double factor) {
        return new Rgba(red, green, blue, (int) Math.round(alpha * Math.max(0, Math.min(1, factor))));
    }

    public boolean opaque() {
        return alpha == 255;
    }

    /** FFmpeg's colour syntax, {@code 0xRRGGBBAA}. */
    public String ffmpegColor() {
        return String.format(Locale.ROOT, "0x%02x%02x%02x%02x", red, green, blue, alpha);
    }

    public String hexRgb() {
        return String.format(Locale.ROOT, "#%02X%02X%02X", red, green, blue);
    }
}
