package dev.videogen.engine;

import dev.videogen.engine.plan.EncoderSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the renderer runs.
 *
 * @param ffmpeg          the FFmpeg binary
 * @param workRoot        where per-render temporary directories are made
 * @param fontDirectory   a directory holding the bundled font files
 * @param encoder         encoder choices
 * @param maxSourceBytes  the most bytes one source may have
 * @param maxSourcePixels the most pixels one source frame may have
 * @param maxSourceSeconds the longest source accepted
 * @param renderTimeLimit wall-clock limit of the FFmpeg pass
 * @param parallelDownloads how many sources are fetched at once
 */
public record RendererConfig(Path ffmpeg, Path workRoot, Path fontDirectory, EncoderSettings encoder,
                             long maxSourceBytes, long maxSourcePixels, double maxSourceSeconds,
                             Duration renderTimeLimit, int parallelDownloads) {

    public static final long DEFAULT_MAX_SOURCE_BYTES = 1024L * 1024 * 1024;
    public static final long DEFAULT_MAX_SOURCE_PIXELS = 8192L * 8192;
    public static final double DEFAULT_MAX_SOURCE_SECONDS = 4 * 3600;

    /** Defaults around a binary, a work root and a font directory. */
    public static RendererConfig defaults(Path ffmpeg, Path workRoot, Path fontDirectory) {
        return new RendererConfig(ffmpeg, workRoot, fontDirectory, EncoderSettings.DEFAULT, DEFAULT_MAX_SOURCE_BYTES,
                DEFAULT_MAX_SOURCE_PIXELS, DEFAULT_MAX_SOURCE_SECONDS, Duration.ofMinutes(14), 4);
    }

    public RendererConfig withEncoder(EncoderSettings settings) {
        return new RendererConfig(ffmpeg, workRoot, fontDirectory, settings, maxSourceBytes, maxSourcePixels,
                maxSourceSeconds, renderTimeLimit, parallelDownloads);
    }

    public RendererConfig withRenderTimeLimit(Duration limit) {
        return new RendererConfig(ffmpeg, workRoot, fontDirectory, encoder, maxSourceBytes, maxSourcePixels,
                maxSourceSeconds, limit, parallelDownloads);
    }

    public RendererConfig withMaxSourceBytes(long bytes) {
        return new RendererConfig(ffmpeg, workRoot, fontDirectory, encoder, bytes, maxSourcePixels,
                maxSourceSeconds, renderTimeLimit, parallelDownloads);
    }
}
