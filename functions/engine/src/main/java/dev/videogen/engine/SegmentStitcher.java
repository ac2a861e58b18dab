package dev.videogen.engine;

import dev.videogen.engine.chunks.StitchPlan;
import dev.videogen.engine.chunks.StitchPlanner;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.model.OutputFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Joins the segments of a chunked render and its sound into the output by copying packets: the picture is neither
 * decoded nor encoded again. Needs no sources, so whichever worker finishes a job's last piece can run it.
 */
public final class SegmentStitcher {

    private final RendererConfig config;
    private final FfmpegPass pass;

    public SegmentStitcher(RendererConfig config) {
        this.config = config;
        this.pass = new FfmpegPass(new FfmpegProcess(config.ffmpeg()), config);
    }

    /**
     * Writes {@code output} from {@code segments} (in output order, all in one directory) and {@code sound}
     * ({@code null} for a format without audio). The list file it writes beside the segments is removed afterwards.
     */
    public RenderedPiece stitch(OutputFormat format, List<Path> segments, Path sound, Path output,
                                Cancellation cancellation) {
        // FFmpeg runs in the segments' directory, so every path it is given is absolute
        List<Path> absoluteSegments = segments.stream().map(Path::toAbsolutePath).toList();
        StitchPlan plan = StitchPlanner.plan(new StitchPlanner.Inputs(format, absoluteSegments,
                sound == null ? null : sound.toAbsolutePath(), output.toAbsolutePath(), config.encoder().maxOutputBytes()));
        try {
            Files.writeString(plan.listFile(), plan.listContent(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Renderer.storageFailure(e);
        }
        try {
            Path directory = (absoluteSegments.isEmpty() ? output.toAbsolutePath() : absoluteSegments.get(0)).getParent();
            return pass.run(plan.arguments(), directory, output, cancellation, seconds -> { });
        } finally {
            Renderer.deleteQuietly(plan.listFile());
        }
    }
}
