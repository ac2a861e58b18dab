package dev.videogen.engine.media;

/** FFmpeg could not read or decode a source file. */
public class MediaProbeException extends RuntimeException {

    public MediaProbeException(String message) {
        super(message);
    }
}
