package dev.videogen.engine.text;

import dev.videogen.engine.model.Rgba;

/**
 * How laid-out text is painted.
 *
 * @param color               the glyphs' fill
 * @param strokeColor         outline colour
 * @param strokeWidth         outline width in pixels, outside the glyphs; 0 for none
 * @param shadowColor         drop shadow colour
 * @param shadowX             shadow offset to the right, pixels
 * @param shadowY             shadow offset downwards, pixels
 * @param shadowBlur          shadow blur radius in pixels (CSS {@code text-shadow}: a Gaussian of half that deviation)
 * @param backgroundColor     background fill
 * @param backgroundPadding   pixels between the text and the background's edge
 * @param backgroundRadius    radius of the background's corners, pixels
 * @param backgroundPerLine   true: one background per line, hugging it (captions); false: the whole box (text)
 * @param highlightColor      fill of the highlighted characters
 * @param highlightBackground fill behind the highlighted characters
 */
public record TextPaint(Rgba color, Rgba strokeColor, double strokeWidth, Rgba shadowColor, double shadowX,
                        double shadowY, double shadowBlur, Rgba backgroundColor, double backgroundPadding,
                        double backgroundRadius, boolean backgroundPerLine, Rgba highlightColor,
                        Rgba highlightBackground) {

    /** White text with nothing else: the contract's defaults. */
    public static final TextPaint PLAIN = new TextPaint(Rgba.WHITE, Rgba.TRANSPARENT, 0, Rgba.TRANSPARENT, 0, 0, 0,
            Rgba.TRANSPARENT, 0, 0, false, Rgba.WHITE, Rgba.TRANSPARENT);

    public boolean stroked() {
        return strokeWidth > 0 && strokeColor.alpha() > 0;
    }

    public boolean shadowed() {
        return shadowColor.alpha() > 0;
    }

    /** How far drawing may reach outside the text's own box: outline, shadow offset and blur. */
    public double reach() {
        double stroke = stroked() ? strokeWidth : 0;
        double shadow = shadowed() ? Math.max(Math.abs(shadowX), Math.abs(shadowY)) + 2 * shadowBlur + stroke : 0;
        return Math.ceil(Math.max(stroke, shadow)) + 1;
    }
}
