package dev.videogen.engine.text;

import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.text.Bidi;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Turns one line of text into positioned glyphs: the Unicode bidirectional algorithm orders it, each character goes
 * to a face of the stack, and each run of one face and direction is shaped by the JDK's HarfBuzz (Arabic joining,
 * Indic conjuncts, Thai marks, emoji sequences).
 */
public final class TextShaper {

    /** Unhinted outlines and fractional advances: widths scale with the size, as the layout assumes. */
    static final FontRenderContext CONTEXT = new FontRenderContext(new AffineTransform(),
            RenderingHints.VALUE_TEXT_ANTIALIAS_ON, RenderingHints.VALUE_FRACTIONALMETRICS_ON);

    private TextShaper() {
    }

    /**
     * Shapes {@code text[start, end)} as one line of the paragraph {@code text}.
     *
     * @param letterSpacing pixels added after each character (grapheme cluster)
     */
    public static ShapedLine shape(String text, int start, int end, FontStack stack, double sizePixels,
                                   double letterSpacing) {
        if (start >= end) {
            return new ShapedLine(List.of(), 0, 0);
        }
        char[] chars = text.toCharArray();
        Bidi paragraph = new Bidi(text, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        Bidi line = paragraph.createLineBidi(start, end);
        int count = line.getRunCount();
        byte[] levels = new byte[count];
        Integer[] order = new Integer[count];
        for (int r = 0; r < count; r++) {
            levels[r] = (byte) line.getRunLevel(r);
            order[r] = r;
        }
        Bidi.reorderVisually(levels, 0, order, 0, count);
        int[] clusterOf = clusters(text, start, end);

        List<ShapedLine.Run> runs = new ArrayList<>();
        double raw = 0;
        int missing = 0;
        int lastCluster = -1;
        int clustersPassed = 0;
        for (int visual = 0; visual < count; visual++) {
            int r = order[visual];
            int runStart = start + line.getRunStart(r);
            int runLimit = start + line.getRunLimit(r);
            boolean rtl = (line.getRunLevel(r) & 1) == 1;
            List<int[]> pieces = byFace(text, runStart, runLimit, stack);
            if (rtl) {
                Collections.reverse(pieces);
            }
            for (int[] piece : pieces) {
                FontFace face = stack.faces().get(piece[2]);
                Font font = face.at((float) sizePixels, stack.bold(), stack.italic());
                GlyphVector glyphs = font.layoutGlyphVector(CONTEXT, chars, piece[0], piece[1],
                        rtl ? Font.LAYOUT_RIGHT_TO_LEFT : Font.LAYOUT_LEFT_TO_RIGHT);
                int n = glyphs.getNumGlyphs();
                double[] glyphX = new double[n];
                double[] advance = new double[n];
                int[] codes = new int[n];
                int[] charIndex = new int[n];
                for (int g = 0; g < n; g++) {
                    int code = glyphs.getGlyphCode(g);
                    int index = glyphs.getGlyphCharIndex(g) + piece[0];
                    double own;
                    if (face.colour() != null) {
                        own = face.colour().advance(code, sizePixels);
                    } else {
                        own = glyphs.getGlyphPosition(g + 1).getX() - glyphs.getGlyphPosition(g).getX();
                    }
                    int cluster = clusterOf[Math.max(0, Math.min(clusterOf.length - 1, index - start))];
                    if (lastCluster >= 0 && cluster != lastCluster) {
                        clustersPassed++;
                    }
                    lastCluster = cluster;
                    glyphX[g] = raw + clustersPassed * letterSpacing;
                    advance[g] = own;
                    codes[g] = code;
                    charIndex[g] = index;
                    raw += own;
                    if (code == 0 && !Character.isWhitespace(text.codePointAt(index))) {
                        missing++;
                    }
                }
                double runX = n > 0 ? glyphX[0] : raw + clustersPassed * letterSpacing;
                for (int g = 0; g < n; g++) {
                    glyphs.setGlyphPosition(g, new Point2D.Double(glyphX[g] - runX, 0));
                }
                glyphs.setGlyphPosition(n, new Point2D.Double(raw + clustersPassed * letterSpacing - runX, 0));
                runs.add(new ShapedLine.Run(face, font, glyphs, runX, glyphX, codes, charIndex, advance));
            }
        }
        double width = raw + (lastCluster >= 0 ? (clustersPassed + 1) * letterSpacing : 0);
        return new ShapedLine(runs, width, missing);
    }

    /** For each character of {@code text[start, end)}, the index of the grapheme cluster it belongs to. */
    private static int[] clusters(String text, int start, int end) {
        int[] clusterOf = new int[end - start];
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text.substring(start, end));
        int cluster = 0;
        int from = 0;
        for (int to = graphemes.next(); to != BreakIterator.DONE; to = graphemes.next()) {
            for (int i = from; i < to; i++) {
                clusterOf[i] = cluster;
            }
            cluster++;
            from = to;
        }
        return clusterOf;
    }

    /** Splits {@code text[start, limit)} into pieces {start, limit, face} of one face each, in logical order. */
    private static List<int[]> byFace(String text, int start, int limit, FontStack stack) {
        List<int[]> pieces = new ArrayList<>();
        int pieceStart = start;
        int pieceFace = -1;
        int previous = -1;
        for (int i = start; i < limit; ) {
            int cp = text.codePointAt(i);
            int width = Character.charCount(cp);
            int next = i + width < limit ? text.codePointAt(i + width) : -1;
            int face = stack.faceFor(cp, previous, next);
            if (pieceFace >= 0 && face != pieceFace) {
                pieces.add(new int[] {pieceStart, i, pieceFace});
                pieceStart = i;
            }
            pieceFace = face;
            previous = face;
            i += width;
        }
        if (pieceFace >= 0) {
            pieces.add(new int[] {pieceStart, limit, pieceFace});
        }
        return pieces;
    }
}
