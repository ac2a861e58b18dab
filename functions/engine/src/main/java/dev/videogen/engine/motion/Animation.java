package dev.videogen.engine.motion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A preset that expands to keyframes over the first ({@code at start}) or last ({@code at end}) {@code duration}
 * seconds of an element.
 *
 * @param type     what moves
 * @param atStart  true for {@code "at": "start"} (comes in), false for {@code "end"} (goes out)
 * @param duration seconds
 * @param easing   the easing of the move
 * @param from     the edge a slide enters from or a wipe starts at
 */
public record Animation(Type type, boolean atStart, double duration, Easing easing, Edge from) {

    /** Default length of a preset, in seconds. */
    public static final double DEFAULT_DURATION = 0.5;

    /** The kinds of preset. */
    public enum Type {
        FADE(Set.of(MotionProperty.OPACITY)),
        SLIDE(Set.of(MotionProperty.X, MotionProperty.Y)),
        ZOOM(Set.of(MotionProperty.SCALE)),
        WIPE(Set.of()),
        SPIN(Set.of(MotionProperty.ROTATION, MotionProperty.SCALE));

        private final Set<MotionProperty> properties;

        Type(Set<MotionProperty> properties) {
            this.properties = properties;
        }

        /** The properties the preset animates (a slide only one of x and y, by its edge). */
        public Set<MotionProperty> properties(Edge from) {
            if (this == SLIDE) {
                return Set.of(from.horizontal() ? MotionProperty.X : MotionProperty.Y);
            }
            return properties;
        }

        /** Whether {@code from} applies. */
        public boolean hasEdge() {
            return this == SLIDE || this == WIPE;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> fromWireName(String name) {
            return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
        }
    }

    public static Easing defaultEasing(boolean atStart) {
        return atStart ? Easing.EASE_OUT : Easing.EASE_IN;
    }
}
