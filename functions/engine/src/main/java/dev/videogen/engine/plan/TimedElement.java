package dev.videogen.engine.plan;

import dev.videogen.engine.media.MediaInfo;
import dev.videogen.engine.model.Element;

/**
 * An element placed on the output timeline.
 *
 * @param element       the element as requested
 * @param media         what probing its source found, or {@code null} for text
 * @param start         seconds on the output when it appears
 * @param end           seconds on the output when it disappears (exclusive), at most the output's duration
 * @param trimStart     seconds into the source where the used part starts
 * @param segmentLength seconds of source used per pass (after trimming); 0 for stills and text
 */
public record TimedElement(Element element, MediaInfo media, double start, double end, double trimStart,
                           double segmentLength) {

    public double duration() {
        return end - start;
    }

    /** Whether the source is a moving picture or sound with its own length (not a still or text). */
    public boolean timedSource() {
        return segmentLength > 0;
    }

    /** How many passes over the used segment fill the element's duration. */
    public int passes() {
        if (!timedSource() || !element.loop()) {
            return 1;
        }
        return (int) Math.max(1, Math.ceil(duration() / segmentLength - 1e-9));
    }
}
