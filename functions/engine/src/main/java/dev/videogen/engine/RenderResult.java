package dev.videogen.engine;

import dev.videogen.engine.model.OutputFormat;
import dev.videogen.engine.plan.Timeline;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A finished render.
 *
 * @param file             the output file
 * @param sizeBytes        its size
 * @param durationSeconds  its length
 * @param width            frame width
 * @param height           frame height
 * @param format           container and codecs
 * @param elapsed          wall time of the whole render, downloads included
 * @param encodeElapsed    wall time of the FFmpeg pass alone
 * @param sources          what each source turned out to be
 * @param timeline         when each element showed or sounded
 */
public record RenderResult(Path file, long sizeBytes, double durationSeconds, int width, int height,
                           OutputFormat format, Duration elapsed, Duration encodeElapsed, List<SourceReport> sources,
                           Timeline timeline) {

    public RenderResult {
        sources = List.copyOf(sources);
    }
}
