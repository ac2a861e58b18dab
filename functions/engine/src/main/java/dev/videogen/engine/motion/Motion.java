package dev.videogen.engine.motion;

import java.util.List;
import java.util.Map;

/**
 * Everything that moves in one element, as requested.
 *
 * @param keyframes  per property, its keyframes in time order
 * @param animations presets, in request order
 * @param kenBurns   the Ken Burns move, or {@code null}
 * @param transition how the element comes in over the one before it on its track, or {@code null}
 * @param fadeIn     seconds of a linear volume ramp at the start of the element's sound
 * @param fadeOut    seconds of a linear volume ramp at its end
 */
public record Motion(Map<MotionProperty, List<RequestedKeyframe>> keyframes, List<Animation> animations,
                     KenBurns kenBurns, Transition transition, double fadeIn, double fadeOut) {

    /** No motion: the element renders exactly as a still v1 layer. */
    public static final Motion NONE = new Motion(Map.of(), List.of(), null, null, 0, 0);

    public Motion {
        keyframes = Map.copyOf(keyframes);
        animations = List.copyOf(animations);
    }

    /**
     * A keyframe as requested: lengths keep their unit until the frame size resolves them.
     *
     * @param time    seconds from the element's start
     * @param value   the number given (percent when {@code percent})
     * @param percent whether {@code value} is a percentage of an output dimension
     * @param easing  the easing towards the next keyframe
     */
    public record RequestedKeyframe(double time, double value, boolean percent, Easing easing) {

        /** The value in the property's unit, against a dimension of {@code total} pixels for percentages. */
        public double resolve(int total) {
            return percent ? value * total / 100.0 : value;
        }
    }

    /** Whether the picture moves or changes over time (keyframes other than volume, presets, Ken Burns). */
    public boolean movesPicture() {
        return !animations.isEmpty() || kenBurns != null
                || keyframes.keySet().stream().anyMatch(p -> p != MotionProperty.VOLUME);
    }

    /** Whether the sound's level changes over time. */
    public boolean shapesSound() {
        return keyframes.containsKey(MotionProperty.VOLUME) || fadeIn > 0 || fadeOut > 0;
    }
}
