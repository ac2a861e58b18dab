package dev.videogen.engine.model;

/**
 * The text fields of version 1.1 (text and caption elements), every default applied.
 *
 * @param autoSize          {@code font_size: "auto"}: the largest size at which the wrapped text fits the box
 * @param bold              {@code font_weight: bold}
 * @param italic            {@code font_style: italic}
 * @param fontUrl           a TTF/OTF source that overrides {@code font_family}, or null
 * @param lineHeight        multiple of the font size
 * @param letterSpacing     pixels after each character
 * @param verticalAlign     where the block sits in the box
 * @param strokeColor       outline colour
 * @param strokeWidth       outline width, pixels or percent of the output height
 * @param shadowColor       drop shadow colour
 * @param shadowX           shadow offset to the right, pixels
 * @param shadowY           shadow offset downwards, pixels
 * @param shadowBlur        shadow blur radius, pixels
 * @param backgroundPadding pixels between the text and the background's edge
 * @param backgroundRadius  radius of the background's corners, pixels
 */
public record TextOptions(boolean autoSize, boolean bold, boolean italic, String fontUrl, double lineHeight,
                          double letterSpacing, VerticalAlign verticalAlign, Rgba strokeColor, Length strokeWidth,
                          Rgba shadowColor, double shadowX, double shadowY, double shadowBlur,
                          double backgroundPadding, double backgroundRadius) {

    /** What an element without any of these fields gets. */
    public static final TextOptions DEFAULT = new TextOptions(false, false, false, null, 1.2, 0, VerticalAlign.MIDDLE,
            Rgba.TRANSPARENT, Length.pixels(0), Rgba.TRANSPARENT, 0, 0, 0, 0, 0);
}
