package dev.videogen.engine.plan;

/**
 * The part of one element a plan renders, in the element's own time (0 = when it appears): the whole element in a
 * single pass, or what a chunk of the output shows of it. Pure.
 *
 * <p>A chunk does not decode its sources from the start: each one is opened at {@code decodeFrom}, the whole second
 * at least half a second before {@code from}, so the source frame that the single pass shows at the chunk's first output frame is decoded too
 * (the frame-rate conversion picks, for each output slot, a source frame that may start slightly before it). Frames
 * keep their own timestamps shifted by {@code decodeFrom}, so every frame lands in the same output slot as in the
 * single pass, and the layer is then cut to {@code [from, to)}.
 *
 * @param from       the first instant rendered, seconds after the element appears
 * @param to         the end of what is rendered (exclusive)
 * @param decodeFrom where decoding starts, in the same time (at most {@code from}; 0 in a single pass)
 * @param firstPass  the first pass over a looped segment that is opened (0 when not looped)
 * @param lastPass   the last pass opened
 */
public record LayerWindow(double from, double to, double decodeFrom, int firstPass, int lastPass) {

    /** How far before a chunk's first instant decoding starts: more than one frame of any source. */
    static final double DECODE_MARGIN_SECONDS = 0.5;

    /** The whole element, as a single pass renders it. */
    public static LayerWindow whole(TimedElement timed) {
        return new LayerWindow(0, timed.duration(), 0, 0, timed.passes() - 1);
    }

    /** Whether this is the whole element rendered from its start. */
    public boolean whole() {
        return from == 0 && decodeFrom == 0;
    }

    /**
     * What a chunk covering output seconds {@code [windowStart, windowEnd)} renders of {@code timed}, or
     * {@code null} when the element is not on screen then.
     */
    public static LayerWindow within(TimedElement timed, double windowStart, double windowEnd) {
        if (timed.end() <= windowStart || timed.start() >= windowEnd) {
            return null;
        }
        double from = Math.max(0, windowStart - timed.start());
        double to = Math.min(timed.duration(), windowEnd - timed.start());
        if (from == 0) {
            return new LayerWindow(0, to, 0, 0, lastPass(timed, to));
        }
        if (!timed.timedSource()) {
            // a still repeats one picture a second: decode from the whole second before, on the same grid
            return new LayerWindow(from, to, Math.floor(from), 0, 0);
        }
        double segment = timed.segmentLength();
        if (timed.passes() == 1) {
            // past the end of its source the element holds the last frame: decode the end to have that frame
            double decodeFrom = wholeSeconds(Math.min(from, segment) - DECODE_MARGIN_SECONDS);
            return new LayerWindow(from, to, decodeFrom, 0, 0);
        }
        int firstPass = (int) Math.min(timed.passes() - 1, Math.floor(from / segment));
        double intoPass = wholeSeconds(from - firstPass * segment - DECODE_MARGIN_SECONDS);
        return new LayerWindow(from, to, firstPass * segment + intoPass, firstPass, lastPass(timed, to));
    }

    /**
     * A seek point rounded down to a whole second: every container's time base counts whole seconds exactly, so the
     * seek and the shift back by it leave each frame's timestamp exactly where the single pass has it (a fraction
     * would move it by part of a tick, and a source frame that falls exactly between two output frames could then be
     * picked for the other one).
     */
    private static double wholeSeconds(double seconds) {
        return Math.max(0, Math.floor(seconds));
    }

    private static int lastPass(TimedElement timed, double to) {
        if (timed.passes() == 1) {
            return 0;
        }
        int last = (int) Math.ceil(to / timed.segmentLength() - 1e-9) - 1;
        return Math.max(0, Math.min(timed.passes() - 1, last));
    }

    /**
     * The number of the element's first frame this window renders, its frames counted from 0 at its start at the
     * output rate: the frame the layer's trim keeps first (its start rounded to the nearest frame), 0 when whole.
     * Motion that counts frames rather than reading time (Ken Burns) starts counting there.
     */
    long firstFrame(double fps) {
        return whole() ? 0 : Math.round(from * fps);
    }

    /** Seconds into the opened part of the first opened pass where decoding starts. */
    double seekIntoFirstPass(TimedElement timed) {
        return timed.passes() == 1 ? decodeFrom : decodeFrom - firstPass * timed.segmentLength();
    }
}
