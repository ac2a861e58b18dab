package dev.videogen.engine.model;

/**
 * The JPEG poster a video job stores beside its result ({@code thumbnail}): the frame the video shows at
 * {@code time}, scaled to {@code width} pixels wide with the video's aspect kept.
 *
 * @param time  seconds into the video (default 0)
 * @param width the poster's width in pixels (default the video's width)
 */
public record Thumbnail(double time, int width) {

    /** The poster's height: the video's aspect kept, at least one pixel. */
    public int height(int videoWidth, int videoHeight) {
        return Math.max(1, (int) Math.round((double) width * videoHeight / videoWidth));
    }
}
