package dev.videogen.engine.text;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One font file loaded for drawing: its outlines through Java2D (which shapes with HarfBuzz), and its colour bitmaps
 * when it is a colour emoji font.
 *
 * @param name   the family name used in messages and documents
 * @param font   the font at size 1, in its own style
 * @param bold   whether the file's design is bold (else bold is synthesised)
 * @param italic whether the file's design is italic (else italic is synthesised)
 * @param colour the colour bitmaps, or null for an outline font
 */
public record FontFace(String name, Font font, boolean bold, boolean italic, ColorBitmapGlyphs colour) {

    /**
     * Reads a TrueType or OpenType file.
     *
     * @throws IOException         when the file cannot be read
     * @throws FontFormatException when it is not a font Java2D can draw
     */
    public static FontFace load(String name, Path file, boolean bold, boolean italic)
            throws IOException, FontFormatException {
        byte[] bytes = Files.readAllBytes(file);
        Font font = Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes));
        return new FontFace(name, font, bold, italic, ColorBitmapGlyphs.read(bytes));
    }

    /** Whether the face has a glyph for {@code codePoint}. */
    public boolean covers(int codePoint) {
        return font.canDisplay(codePoint);
    }

    /** The face at {@code sizePixels}, with bold or italic synthesised when asked for and not designed in. */
    Font at(float sizePixels, boolean wantBold, boolean wantItalic) {
        int style = (wantBold && !bold ? Font.BOLD : 0) | (wantItalic && !italic ? Font.ITALIC : 0);
        return style == 0 ? font.deriveFont(sizePixels) : font.deriveFont(style, sizePixels);
    }
}
