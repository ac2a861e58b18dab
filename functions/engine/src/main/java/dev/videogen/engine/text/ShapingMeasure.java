package dev.videogen.engine.text;

import java.awt.font.LineMetrics;
import java.text.BreakIterator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Widths from the real shaper: each distinct string is shaped once at a reference size and scaled (outlines are
 * unhinted and advances fractional, so widths are proportional to the size), plus the letter spacing after each
 * character. Vertical metrics are the primary face's.
 */
public final class ShapingMeasure implements TextBlockLayout.Measure {

    private static final double REFERENCE_SIZE = 100;

    private final FontStack stack;
    private final double letterSpacing;
    private final Map<String, Double> referenceWidths = new HashMap<>();
    private final double ascentPerPixel;
    private final double descentPerPixel;

    public ShapingMeasure(FontStack stack, double letterSpacing) {
        this.stack = stack;
        this.letterSpacing = letterSpacing;
        LineMetrics metrics = stack.primary().at((float) REFERENCE_SIZE, stack.bold(), stack.italic())
                .getLineMetrics("Hg", TextShaper.CONTEXT);
        this.ascentPerPixel = metrics.getAscent() / REFERENCE_SIZE;
        this.descentPerPixel = metrics.getDescent() / REFERENCE_SIZE;
    }

    @Override
    public double width(String text, double sizePixels) {
        if (text.isEmpty()) {
            return 0;
        }
        double reference = referenceWidths.computeIfAbsent(text,
                t -> TextShaper.shape(t, 0, t.length(), stack, REFERENCE_SIZE, 0).width());
        return reference * sizePixels / REFERENCE_SIZE + letterSpacing * graphemes(text);
    }

    @Override
    public double ascent(double sizePixels) {
        return ascentPerPixel * sizePixels;
    }

    @Override
    public double descent(double sizePixels) {
        return descentPerPixel * sizePixels;
    }

    private static int graphemes(String text) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int count = 0;
        while (characters.next() != BreakIterator.DONE) {
            count++;
        }
        return count;
    }
}
