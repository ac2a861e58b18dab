package dev.videogen.engine.model;

import dev.videogen.engine.captions.Cue;
import java.util.List;

/**
 * What a caption element shows besides its text style.
 *
 * @param cues                inline {@code captions}, times relative to the element's start; empty when the cues come
 *                            from the element's {@code source}
 * @param maxLines            lines on screen at once; a longer cue is shown in pages
 * @param highlightColor      fill of the word being spoken
 * @param highlightBackground fill behind the word being spoken (transparent: none)
 */
public record CaptionOptions(List<Cue> cues, int maxLines, Rgba highlightColor, Rgba highlightBackground) {

    public static final Rgba DEFAULT_HIGHLIGHT = new Rgba(0xFF, 0xD7, 0x00, 255);

    public CaptionOptions {
        cues = List.copyOf(cues);
    }
}
