package dev.videogen.engine.ffmpeg;

/** FFmpeg was killed because the render was cancelled. */
public class FfmpegCancelledException extends RuntimeException {

    public FfmpegCancelledException() {
        super("FFmpeg was stopped because the render was cancelled");
    }
}
