package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;

/** Horizontal alignment of each text line inside its box. */
public enum TextAlign {
    LEFT, CENTER, RIGHT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TextAlign> fromWireName(String name) {
        for (TextAlign align : values()) {
            if (align.wireName().equals(name)) {
                return Optional.of(align);
            }
        }
        return Optional.empty();
    }
}
