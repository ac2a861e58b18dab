package dev.videogen.engine.plan;

/**
 * How times are written in a caption's list of pictures and read back. FFmpeg's concat demuxer times PNG pictures in
 * 1/25 s, which would move a state's start by up to 20 ms (more than half a frame at 30 fps and above); written
 * {@link #SCALE} times longer, a tick of the list is a millisecond of real time, and the layer's filter divides the
 * times back.
 */
public final class CaptionListTime {

    /** How much longer the list's times are written than they are. */
    public static final int SCALE = 40;

    private CaptionListTime() {
    }

    /** The duration written in the list for a picture shown {@code seconds}. */
    public static double written(double seconds) {
        return seconds * SCALE;
    }

    /** The filter that puts the list's pictures back at their times from the list's start, to the millisecond. */
    static String readBack() {
        return "settb=1/1000,setpts=(PTS-STARTPTS)/" + SCALE;
    }
}
