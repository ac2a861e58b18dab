package dev.videogen.engine.text;

import java.awt.Font;
import java.awt.font.GlyphVector;
import java.util.List;

/**
 * The glyphs of one line in visual order, positioned from the line's origin: x 0 is the left edge of the line, y 0
 * its baseline.
 *
 * @param runs          runs of one face and one direction, left to right
 * @param width         the advance of the whole line, letter spacing included
 * @param missingGlyphs how many glyphs are the missing-glyph box (no bundled face has the character)
 */
public record ShapedLine(List<Run> runs, double width, int missingGlyphs) {

    /**
     * Glyphs of one face.
     *
     * @param face      the face
     * @param font      the face at the drawn size and style
     * @param glyphs    the shaped glyphs (outline faces), positions already set from the run's left edge
     * @param x         the run's left edge on the line
     * @param glyphX    each glyph's pen position from the line's left edge
     * @param glyphCode each glyph's id in the face
     * @param charIndex each glyph's first character, as an index into the laid-out text
     * @param advance   each glyph's advance (colour bitmap faces draw at these)
     */
    public record Run(FontFace face, Font font, GlyphVector glyphs, double x, double[] glyphX, int[] glyphCode,
                      int[] charIndex, double[] advance) {
    }

    /**
     * The horizontal extent on the line of the characters {@code [start, end)}, as {left, right}, or null when none
     * of them is drawn.
     */
    public double[] extent(int start, int end) {
        double left = Double.POSITIVE_INFINITY;
        double right = Double.NEGATIVE_INFINITY;
        for (Run run : runs) {
            for (int g = 0; g < run.glyphX().length; g++) {
                int c = run.charIndex()[g];
                if (c >= start && c < end) {
                    left = Math.min(left, run.glyphX()[g]);
                    right = Math.max(right, run.glyphX()[g] + run.advance()[g]);
                }
            }
        }
        return left > right ? null : new double[] {left, right};
    }
}
