package dev.videogen.engine.motion;

/**
 * A value a property has at a time.
 *
 * @param time   seconds from the element's start
 * @param value  the value, in the property's unit (pixels for the box, degrees for rotation, a factor otherwise)
 * @param easing how the value travels from here to the next keyframe
 */
public record Keyframe(double time, double value, Easing easing) {
}
