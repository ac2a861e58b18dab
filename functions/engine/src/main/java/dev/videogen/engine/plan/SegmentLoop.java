package dev.videogen.engine.plan;

import dev.videogen.engine.media.MediaInfo;
import java.util.Locale;

/**
 * A looped segment repeated inside the filter graph: its file is opened once, cut to the segment, and the first
 * pass's decoded frames ({@code loop}) and samples ({@code aloop}) are held and played again for every further pass,
 * so any number of passes costs one input and one decode of the segment. Pure.
 *
 * <p>What is held is capped at {@link #MAX_HELD_BYTES} for the picture (frames at the source's size and pixel format,
 * counted generously from its frame rate) and as much for the sound (48 kHz stereo float). A 1920×1080 4:2:0 source at
 * 30 fps fits about 2.2 s of segment, a 640×360 one about 20 s; sound fits about 11 minutes. A segment past the cap is
 * opened once per pass, as long segments need few passes (one shorter than the output's 900 s needs at most
 * {@code 900 / segment}). A pass lasts as many whole source frames as the cut holds, as when each pass was opened on
 * its own; the sound repeats sample-exactly.
 */
final class SegmentLoop {

    /** The most a loop holds of one element's picture, and of its sound. */
    static final long MAX_HELD_BYTES = 256L << 20;
    /** The loop filter's own limit on the frames it holds. */
    static final int MAX_FRAMES = 32767;
    /** Frame rate assumed when the probe did not find one. */
    private static final double UNKNOWN_FRAME_RATE = 120;
    /** Sound is held after resampling: 48 kHz, two channels of 4-byte floats. */
    private static final int BYTES_PER_SAMPLE = 8;

    private SegmentLoop() {
    }

    /**
     * Whether the passes of {@code timed} that {@code window} shows are repeated in the graph from one opening of its
     * file: every looped segment whose held frames and samples fit, except an untrimmed one rendered from its start
     * (the demuxer loops the whole file for that, holding nothing).
     */
    static boolean inGraph(TimedElement timed, LayerWindow window) {
        if (timed.passes() < 2) {
            return false;
        }
        MediaInfo media = timed.media();
        double sourceLength = media.duration().orElse(timed.segmentLength());
        boolean untrimmed = timed.trimStart() == 0 && Math.abs(timed.segmentLength() - sourceLength) < 1e-6;
        if (untrimmed && window.decodeFrom() == 0) {
            return false;
        }
        boolean pictureFits = !media.hasVideo() || !timed.element().type().visual()
                || (heldFrames(timed) <= MAX_FRAMES && heldFrames(timed) * frameBytes(media) <= MAX_HELD_BYTES);
        boolean soundFits = !media.hasAudio() || heldSamples(timed) * BYTES_PER_SAMPLE <= MAX_HELD_BYTES;
        return pictureFits && soundFits;
    }

    /** The {@code loop} filter repeating the picture's first pass until pass {@code lastPass} (counted from 0). */
    static String picture(TimedElement timed, int lastPass) {
        return String.format(Locale.ROOT, "loop=loop=%d:size=%d:start=0", lastPass, heldFrames(timed));
    }

    /** The {@code aloop} filter repeating the sound's first pass (at 48 kHz) for every pass of the element. */
    static String sound(TimedElement timed) {
        return String.format(Locale.ROOT, "aloop=loop=%d:size=%d:start=0", timed.passes() - 1, heldSamples(timed));
    }

    /**
     * Room for the frames of one pass: a quarter more than its length at the probed rate, and a few, as a variable
     * frame rate can put more frames in a short cut. The filter holds only the frames the cut has.
     */
    static long heldFrames(TimedElement timed) {
        double rate = timed.media().frameRate() > 0 ? timed.media().frameRate() : UNKNOWN_FRAME_RATE;
        return (long) Math.ceil(timed.segmentLength() * rate * 1.25) + 4;
    }

    /** Room for the samples of one pass at 48 kHz, a tenth of a second more than it lasts. */
    static long heldSamples(TimedElement timed) {
        return (long) Math.ceil((timed.segmentLength() + 0.1) * AudioMix.SAMPLE_RATE);
    }

    /** The bytes of one decoded frame: 4:2:0, 4:2:2 or 4:4:4 planes, alpha or packed RGB, 8 or more bits. */
    static long frameBytes(MediaInfo media) {
        String format = media.pixelFormat() == null ? "" : media.pixelFormat();
        double perPixel;
        if (media.alpha() || format.contains("rgb") || format.contains("bgr") || format.contains("gbr")) {
            perPixel = 4;
        } else if (format.contains("444")) {
            perPixel = 3;
        } else if (format.contains("422")) {
            perPixel = 2;
        } else {
            perPixel = 1.5;
        }
        if (format.matches(".*(9|10|12|14|16)(le|be)?$")) {
            perPixel *= 2;
        }
        return (long) Math.ceil((long) media.width() * media.height() * perPixel);
    }
}
