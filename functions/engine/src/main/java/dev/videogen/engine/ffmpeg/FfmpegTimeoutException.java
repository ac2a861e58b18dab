package dev.videogen.engine.ffmpeg;

import java.time.Duration;

/** FFmpeg ran past its wall-clock limit and was killed. */
public class FfmpegTimeoutException extends RuntimeException {

    public FfmpegTimeoutException(Duration limit) {
        super("FFmpeg ran longer than " + limit.toSeconds() + " s and was stopped");
    }
}
