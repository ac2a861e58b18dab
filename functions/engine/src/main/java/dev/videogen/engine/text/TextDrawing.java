package dev.videogen.engine.text;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A text laid out in a box and shaped, ready to be painted once or many times (a caption page with each of its words
 * highlighted in turn). The canvas is the box grown by the paint's reach on every side, so outlines and shadows near
 * the box's edge are not cut; {@link #margin()} is where the box starts in it.
 */
public final class TextDrawing {

    private final TextBlockLayout.Block block;
    private final List<ShapedLine> lines;
    private final TextPaint paint;
    private final int margin;
    private final int boxWidth;
    private final int boxHeight;

    private TextDrawing(TextBlockLayout.Block block, List<ShapedLine> lines, TextPaint paint, int margin, int boxWidth,
                        int boxHeight) {
        this.block = block;
        this.lines = lines;
        this.paint = paint;
        this.margin = margin;
        this.boxWidth = boxWidth;
        this.boxHeight = boxHeight;
    }

    /** Lays {@code text} out in a {@code boxWidth}×{@code boxHeight} box and shapes each line. */
    public static TextDrawing lay(String text, TextStyle style, TextPaint paint, int boxWidth, int boxHeight) {
        ShapingMeasure measure = new ShapingMeasure(style.stack(), style.letterSpacing());
        return lay(text, style, paint, boxWidth, boxHeight, measure, style.fontSize());
    }

    /** As {@link #lay(String, TextStyle, TextPaint, int, int)} at a given size, measuring with {@code measure}. */
    public static TextDrawing lay(String text, TextStyle style, TextPaint paint, int boxWidth, int boxHeight,
                                  ShapingMeasure measure, double fontSize) {
        int margin = (int) paint.reach();
        double padding = Math.max(0, Math.min(style.padding(), Math.min(boxWidth, boxHeight) / 2.0));
        double inset = paint.stroked() ? paint.strokeWidth() : 0;
        TextBlockLayout.Spec spec = new TextBlockLayout.Spec(fontSize, style.lineHeight(), style.align(),
                style.verticalAlign(), margin + padding, margin + padding, boxWidth - 2 * padding,
                boxHeight - 2 * padding, inset);
        TextBlockLayout.Block laid = TextBlockLayout.layout(text, measure, spec);
        List<ShapedLine> shaped = new ArrayList<>();
        List<TextBlockLayout.Line> aligned = new ArrayList<>();
        int canvasHeight = boxHeight + 2 * margin;
        for (TextBlockLayout.Line line : laid.lines()) {
            if (line.top() > canvasHeight || line.top() + laid.lineHeight() < 0) {
                // outside the canvas: never drawn, so never shaped (text that overflows its box is cut at its edge)
                shaped.add(new ShapedLine(List.of(), line.width(), 0));
                aligned.add(line);
                continue;
            }
            ShapedLine one = TextShaper.shape(laid.text(), line.start(), line.end(), style.stack(), laid.fontSize(),
                    style.letterSpacing());
            shaped.add(one);
            // align on the width the line is drawn with, not the scaled estimate the wrapping used
            double x = switch (spec.align()) {
                case LEFT -> spec.left();
                case CENTER -> spec.left() + (spec.width() - one.width()) / 2;
                case RIGHT -> spec.left() + spec.width() - one.width();
            };
            aligned.add(new TextBlockLayout.Line(line.start(), line.end(), one.width(), x, line.top(),
                    line.baseline()));
        }
        TextBlockLayout.Block block = new TextBlockLayout.Block(laid.text(), laid.fontSize(), laid.lineHeight(),
                aligned, laid.ascent(), laid.descent());
        return new TextDrawing(block, shaped, paint, margin, boxWidth, boxHeight);
    }

    /** Paints the whole text, nothing highlighted. */
    public BufferedImage paint() {
        return paint(-1, -1);
    }

    /** Paints the text with the characters {@code [start, end)} of {@link #block()}'s text highlighted. */
    public BufferedImage paint(int highlightStart, int highlightEnd) {
        Rectangle2D box = new Rectangle2D.Double(margin, margin, boxWidth, boxHeight);
        return TextRasterizer.paint(new TextRasterizer.Scene(block, lines, paint, box, highlightStart, highlightEnd),
                boxWidth + 2 * margin, boxHeight + 2 * margin);
    }

    public TextBlockLayout.Block block() {
        return block;
    }

    public List<ShapedLine> lines() {
        return lines;
    }

    /** Pixels between the canvas's edge and the box's. */
    public int margin() {
        return margin;
    }

    /** Glyphs drawn as the missing-glyph box, over every line. */
    public int missingGlyphs() {
        return lines.stream().mapToInt(ShapedLine::missingGlyphs).sum();
    }
}
