package dev.videogen.engine.captions;

/** A subtitle file that cannot be used: too large, too many cues, or not SRT/WebVTT; the message says where. */
public final class SubtitleFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public SubtitleFormatException(String message) {
        super(message);
    }
}
