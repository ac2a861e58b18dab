package dev.videogen.engine.plan;

/**
 * How a source is drawn: the middle {@code visibleWidth × visibleHeight} share of its picture (1 = all of it, less
 * when {@code cover} crops the overflow equally on both sides) scaled to {@code width × height} and laid with its
 * top-left corner at {@code (x, y)} on the frame. Cropping before scaling means only the pixels that show are scaled.
 */
public record Placement(double visibleWidth, double visibleHeight, int width, int height, int x, int y) {

    public boolean cropped() {
        return visibleWidth < 1 || visibleHeight < 1;
    }

    public boolean fills(int frameWidth, int frameHeight) {
        return x == 0 && y == 0 && width == frameWidth && height == frameHeight;
    }
}
