package dev.videogen.engine.text;

import java.nio.file.Path;

/**
 * The drawn text of one element, ready for FFmpeg: a PNG (text) or a concat list of PNGs timed on the output
 * (captions), each {@code width}×{@code height}, to be laid at {@code left}, {@code top} of the frame.
 *
 * @param file           the PNG, or the {@code ffconcat} list
 * @param sequence       whether {@code file} is a concat list
 * @param width          canvas width
 * @param height         canvas height
 * @param left           where the canvas's left edge goes on the frame (the box's, less the margin)
 * @param top            where the canvas's top edge goes
 * @param distinctImages how many different pictures were drawn (for captions, one per distinct cue state)
 * @param missingGlyphs  glyphs no bundled face has, drawn as the missing-glyph box
 * @param drawNanos      time spent laying out, drawing and writing
 */
public record TextPicture(Path file, boolean sequence, int width, int height, int left, int top, int distinctImages,
                          int missingGlyphs, long drawNanos) {
}
