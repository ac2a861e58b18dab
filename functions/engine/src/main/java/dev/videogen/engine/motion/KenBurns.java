package dev.videogen.engine.motion;

/**
 * A slow magnification of an image or video inside its box, from {@code zoomStart} to {@code zoomEnd} over the
 * element's duration, keeping a focus point (in percent of the fitted media) at the same place of the box.
 */
public record KenBurns(double zoomStart, double zoomEnd, double focusStartX, double focusStartY, double focusEndX,
                       double focusEndY, Easing easing) {

    /** The magnification track over an element lasting {@code duration} seconds. */
    public KeyframeTrack zoom(double duration) {
        return KeyframeTrack.of(new Keyframe(0, zoomStart, easing), new Keyframe(duration, zoomEnd, easing));
    }

    /** The focus point's horizontal position, in percent of the fitted media. */
    public KeyframeTrack focusX(double duration) {
        return KeyframeTrack.of(new Keyframe(0, focusStartX, easing), new Keyframe(duration, focusEndX, easing));
    }

    public KeyframeTrack focusY(double duration) {
        return KeyframeTrack.of(new Keyframe(0, focusStartY, easing), new Keyframe(duration, focusEndY, easing));
    }
}
