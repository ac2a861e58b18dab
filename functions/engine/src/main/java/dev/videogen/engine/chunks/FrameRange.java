package dev.videogen.engine.chunks;

/**
 * The frames {@code [startFrame, endFrame)} of an output, numbered from 0, that one chunk renders.
 *
 * @param index      the chunk's position, from 0
 * @param startFrame the first frame it renders
 * @param endFrame   one past its last frame
 */
public record FrameRange(int index, long startFrame, long endFrame) {

    public FrameRange {
        if (index < 0 || startFrame < 0 || endFrame <= startFrame) {
            throw new IllegalArgumentException("not a frame range: #" + index + " [" + startFrame + ", " + endFrame + ")");
        }
    }

    public long frames() {
        return endFrame - startFrame;
    }

    /** When its first frame shows, in seconds of the output. */
    public double startSeconds(double fps) {
        return (double) startFrame / fps;
    }

    /** When the frame after its last one would show, in seconds of the output. */
    public double endSeconds(double fps) {
        return (double) endFrame / fps;
    }
}
