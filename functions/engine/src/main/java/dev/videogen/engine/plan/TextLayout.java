package dev.videogen.engine.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Breaks text into lines that fit a box width: explicit line breaks are kept, lines wrap at spaces, and a word wider
 * than the box is broken between characters. Control characters other than line breaks are dropped and tabs become
 * spaces, so what is drawn is exactly the visible text.
 */
public final class TextLayout {

    private TextLayout() {
    }

    /** The lines of {@code text} at {@code sizePixels} that fit {@code maxWidth} pixels. */
    public static List<String> wrap(String text, FontMetrics font, double sizePixels, double maxWidth) {
        List<String> lines = new ArrayList<>();
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
        for (String paragraph : normalised.split("\n", -1)) {
            wrapParagraph(visible(paragraph), font, sizePixels, maxWidth, lines);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                        || cp == 0x200D)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static void wrapParagraph(String paragraph, FontMetrics font, double size, double maxWidth,
                                      List<String> lines) {
        if (paragraph.isBlank()) {
            lines.add("");
            return;
        }
        String[] words = paragraph.strip().split(" +");
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (font.width(candidate, size) <= maxWidth) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (font.width(word, size) <= maxWidth) {
                line.append(word);
            } else {
                breakWord(word, font, size, maxWidth, lines, line);
            }
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
    }

    private static void breakWord(String word, FontMetrics font, double size, double maxWidth, List<String> lines,
                                  StringBuilder line) {
        int i = 0;
        while (i < word.length()) {
            int codePoint = word.codePointAt(i);
            String next = line.toString() + new String(Character.toChars(codePoint));
            if (line.length() > 0 && font.width(next, size) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
                continue;
            }
            line.appendCodePoint(codePoint);
            i += Character.charCount(codePoint);
        }
    }
}
