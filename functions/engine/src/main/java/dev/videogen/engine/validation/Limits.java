package dev.videogen.engine.validation;

/** The bounds the contract and the schema put on a request. */
public final class Limits {

    public static final int MIN_DIMENSION = 16;
    public static final int MAX_WIDTH = 7680;
    public static final int MAX_HEIGHT = 4320;
    public static final double MIN_FPS = 1;
    public static final double MAX_FPS = 60;
    public static final int MAX_ELEMENTS = 100;
    public static final int MAX_TEXT_CODE_POINTS = 2000;
    public static final int MAX_METADATA_BYTES = 16 * 1024;
    public static final int MAX_SOURCE_LENGTH = 2048;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_ID_LENGTH = 64;
    /** Longest output the service renders, in seconds. */
    public static final double MAX_OUTPUT_SECONDS = 900;
    /** Latest start of an element on the timeline, in seconds. */
    public static final double MAX_TIME_SECONDS = 3600;
    public static final int MAX_TRACK = 1000;
    public static final double MAX_VOLUME = 4;
    /** Largest box side, in pixels, after percentages are resolved. */
    public static final int MAX_BOX_SIDE = 16384;
    /** Bounds for a percentage position or size. */
    public static final double MAX_PERCENT = 1000;
    public static final int MAX_FONT_SIZE_PIXELS = 2000;
    /** Longest GIF, in seconds: palette generation holds every frame in memory. */
    public static final double MAX_GIF_SECONDS = 60;

    private Limits() {
    }
}
