package dev.videogen.engine.model;

import java.util.Locale;
import java.util.Optional;

/** How media is fitted into its box, with CSS {@code object-fit} semantics. */
public enum FitMode {
    /** {@link #COVER} when the box is the whole frame, else {@link #CONTAIN}. */
    AUTO,
    /** Whole media inside the box, aspect kept, centred; the rest of the box stays transparent. */
    CONTAIN,
    /** Box filled, aspect kept, the overflow cropped around the centre. */
    COVER,
    /** Stretched to the box exactly. */
    FILL,
    /** Alias of {@link #FILL}. */
    STRETCH;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FitMode> fromWireName(String name) {
        for (FitMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
