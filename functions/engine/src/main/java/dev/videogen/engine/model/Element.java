package dev.videogen.engine.model;

import dev.videogen.engine.motion.Motion;
import java.util.OptionalDouble;

/**
 * One layer of a composition, with every default of the contract already applied.
 *
 * @param id              unique within the request; used in error messages
 * @param index           position in the request's {@code elements} array
 * @param type            what the element is
 * @param source          where the media comes from ({@code null} for text)
 * @param text            the literal text of a text element ({@code null} otherwise)
 * @param track           higher tracks are drawn above lower ones; ties go to the later element
 * @param time            seconds on the output timeline when the element starts
 * @param duration        seconds the element lasts, or empty for "auto"
 * @param trimStart       seconds into the source where the used part starts (video, audio)
 * @param trimEnd         seconds into the source where the used part ends, or empty for the source's end
 * @param x               left edge of the box
 * @param y               top edge of the box
 * @param width           width of the box
 * @param height          height of the box
 * @param fitMode         how media fills the box
 * @param opacity         0..1
 * @param volume          0..4, 0 mutes (video, audio)
 * @param loop            repeat the used part of the source to fill {@code duration}
 * @param fontSize        text size, pixels or percent of the output height
 * @param fontFamily      one of {@link Fonts#BUNDLED}
 * @param color           text colour
 * @param backgroundColor colour filling the text element's box (transparent by default)
 * @param textAlign       horizontal alignment of text lines inside the box
 * @param motion          keyframes, presets, Ken Burns, transition and sound fades; {@link Motion#NONE} for none
 * @param textOptions     the other text fields (text and caption elements)
 * @param captions        the cues and highlight of a caption element, or {@code null}
 */
public record Element(
        String id,
        int index,
        ElementType type,
        String source,
        String text,
        int track,
        double time,
        OptionalDouble duration,
        double trimStart,
        OptionalDouble trimEnd,
        Length x,
        Length y,
        Length width,
        Length height,
        FitMode fitMode,
        double opacity,
        double volume,
        boolean loop,
        Length fontSize,
        String fontFamily,
        Rgba color,
        Rgba backgroundColor,
        TextAlign textAlign,
        Motion motion,
        TextOptions textOptions,
        CaptionOptions captions) {

    /** The element's JSON path in the request, e.g. {@code elements[2]}. */
    public String path() {
        return "elements[" + index + "]";
    }

    /** Whether the element draws text (a text or caption element). */
    public boolean drawsText() {
        return type == ElementType.TEXT || type == ElementType.CAPTION;
    }

    /** Whether the element's sound is part of the mix. */
    public boolean audible() {
        return type.timedMedia() && volume > 0;
    }
}
