package dev.videogen.engine.text;

import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lays text out in a box, as CSS lays out a block with {@code overflow-wrap: anywhere}: explicit line breaks are
 * kept, lines wrap at the Unicode line-break opportunities (spaces, after CJK ideographs, between Thai words), a
 * word wider than the box breaks between characters, trailing spaces hang, each line takes {@code line_height}
 * times the size with the glyphs centred in it (half-leading), lines are aligned left, centre or right and the block
 * top, middle or bottom. {@code font_size: "auto"} is the largest whole pixel size at which the wrapped text fits.
 * Pure: widths come from a {@link Measure}, so it is tested with simple tables.
 */
public final class TextBlockLayout {

    /** The only thing the layout needs to know about fonts. */
    public interface Measure {
        /** Advance width in pixels of {@code text} drawn as one line at {@code sizePixels}. */
        double width(String text, double sizePixels);

        /** Height above the baseline the primary face reserves, in pixels. */
        double ascent(double sizePixels);

        /** Depth below the baseline the primary face reserves, in pixels (positive). */
        double descent(double sizePixels);
    }

    /**
     * What to lay out and where.
     *
     * @param fontSize      pixels, or a value &lt;= 0 for "auto"
     * @param lineHeight    multiple of the font size
     * @param align         horizontal alignment of each line
     * @param verticalAlign vertical alignment of the block
     * @param left          left edge of the content box
     * @param top           top edge of the content box
     * @param width         width of the content box
     * @param height        height of the content box
     * @param autoInset     kept free on every side when sizing automatically (an outline's width)
     */
    public record Spec(double fontSize, double lineHeight, TextAlign align, VerticalAlign verticalAlign,
                       double left, double top, double width, double height, double autoInset) {

        public boolean autoSize() {
            return fontSize <= 0;
        }
    }

    /**
     * One laid-out line.
     *
     * @param start    first character, as an index into the laid-out text
     * @param end      end of its visible characters (trailing spaces excluded)
     * @param width    its advance
     * @param x        its left edge
     * @param top      top of its line box
     * @param baseline its baseline
     */
    public record Line(int start, int end, double width, double x, double top, double baseline) {
    }

    /**
     * The result.
     *
     * @param text       the laid-out text: the input with control characters dropped, tabs as spaces, line breaks
     *                   as {@code \n}
     * @param fontSize   the size used
     * @param lineHeight pixels between line tops
     * @param lines      the lines, top to bottom
     * @param ascent     the primary face's ascent at the size
     * @param descent    the primary face's descent at the size
     */
    public record Block(String text, double fontSize, double lineHeight, List<Line> lines, double ascent,
                        double descent) {

        public String lineText(Line line) {
            return text.substring(line.start(), line.end());
        }

        public double height() {
            return lines.size() * lineHeight;
        }
    }

    private TextBlockLayout() {
    }

    /** Lays {@code text} out as {@code spec} says. */
    public static Block layout(String text, Measure measure, Spec spec) {
        String visible = visibleText(text);
        double size = spec.autoSize() ? autoSize(visible, measure, spec) : spec.fontSize();
        List<int[]> ranges = wrap(visible, measure, size, spec.width());
        return place(visible, ranges, measure, size, spec);
    }

