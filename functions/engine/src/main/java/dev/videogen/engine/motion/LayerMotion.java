package dev.videogen.engine.motion;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The motion of one visual layer resolved against the frame: a track for every animatable property (keyframes as
 * requested, presets expanded to keyframes, constants for the rest), in pixels, degrees and factors over the
 * element's local time. Pure: built from the request and the frame size only.
 *
 * @param x        left edge of the box
 * @param y        top edge of the box
 * @param width    width of the box
 * @param height   height of the box
 * @param opacity  0..1
 * @param scale    factor about the box centre
 * @param rotation degrees clockwise about the box centre
 * @param wipes    progressive clips of the box, each anchored at an edge
 * @param kenBurns the Ken Burns move, or {@code null}
 * @param duration seconds the element lasts
 */
public record LayerMotion(KeyframeTrack x, KeyframeTrack y, KeyframeTrack width, KeyframeTrack height,
                          KeyframeTrack opacity, KeyframeTrack scale, KeyframeTrack rotation, List<Wipe> wipes,
                          KenBurns kenBurns, double duration) {

    /**
     * A clip of the box that keeps the part next to edge {@code from}, {@code visible} (0..1) of it.
     */
    public record Wipe(Edge from, KeyframeTrack visible) {
    }

    /**
     * The static layout of the element before any motion.
     *
     * @param x       left edge of the box, pixels
     * @param y       top edge of the box, pixels
     * @param width   box width, pixels
     * @param height  box height, pixels
     * @param opacity the element's {@code opacity}
     */
    public record StaticBox(double x, double y, double width, double height, double opacity) {
    }

    /**
     * Resolves {@code motion} for an element with the static layout {@code box} on a
     * {@code frameWidth × frameHeight} frame, lasting {@code duration} seconds.
     */
    public static LayerMotion resolve(Motion motion, StaticBox box, int frameWidth, int frameHeight, double duration) {
        Map<MotionProperty, KeyframeTrack> tracks = new EnumMap<>(MotionProperty.class);
        motion.keyframes().forEach((property, keyframes) -> {
            int total = property == MotionProperty.X || property == MotionProperty.WIDTH ? frameWidth : frameHeight;
            List<Keyframe> resolved = new ArrayList<>();
            for (Motion.RequestedKeyframe k : keyframes) {
                resolved.add(new Keyframe(k.time(), k.resolve(total), k.easing()));
            }
            tracks.put(property, new KeyframeTrack(resolved));
        });

        Map<MotionProperty, List<Keyframe>> startParts = new EnumMap<>(MotionProperty.class);
        Map<MotionProperty, List<Keyframe>> endParts = new EnumMap<>(MotionProperty.class);
        Map<Edge, List<Keyframe>> wipeStart = new EnumMap<>(Edge.class);
        Map<Edge, List<Keyframe>> wipeEnd = new EnumMap<>(Edge.class);
        for (Animation animation : motion.animations()) {
            double d = Math.min(animation.duration(), duration);
            Easing e = animation.easing();
            Map<MotionProperty, List<Keyframe>> parts = animation.atStart() ? startParts : endParts;
            switch (animation.type()) {
                case FADE -> parts.put(MotionProperty.OPACITY, move(animation.atStart(), 0, box.opacity(), d, duration, e));
                case ZOOM -> parts.put(MotionProperty.SCALE, move(animation.atStart(), 0, 1, d, duration, e));
                case SPIN -> {
                    parts.put(MotionProperty.ROTATION, move(animation.atStart(), -360, 0, d, duration, e));
                    parts.put(MotionProperty.SCALE, move(animation.atStart(), 0, 1, d, duration, e));
                }
                case SLIDE -> {
                    Edge from = animation.from();
                    MotionProperty property = from.horizontal() ? MotionProperty.X : MotionProperty.Y;
                    double target = from.horizontal() ? box.x() : box.y();
                    double outside = switch (from) {
                        case LEFT -> -box.width();
                        case RIGHT -> frameWidth;
                        case TOP -> -box.height();
                        case BOTTOM -> frameHeight;
                    };
                    parts.put(property, move(animation.atStart(), outside, target, d, duration, e));
                }
                case WIPE -> (animation.atStart() ? wipeStart : wipeEnd)
                        .put(animation.from(), move(animation.atStart(), 0, 1, d, duration, e));
            }
        }
        for (MotionProperty property : MotionProperty.values()) {
            List<Keyframe> merged = merge(startParts.get(property), endParts.get(property));
            if (merged != null) {
                tracks.put(property, new KeyframeTrack(merged));
            }
        }
        List<Wipe> wipes = new ArrayList<>();
        for (Edge edge : Edge.values()) {
            List<Keyframe> merged = merge(wipeStart.get(edge), wipeEnd.get(edge));
            if (merged != null) {
                wipes.add(new Wipe(edge, new KeyframeTrack(merged)));
            }
        }
        return new LayerMotion(
                tracks.getOrDefault(MotionProperty.X, KeyframeTrack.constant(box.x())),
                tracks.getOrDefault(MotionProperty.Y, KeyframeTrack.constant(box.y())),
                tracks.getOrDefault(MotionProperty.WIDTH, KeyframeTrack.constant(box.width())),
                tracks.getOrDefault(MotionProperty.HEIGHT, KeyframeTrack.constant(box.height())),
                tracks.getOrDefault(MotionProperty.OPACITY, KeyframeTrack.constant(box.opacity())),
                tracks.getOrDefault(MotionProperty.SCALE, KeyframeTrack.constant(1)),
                tracks.getOrDefault(MotionProperty.ROTATION, KeyframeTrack.constant(0)),
                wipes, motion.kenBurns(), duration);
    }

    /**
     * A preset's move: at the start from {@code away} to {@code rest} over the first {@code d} seconds, at the end
     * from {@code rest} to {@code away} over the last {@code d} seconds.
     */
    private static List<Keyframe> move(boolean atStart, double away, double rest, double d, double duration,
                                       Easing easing) {
        if (atStart) {
            return List.of(new Keyframe(0, away, easing), new Keyframe(d, rest, Easing.LINEAR));
        }
        return List.of(new Keyframe(duration - d, rest, easing), new Keyframe(duration, away, Easing.LINEAR));
    }

    /** A start move and an end move of one property as one track; the end waits for the start to finish. */
    private static List<Keyframe> merge(List<Keyframe> start, List<Keyframe> end) {
        if (start == null) {
            return end;
        }
        if (end == null) {
            return start;
        }
        double startDone = start.get(start.size() - 1).time();
        Keyframe endFrom = end.get(0);
        Keyframe endTo = end.get(1);
        double endBegins = Math.max(startDone, endFrom.time());
        List<Keyframe> merged = new ArrayList<>(start);
        if (endBegins > startDone) {
            merged.set(merged.size() - 1, new Keyframe(startDone, merged.get(merged.size() - 1).value(), Easing.LINEAR));
            merged.add(new Keyframe(endBegins, endFrom.value(), endFrom.easing()));
        } else {
            merged.set(merged.size() - 1, new Keyframe(startDone, merged.get(merged.size() - 1).value(),
                    endFrom.easing()));
        }
        merged.add(new Keyframe(Math.max(endTo.time(), endBegins), endTo.value(), Easing.LINEAR));
        return merged;
    }

    /** Whether the box moves, resizes or scales over time. */
    public boolean geometryChanges() {
        return !x.constant() || !y.constant() || sizeChanges();
    }

    /** Whether the picture's size changes over time. */
    public boolean sizeChanges() {
        return !width.constant() || !height.constant() || !scale.constant();
    }

    /** Whether the picture is turned at some time. */
    public boolean rotates() {
        return !rotation.constant() || rotation.first() != 0;
    }

    /** Whether the static layout would draw this layer exactly: nothing moves, fades, turns or is clipped. */
    public boolean still() {
        return !geometryChanges() && !rotates() && opacity.constant() && wipes.isEmpty() && kenBurns == null
                && scale.first() == 1;
    }
}
