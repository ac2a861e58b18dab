package dev.videogen.engine.motion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An edge of the frame (slide) or of the box (wipe). */
public enum Edge {
    LEFT, RIGHT, TOP, BOTTOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean horizontal() {
        return this == LEFT || this == RIGHT;
    }

    public static Optional<Edge> fromWireName(String name) {
        return Arrays.stream(values()).filter(e -> e.wireName().equals(name)).findFirst();
    }
}
