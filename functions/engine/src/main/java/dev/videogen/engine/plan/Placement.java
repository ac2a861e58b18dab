package dev.videogen.engine.plan;

/**
 * How a source is drawn: scaled to {@code scaledWidth × scaledHeight}, cropped to the rectangle
 * {@code (cropX, cropY, cropWidth, cropHeight)} of the scaled picture, and laid with its top-left corner at
 * {@code (x, y)} on the frame.
 */
public record Placement(int scaledWidth, int scaledHeight, int cropX, int cropY, int cropWidth, int cropHeight,
                        int x, int y) {

    public boolean cropped() {
        return cropX != 0 || cropY != 0 || cropWidth != scaledWidth || cropHeight != scaledHeight;
    }
}