    /**
     * The text as it is drawn: line breaks normalised to {@code \n}, tabs as spaces, other control and format
     * characters dropped (except the joiners and direction marks that shaping and ordering need).
     */
    public static String visibleText(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
        StringBuilder out = new StringBuilder(normalised.length());
        normalised.codePoints()
                .filter(cp -> cp == '\n' || !Character.isISOControl(cp) && (Character.getType(cp) != Character.FORMAT
                        || cp == 0x200C || cp == 0x200D || cp == 0x200E || cp == 0x200F))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    /** The largest whole size at which {@code text} wraps into the content box (less the inset); at least 1. */
    static double autoSize(String text, Measure measure, Spec spec) {
        double width = spec.width() - 2 * spec.autoInset();
        double height = spec.height() - 2 * spec.autoInset();
        int low = 1;
        int high = (int) Math.max(1, Math.min(4096, Math.floor(height / Math.max(spec.lineHeight(), 0.01))));
        high = (int) Math.max(1, Math.min(high, Math.floor(height)));
        while (low < high) {
            int middle = (low + high + 1) / 2;
            if (fits(text, measure, middle, spec.lineHeight(), width, height)) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    /**
     * Whether the text wraps within {@code width} without breaking a word, and the lines' boxes and glyphs are within
     * {@code height}.
     */
    static boolean fits(String text, Measure measure, double size, double lineHeight, double width, double height) {
        BreakIterator words = BreakIterator.getLineInstance(Locale.ROOT);
        words.setText(text);
        int start = words.first();
        for (int end = words.next(); end != BreakIterator.DONE; start = end, end = words.next()) {
            int visibleEnd = trimEnd(text, start, end);
            if (visibleEnd > start && measure.width(text.substring(start, visibleEnd), size) > width + 1e-9) {
                return false;
            }
        }
        List<int[]> ranges = wrap(text, measure, size, width);
        if (ranges.size() * lineHeight * size > height + 1e-9) {
            return false;
        }
        if (measure.ascent(size) + measure.descent(size) > height + 1e-9) {
            return false;
        }
        for (int[] range : ranges) {
            if (measure.width(text.substring(range[0], range[1]), size) > width + 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** Line ranges {start, end} of {@code text} at {@code size} within {@code maxWidth}; trailing blank lines dropped. */
    static List<int[]> wrap(String text, Measure measure, double size, double maxWidth) {
        List<int[]> lines = new ArrayList<>();
        int paragraphStart = 0;
        while (paragraphStart <= text.length()) {
            int newline = text.indexOf('\n', paragraphStart);
            int paragraphEnd = newline < 0 ? text.length() : newline;
            wrapParagraph(text, paragraphStart, paragraphEnd, measure, size, maxWidth, lines);
            if (newline < 0) {
                break;
            }
            paragraphStart = newline + 1;
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1)[0] == lines.get(lines.size() - 1)[1]) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static void wrapParagraph(String text, int start, int end, Measure measure, double size, double maxWidth,
                                      List<int[]> lines) {
        if (text.substring(start, end).isBlank()) {
            lines.add(new int[] {start, start});
            return;
        }
        String paragraph = text.substring(start, end);
        BreakIterator breaks = BreakIterator.getLineInstance(Locale.ROOT);
        breaks.setText(paragraph);
        int lineStart = 0;
        while (lineStart < paragraph.length()) {
            int fitEnd = -1;
            for (int candidate = breaks.following(lineStart); candidate != BreakIterator.DONE;
                 candidate = breaks.next()) {
                int visibleEnd = trimEnd(paragraph, lineStart, candidate);
                if (fitEnd >= 0 && measure.width(paragraph.substring(lineStart, visibleEnd), size) > maxWidth) {
                    break;
                }
                if (fitEnd < 0 && measure.width(paragraph.substring(lineStart, visibleEnd), size) > maxWidth) {
                    // the first piece alone is too wide: break it between characters
                    fitEnd = breakBetweenCharacters(paragraph, lineStart, visibleEnd, measure, size, maxWidth);
                    if (fitEnd >= visibleEnd) {
                        fitEnd = candidate;
                    }
                    break;
                }
                fitEnd = candidate;
            }
            if (fitEnd < 0) {
                fitEnd = paragraph.length();
            }
            lines.add(new int[] {start + lineStart, start + trimEnd(paragraph, lineStart, fitEnd)});
            lineStart = fitEnd;
            while (lineStart < paragraph.length() && paragraph.charAt(lineStart) == ' ' && lineStart > 0) {
                lineStart++;
            }
        }
    }

    /** The end of the longest run of whole characters from {@code start} that fits; at least one character. */
    private static int breakBetweenCharacters(String text, int start, int end, Measure measure, double size,
                                              double maxWidth) {
        BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
        characters.setText(text);
        int fit = characters.following(start);
        for (int next = characters.next(); next != BreakIterator.DONE && next <= end; next = characters.next()) {
            if (measure.width(text.substring(start, next), size) > maxWidth) {
                break;
            }
            fit = next;
        }
        return fit;
    }

    private static int trimEnd(String text, int start, int end) {
        int visibleEnd = end;
        while (visibleEnd > start && Character.isWhitespace(text.charAt(visibleEnd - 1))) {
            visibleEnd--;
        }
        return visibleEnd;
    }

    private static Block place(String text, List<int[]> ranges, Measure measure, double size, Spec spec) {
        double lineHeight = spec.lineHeight() * size;
        double blockHeight = ranges.size() * lineHeight;
        double top = switch (spec.verticalAlign()) {
            case TOP -> spec.top();
            case MIDDLE -> spec.top() + (spec.height() - blockHeight) / 2;
            case BOTTOM -> spec.top() + spec.height() - blockHeight;
        };
        double ascent = measure.ascent(size);
        double halfLeading = (lineHeight - ascent - measure.descent(size)) / 2;
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            int[] range = ranges.get(i);
            double width = range[1] > range[0] ? measure.width(text.substring(range[0], range[1]), size) : 0;
            double x = switch (spec.align()) {
                case LEFT -> spec.left();
                case CENTER -> spec.left() + (spec.width() - width) / 2;
                case RIGHT -> spec.left() + spec.width() - width;
            };
            double lineTop = top + i * lineHeight;
            lines.add(new Line(range[0], range[1], width, x, lineTop, lineTop + halfLeading + ascent));
        }
        return new Block(text, size, lineHeight, lines, ascent, measure.descent(size));
    }
}
