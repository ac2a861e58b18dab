package dev.videogen.engine.text;

import dev.videogen.engine.model.TextAlign;
import dev.videogen.engine.model.VerticalAlign;

/**
 * The font and layout choices of a text.
 *
 * @param stack         the faces, primary first
 * @param fontSize      pixels, or &lt;= 0 for "auto"
 * @param lineHeight    multiple of the font size
 * @param letterSpacing pixels after each character
 * @param align         horizontal alignment of the lines
 * @param verticalAlign vertical alignment of the block
 * @param padding       pixels kept free inside the box on every side
 */
public record TextStyle(FontStack stack, double fontSize, double lineHeight, double letterSpacing, TextAlign align,
                        VerticalAlign verticalAlign, double padding) {
}
