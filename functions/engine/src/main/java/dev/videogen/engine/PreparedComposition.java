package dev.videogen.engine;

import dev.videogen.engine.chunks.ChunkPlanner;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.RenderPlan;
import dev.videogen.engine.plan.RenderPlanner;
import dev.videogen.engine.plan.Timeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A composition whose sources are fetched and probed, from which any piece of a chunked render can be rendered: the
 * picture of a range of frames, or the whole sound. Pieces may render at the same time (each FFmpeg pass has its own
 * files). Closing it removes the sources and everything else it wrote in its directory.
 */
public final class PreparedComposition implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedComposition.class);

    private final Renderer renderer;
    private final CompositionRequest request;
    private final Renderer.Prepared prepared;
    private final Renderer.Workspace workspace;
    private final FfmpegPass pass;
    private final Renderer.Progress progress;
    private final long startedNanos;
    private final AtomicInteger pieces = new AtomicInteger();

    PreparedComposition(Renderer renderer, CompositionRequest request, Renderer.Prepared prepared,
                        Renderer.Workspace workspace, Renderer.Progress progress, long startedNanos) {
        this.renderer = renderer;
        this.request = request;
        this.prepared = prepared;
        this.workspace = workspace;
        this.progress = progress;
        this.startedNanos = startedNanos;
        this.pass = new FfmpegPass(renderer.ffmpeg(), renderer.config());
    }

    public CompositionRequest request() {
        return request;
    }

    public Timeline timeline() {
        return prepared.timeline();
    }

    public List<SourceReport> sources() {
        return prepared.reports();
    }

    Renderer.Prepared prepared() {
        return prepared;
    }

    Path directory() {
        return workspace.directory();
    }

    Renderer.Progress progress() {
        return progress;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** How many frames the whole output has. */
    public long frameCount() {
        return ChunkPlanner.frameCount(prepared.timeline().duration(), request.fps());
    }

    /**
     * Renders the picture of {@code range} into {@code output}, a segment that joins its neighbours by stream copy.
     *
     * @param framesEncoded told how many of the range's frames are encoded so far, as FFmpeg reports them
     */
    public RenderedPiece renderSegment(FrameRange range, Path output, LongConsumer framesEncoded,
                                       Cancellation cancellation) {
        RenderPlan plan = RenderPlanner.planSegment(inputs(output), range);
        return run(plan, output, cancellation, seconds -> framesEncoded.accept(
                Math.min(range.frames(), Math.round(seconds * request.fps()))));
    }

    /** Renders the sound of the whole output into {@code output}, mixed once. */
    public RenderedPiece renderSound(Path output, Cancellation cancellation) {
        return run(RenderPlanner.planSound(inputs(output)), output, cancellation, seconds -> { });
    }

    /**
     * The single FFmpeg pass that would render the whole output into {@code output}, its text files written, for
     * tools that measure the engine's command against variants of it.
     */
    public RenderPlan wholePlan(Path output) {
        RenderPlan plan = RenderPlanner.plan(inputs(output));
        try {
            Renderer.writeTextFiles(plan);
        } catch (IOException e) {
            throw Renderer.storageFailure(e);
        }
        return plan;
    }

    /** A file named {@code name} in the composition's own directory (removed on close), for a piece. */
    public Path scratchFile(String name) {
        return workspace.directory().resolve(name);
    }

    private RenderPlanner.Inputs inputs(Path output) {
        // each piece writes its text files in a directory of its own, so pieces rendering at once never share one
        Path directory = workspace.directory().resolve("piece-" + pieces.getAndIncrement());
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw Renderer.storageFailure(e);
        }
        // FFmpeg runs in the workspace, so every path it is given is absolute
        return new RenderPlanner.Inputs(request, prepared.timeline(), prepared.files(),
                renderer.config().fontDirectory().toAbsolutePath(), directory, output.toAbsolutePath(),
                renderer.config().encoder());
    }

    private RenderedPiece run(RenderPlan plan, Path output, Cancellation cancellation,
                              java.util.function.DoubleConsumer seconds) {
        if (cancellation.cancelled()) {
            throw new RenderCancelledException("the render was cancelled");
        }
        try {
            Renderer.writeTextFiles(plan);
        } catch (IOException e) {
            throw Renderer.storageFailure(e);
        }
        LOG.debug("ffmpeg {}", String.join(" ", plan.arguments()));
        return pass.run(plan.arguments(), workspace.directory(), output, cancellation, seconds);
    }

    @Override
    public void close() {
        workspace.close();
    }
}
