package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;

/** Vertical position of a text block inside its box. */
public enum VerticalAlign {
    TOP, MIDDLE, BOTTOM;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VerticalAlign> fromWireName(String name) {
        for (VerticalAlign align : values()) {
            if (align.wireName().equals(name)) {
                return Optional.of(align);
            }
        }
        return Optional.empty();
    }
}
