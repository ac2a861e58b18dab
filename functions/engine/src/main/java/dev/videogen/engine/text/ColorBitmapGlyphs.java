package dev.videogen.engine.text;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The colour bitmaps of a font with {@code CBLC}/{@code CBDT} tables (Noto Color Emoji): one PNG per glyph at the
 * font's largest strike, with the glyph's advance from {@code hmtx}. Java2D draws no colour glyphs, so emoji are
 * drawn from these bitmaps at the positions the shaper found.
 */
final class ColorBitmapGlyphs {

    /** Where one glyph's bitmap sits relative to the pen, in strike pixels. */
    record Bitmap(BufferedImage image, int bearingX, int bearingY) {
    }

    private final ByteBuffer font;
    private final int unitsPerEm;
    private final int[] advances;
    private final int ppem;
    private final Map<Integer, Locator> locators;
    private final Map<Integer, Bitmap> decoded = new ConcurrentHashMap<>();

    /** Where a glyph's data is in {@code CBDT}, and in which image format. */
    private record Locator(int offset, int length, int imageFormat, int height, int width, int bearingX,
                           int bearingY) {
    }

    private ColorBitmapGlyphs(ByteBuffer font, int unitsPerEm, int[] advances, int ppem, Map<Integer, Locator> locators) {
        this.font = font;
        this.unitsPerEm = unitsPerEm;
        this.advances = advances;
        this.ppem = ppem;
        this.locators = locators;
    }

    /** Reads the tables of {@code bytes}; null when the font has no colour bitmaps. */
    static ColorBitmapGlyphs read(byte[] bytes) {
        ByteBuffer font = ByteBuffer.wrap(bytes);
        Map<String, Integer> tables = tableOffsets(font);
        Integer cblc = tables.get("CBLC");
        Integer cbdt = tables.get("CBDT");
        Integer head = tables.get("head");
        Integer hhea = tables.get("hhea");
        Integer hmtx = tables.get("hmtx");
        if (cblc == null || cbdt == null || head == null || hhea == null || hmtx == null) {
            return null;
        }
        int unitsPerEm = font.getShort(head + 18) & 0xFFFF;
        int metrics = font.getShort(hhea + 34) & 0xFFFF;
        int[] advances = new int[metrics];
        for (int i = 0; i < metrics; i++) {
            advances[i] = font.getShort(hmtx + i * 4) & 0xFFFF;
        }
        int sizes = font.getInt(cblc + 4);
        int best = -1;
        int bestPpem = -1;
        for (int i = 0; i < sizes; i++) {
            int record = cblc + 8 + i * 48;
            int strikePpem = font.get(record + 45) & 0xFF;
            if (strikePpem > bestPpem) {
                bestPpem = strikePpem;
                best = record;
            }
        }
        if (best < 0) {
            return null;
        }
        Map<Integer, Locator> locators = new HashMap<>();
        int arrayOffset = cblc + font.getInt(best);
        int subtables = font.getInt(best + 8);
        for (int i = 0; i < subtables; i++) {
            int entry = arrayOffset + i * 8;
            int first = font.getShort(entry) & 0xFFFF;
            int last = font.getShort(entry + 2) & 0xFFFF;
            int subtable = arrayOffset + font.getInt(entry + 4);
            int indexFormat = font.getShort(subtable) & 0xFFFF;
            int imageFormat = font.getShort(subtable + 2) & 0xFFFF;
            int imageData = cbdt + font.getInt(subtable + 4);
            for (int glyph = first; glyph <= last; glyph++) {
                int start;
                int end;
                if (indexFormat == 1) {
                    start = font.getInt(subtable + 8 + (glyph - first) * 4);
                    end = font.getInt(subtable + 8 + (glyph - first + 1) * 4);
                } else if (indexFormat == 3) {
                    start = font.getShort(subtable + 8 + (glyph - first) * 2) & 0xFFFF;
                    end = font.getShort(subtable + 8 + (glyph - first + 1) * 2) & 0xFFFF;
                } else {
                    // formats 2, 4 and 5 (fixed sizes, sparse glyphs) are not used by colour emoji fonts
                    break;
                }
                if (end > start) {
                    locators.put(glyph, locate(font, imageData + start, end - start, imageFormat));
                }
            }
        }
        return new ColorBitmapGlyphs(font, unitsPerEm, advances, bestPpem, locators);
    }

    private static Locator locate(ByteBuffer font, int offset, int length, int imageFormat) {
        return switch (imageFormat) {
            // small metrics: height, width, bearingX, bearingY, advance; then the PNG's length and bytes
            case 17 -> new Locator(offset + 9, font.getInt(offset + 5), 17, font.get(offset) & 0xFF,
                    font.get(offset + 1) & 0xFF, font.get(offset + 2), font.get(offset + 3));
            // big metrics: height, width, horiBearingX, horiBearingY, horiAdvance, vert…
            case 18 -> new Locator(offset + 12, font.getInt(offset + 8), 18, font.get(offset) & 0xFF,
                    font.get(offset + 1) & 0xFF, font.get(offset + 2), font.get(offset + 3));
            default -> new Locator(offset, length, imageFormat, 0, 0, 0, 0);
        };
    }

    static Map<String, Integer> tableOffsets(ByteBuffer font) {
        Map<String, Integer> offsets = new HashMap<>();
        int tables = font.getShort(4) & 0xFFFF;
        for (int i = 0; i < tables; i++) {
            int record = 12 + i * 16;
            byte[] tag = new byte[4];
            for (int b = 0; b < 4; b++) {
                tag[b] = font.get(record + b);
            }
            offsets.put(new String(tag, StandardCharsets.ISO_8859_1), font.getInt(record + 8));
        }
        return offsets;
    }

    /** The advance of {@code glyph} in pixels at {@code sizePixels}. */
    double advance(int glyph, double sizePixels) {
        if (advances.length == 0) {
            return 0;
        }
        int units = glyph < advances.length ? advances[glyph] : advances[advances.length - 1];
        return units * sizePixels / unitsPerEm;
    }

    /** Pixels per em of the strike the bitmaps are drawn from. */
    int ppem() {
        return ppem;
    }

    /** The glyph's bitmap, or null when it has none (or its image cannot be read). */
    Bitmap bitmap(int glyph) {
        Locator locator = locators.get(glyph);
        if (locator == null || locator.imageFormat() != 17 && locator.imageFormat() != 18) {
            return null;
        }
        return decoded.computeIfAbsent(glyph, g -> {
            byte[] png = new byte[locator.length()];
            font.slice(locator.offset(), locator.length()).get(png);
            try {
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
                return image == null ? null : new Bitmap(image, locator.bearingX(), locator.bearingY());
            } catch (IOException e) {
                return null;
            }
        });
    }

    boolean hasBitmap(int glyph) {
        return locators.containsKey(glyph);
    }
}
