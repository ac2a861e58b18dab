package dev.videogen.engine.motion;

import java.util.List;

/**
 * How an element comes in over the one before it on its track, named as FFmpeg's {@code xfade} names it.
 *
 * @param type     one of {@link #TYPES}
 * @param duration seconds, from the element's start
 */
public record Transition(String type, double duration) {

    public static final double DEFAULT_DURATION = 1;

    public static final List<String> TYPES = List.of("fade", "fadeblack", "fadewhite", "dissolve", "wipeleft",
            "wiperight", "wipeup", "wipedown", "slideleft", "slideright", "slideup", "slidedown", "circleopen",
            "circleclose", "radial", "smoothleft", "smoothright", "pixelize", "zoomin");
}
