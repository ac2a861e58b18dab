package dev.videogen.engine.motion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A property that {@code keyframes} can animate. */
public enum MotionProperty {
    /** Left edge of the box: a percentage of the output width or pixels. */
    X(true),
    /** Top edge of the box: a percentage of the output height or pixels. */
    Y(true),
    /** Width of the box. */
    WIDTH(true),
    /** Height of the box. */
    HEIGHT(true),
    /** 0..1, multiplies the media's own alpha. */
    OPACITY(false),
    /** Scales the box about its centre, like CSS {@code transform: scale()}. */
    SCALE(false),
    /** Degrees clockwise about the box centre, like CSS {@code rotate()}. */
    ROTATION(false),
    /** Sound level of video and audio elements. */
    VOLUME(false);

    private final boolean length;

    MotionProperty(boolean length) {
        this.length = length;
    }

    /** Whether values are lengths ({@code "25%"} or pixels) rather than plain numbers. */
    public boolean length() {
        return length;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MotionProperty> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
    }
}
