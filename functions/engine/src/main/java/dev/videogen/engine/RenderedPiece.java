package dev.videogen.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A piece of a chunked render written to disk: a segment of frames, the sound, or the stitched output.
 *
 * @param file      where it is
 * @param sizeBytes its size
 * @param elapsed   wall time of the FFmpeg pass that wrote it
 */
public record RenderedPiece(Path file, long sizeBytes, Duration elapsed) {
}
