package dev.videogen.engine.plan;

import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.FitMode;
import dev.videogen.engine.validation.Limits;

/** Layout math: element boxes in pixels and CSS {@code object-fit} placement of media inside them. */
public final class Layout {

    private Layout() {
    }

    /**
     * The element's box on a {@code frameWidth × frameHeight} frame, rounded to whole pixels, at least 1×1 and at
     * most {@link Limits#MAX_BOX_SIDE} on a side once percentages are resolved (1000 % of a 7680-pixel frame would
     * otherwise ask FFmpeg to scale to 76 800 pixels, whose frames alone exceed any memory).
     */
    public static PixelBox box(Element element, int frameWidth, int frameHeight) {
        int x = (int) Math.round(element.x().toPixels(frameWidth));
        int y = (int) Math.round(element.y().toPixels(frameHeight));
        int width = side(element.width().toPixels(frameWidth));
        int height = side(element.height().toPixels(frameHeight));
        return new PixelBox(x, y, width, height);
    }

    private static int side(double pixels) {
        return (int) Math.max(1, Math.min(Limits.MAX_BOX_SIDE, Math.round(pixels)));
    }

    /** {@code auto} resolved: {@code cover} when the box is the whole frame, else {@code contain}. */
    public static FitMode effectiveFit(FitMode requested, PixelBox box, int frameWidth, int frameHeight) {
        if (requested == FitMode.AUTO) {
            return box.coversFrame(frameWidth, frameHeight) ? FitMode.COVER : FitMode.CONTAIN;
        }
        return requested == FitMode.STRETCH ? FitMode.FILL : requested;
    }

    /**
     * Places a {@code sourceWidth × sourceHeight} picture in {@code box}.
     * <ul>
     *   <li>contain: scaled by the smaller ratio, centred; the rest of the box is left transparent;</li>
     *   <li>cover: scaled by the larger ratio, the overflow cropped equally on both sides (cropped first, then
     *   scaled to the box);</li>
     *   <li>fill: scaled to the box exactly.</li>
     * </ul>
     */
    public static Placement place(FitMode fit, PixelBox box, int sourceWidth, int sourceHeight) {
        if (sourceWidth <= 0 || sourceHeight <= 0) {
            throw new IllegalArgumentException("source size must be positive: " + sourceWidth + "x" + sourceHeight);
        }
        switch (fit) {
            case CONTAIN -> {
                double scale = Math.min((double) box.width() / sourceWidth, (double) box.height() / sourceHeight);
                int width = clamp((int) Math.round(sourceWidth * scale), box.width());
                int height = clamp((int) Math.round(sourceHeight * scale), box.height());
                return new Placement(1, 1, width, height,
                        box.x() + (box.width() - width) / 2, box.y() + (box.height() - height) / 2);
            }
            case COVER -> {
                // the box's aspect ratio against the source's: whichever side is relatively longer overflows
                double boxOverSource = ((double) box.width() * sourceHeight) / ((double) box.height() * sourceWidth);
                double visibleWidth = Math.min(1, boxOverSource);
                double visibleHeight = Math.min(1, 1 / boxOverSource);
                return new Placement(visibleWidth, visibleHeight, box.width(), box.height(), box.x(), box.y());
            }
            case FILL, STRETCH -> {
                return new Placement(1, 1, box.width(), box.height(), box.x(), box.y());
            }
            case AUTO -> throw new IllegalArgumentException("resolve auto with effectiveFit first");
            default -> throw new IllegalArgumentException("unknown fit mode " + fit);
        }
    }

    private static int clamp(int value, int max) {
        return Math.max(1, Math.min(value, max));
    }
}
