package dev.videogen.engine.plan;

/** A rectangle on the output frame, in whole pixels; may extend past the frame's edges. */
public record PixelBox(int x, int y, int width, int height) {

    public boolean coversFrame(int frameWidth, int frameHeight) {
        return x == 0 && y == 0 && width == frameWidth && height == frameHeight;
    }
}
