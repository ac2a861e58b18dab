package dev.videogen.engine.plan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Horizontal advances and vertical metrics read from a TrueType file's {@code head}, {@code hhea}, {@code hmtx} and
 * {@code cmap} tables — enough to wrap lines the way FreeType will lay them out, without a graphics toolkit.
 */
public final class FontMetrics {

    private final int unitsPerEm;
    private final int ascender;
    private final int descender;
    private final int lineGap;
    private final int[] advances;
    private final Map<Integer, Integer> glyphByCodePoint;

    private FontMetrics(int unitsPerEm, int ascender, int descender, int lineGap, int[] advances,
                        Map<Integer, Integer> glyphByCodePoint) {
        this.unitsPerEm = unitsPerEm;
        this.ascender = ascender;
        this.descender = descender;
        this.lineGap = lineGap;
        this.advances = advances;
        this.glyphByCodePoint = glyphByCodePoint;
    }

    /** Reads the metrics of a bundled font from the classpath. */
    public static FontMetrics load(String resource) {
        try (InputStream in = FontMetrics.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font resource missing: " + resource);
            }
            return parse(ByteBuffer.wrap(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read font " + resource, e);
        }
    }

    static FontMetrics parse(ByteBuffer font) {
        int tables = font.getShort(4) & 0xFFFF;
        int head = -1;
        int hhea = -1;
        int hmtx = -1;
        int cmap = -1;
        for (int i = 0; i < tables; i++) {
            int record = 12 + i * 16;
            String tag = new String(new byte[] {font.get(record), font.get(record + 1), font.get(record + 2),
                font.get(record + 3)}, java.nio.charset.StandardCharsets.ISO_8859_1);
            int offset = font.getInt(record + 8);
            switch (tag) {
                case "head" -> head = offset;
                case "hhea" -> hhea = offset;
                case "hmtx" -> hmtx = offset;
                case "cmap" -> cmap = offset;
                default -> { }
            }
        }
        if (head < 0 || hhea < 0 || hmtx < 0 || cmap < 0) {
            throw new IllegalArgumentException("not a TrueType font with head, hhea, hmtx and cmap tables");
        }
        int unitsPerEm = font.getShort(head + 18) & 0xFFFF;
        int ascender = font.getShort(hhea + 4);
        int descender = font.getShort(hhea + 6);
        int lineGap = font.getShort(hhea + 8);
        int metrics = font.getShort(hhea + 34) & 0xFFFF;
        int[] advances = new int[metrics];
        for (int i = 0; i < metrics; i++) {
            advances[i] = font.getShort(hmtx + i * 4) & 0xFFFF;
        }
        return new FontMetrics(unitsPerEm, ascender, descender, lineGap, advances, readCmap(font, cmap));
    }

    private static Map<Integer, Integer> readCmap(ByteBuffer font, int cmap) {
        int subtables = font.getShort(cmap + 2) & 0xFFFF;
        int format4 = -1;
        int format12 = -1;
        for (int i = 0; i < subtables; i++) {
            int platform = font.getShort(cmap + 4 + i * 8) & 0xFFFF;
            int encoding = font.getShort(cmap + 6 + i * 8) & 0xFFFF;
            int offset = cmap + font.getInt(cmap + 8 + i * 8);
            int format = font.getShort(offset) & 0xFFFF;
            if (format == 12 && (platform == 3 && encoding == 10 || platform == 0)) {
                format12 = offset;
            } else if (format == 4 && (platform == 3 && encoding == 1 || platform == 0)) {
                format4 = offset;
            }
        }
        Map<Integer, Integer> glyphs = new HashMap<>();
        if (format12 >= 0) {
            long groups = font.getInt(format12 + 12) & 0xFFFFFFFFL;
            for (int g = 0; g < groups; g++) {
                int base = format12 + 16 + g * 12;
                int startCode = font.getInt(base);
                int endCode = font.getInt(base + 4);
                int startGlyph = font.getInt(base + 8);
                for (int code = startCode; code <= endCode && code - startCode < 0x10000; code++) {
                    glyphs.put(code, startGlyph + (code - startCode));
                }
            }
            return glyphs;
        }
        if (format4 < 0) {
            throw new IllegalArgumentException("font has no Unicode cmap subtable");
        }
        int segments = (font.getShort(format4 + 6) & 0xFFFF) / 2;
        int endCodes = format4 + 14;
        int startCodes = endCodes + segments * 2 + 2;
        int deltas = startCodes + segments * 2;
        int rangeOffsets = deltas + segments * 2;
        for (int s = 0; s < segments; s++) {
            int end = font.getShort(endCodes + s * 2) & 0xFFFF;
            int start = font.getShort(startCodes + s * 2) & 0xFFFF;
            int delta = font.getShort(deltas + s * 2);
            int rangeOffset = font.getShort(rangeOffsets + s * 2) & 0xFFFF;
            for (int code = start; code <= end && code != 0xFFFF; code++) {
                int glyph;
                if (rangeOffset == 0) {
                    glyph = (code + delta) & 0xFFFF;
                } else {
                    int address = rangeOffsets + s * 2 + rangeOffset + (code - start) * 2;
                    glyph = font.getShort(address) & 0xFFFF;
                    if (glyph != 0) {
                        glyph = (glyph + delta) & 0xFFFF;
                    }
                }
                if (glyph != 0) {
                    glyphs.put(code, glyph);
                }
            }
        }
        return glyphs;
    }

    /** Width of {@code text} in pixels at {@code sizePixels}, summing glyph advances (no kerning). */
    public double width(String text, double sizePixels) {
        long units = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            units += advance(glyphByCodePoint.getOrDefault(codePoint, 0));
            i += Character.charCount(codePoint);
        }
        return units * sizePixels / unitsPerEm;
    }

    private int advance(int glyph) {
        if (advances.length == 0) {
            return 0;
        }
        return glyph < advances.length ? advances[glyph] : advances[advances.length - 1];
    }

    /** Distance between baselines in pixels at {@code sizePixels}. */
    public double lineHeight(double sizePixels) {
        return (ascender - descender + lineGap) * sizePixels / unitsPerEm;
    }

    /** Height above the baseline in pixels at {@code sizePixels}. */
    public double ascent(double sizePixels) {
        return ascender * sizePixels / unitsPerEm;
    }

    /** Whether the font has a glyph for {@code codePoint}. */
    public boolean covers(int codePoint) {
        return glyphByCodePoint.containsKey(codePoint);
    }
}
