package dev.videogen.engine.ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Finds the FFmpeg binary: an explicit path (the {@code FFMPEG_PATH} setting), else the Lambda layer's
 * {@code /opt/bin/ffmpeg}, else the static build bundled with jave, extracted on first use.
 */
public final class FfmpegLocator {

    /** Where the FFmpeg Lambda layer puts the binary. */
    public static final Path LAMBDA_LAYER_BINARY = Path.of("/opt/bin/ffmpeg");

    private static volatile Path bundled;

    private FfmpegLocator() {
    }

    /**
     * The binary to run.
     *
     * @param configuredPath the {@code FFMPEG_PATH} setting, or {@code null}/blank when unset
     * @throws IllegalStateException when a configured path is not an executable file
     */
    public static Path locate(String configuredPath) {
        if (configuredPath != null && !configuredPath.isBlank()) {
            Path path = Path.of(configuredPath);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new IllegalStateException("FFMPEG_PATH does not name an executable file: " + configuredPath);
            }
            return path;
        }
        if (Files.isExecutable(LAMBDA_LAYER_BINARY)) {
            return LAMBDA_LAYER_BINARY;
        }
        return bundledBinary();
    }

    /** The static FFmpeg jave bundles, extracted to {@code ${java.io.tmpdir}/jave/} once per machine. */
    public static Path bundledBinary() {
        Path path = bundled;
        if (path == null) {
            synchronized (FfmpegLocator.class) {
                path = bundled;
                if (path == null) {
                    path = Path.of(new DefaultFFMPEGLocator().getExecutablePath());
                    bundled = path;
                }
            }
        }
        return path;
    }
}
