package dev.videogen.engine;

import dev.videogen.engine.chunks.ChunkPlanner;
import dev.videogen.engine.chunks.ChunkedFormats;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.OutputFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Renders a composition on this machine the way the service fans a long job out: the frames split into chunks, each
 * chunk's picture rendered by its own FFmpeg process at the same time as the others and as the sound (mixed once for
 * the whole output), then the pieces stitched by stream copy. A GIF, or a single chunk, is rendered in one pass.
 */
public final class ChunkedRenderer {

    private final Renderer renderer;
    private final SegmentStitcher stitcher;

    public ChunkedRenderer(Renderer renderer) {
        this.renderer = renderer;
        this.stitcher = new SegmentStitcher(renderer.config());
    }

    /**
     * What a chunked render did, beside the result.
     *
     * @param result        the output, as a single pass reports it
     * @param ranges        the chunks' frames
     * @param segmentTimes  wall time of each chunk's FFmpeg pass, in chunk order
     * @param soundTime     wall time of the sound's pass (zero without sound)
     * @param stitchTime    wall time of the stitch
     */
    public record Outcome(RenderResult result, List<FrameRange> ranges, List<Duration> segmentTimes,
                          Duration soundTime, Duration stitchTime) {
    }

    /**
     * Renders {@code request} to {@code output} in {@code chunks} chunks (fewer when the output has fewer frames).
     * Progress is the share of frames encoded across all chunks, never going down.
     */
    public Outcome render(CompositionRequest request, Path output, int chunks, RenderListener listener,
                          Cancellation cancellation) {
        if (chunks < 1) {
            throw new IllegalArgumentException("at least one chunk: " + chunks);
        }
        OutputFormat format = request.outputFormat();
        if (chunks == 1 || !ChunkedFormats.chunkable(request)) {
            RenderResult single = renderer.render(request, output, listener, cancellation);
            long frames = ChunkPlanner.frameCount(single.durationSeconds(), request.fps());
            return new Outcome(single, List.of(new FrameRange(0, 0, frames)), List.of(single.encodeElapsed()),
                    Duration.ZERO, Duration.ZERO);
        }
        long started = System.nanoTime();
        try (PreparedComposition composition = renderer.prepare(request, listener, cancellation)) {
            List<FrameRange> ranges = ChunkPlanner.evenly(composition.frameCount(), chunks);
            String extension = ChunkedFormats.pieceExtension(format);
            List<Path> segments = new ArrayList<>();
            for (FrameRange range : ranges) {
                segments.add(composition.scratchFile(String.format(Locale.ROOT, "segment-%04d.%s", range.index(),
                        extension)));
            }
            Path sound = format.hasAudio() ? composition.scratchFile("sound." + extension) : null;
            AtomicLongArray encoded = new AtomicLongArray(ranges.size());
            long total = composition.frameCount();
            FrameProgress progress = new FrameProgress(listener, total);
            AtomicBoolean failed = new AtomicBoolean();
            Cancellation stop = () -> failed.get() || cancellation.cancelled();
            ExecutorService pool = Executors.newFixedThreadPool(ranges.size() + 1, runnable -> {
                Thread thread = new Thread(runnable, "chunk-render");
                thread.setDaemon(true);
                return thread;
            });
            try {
                List<Future<RenderedPiece>> pieces = new ArrayList<>();
                for (FrameRange range : ranges) {
                    pieces.add(pool.submit(() -> guarded(failed, () -> composition.renderSegment(range,
                            segments.get(range.index()), frames -> {
                                encoded.set(range.index(), Math.max(encoded.get(range.index()), frames));
                                progress.report(sum(encoded));
                            }, stop))));
                }
                Future<RenderedPiece> soundPiece = sound == null ? null
                        : pool.submit(() -> guarded(failed, () -> composition.renderSound(sound, stop)));
                List<Duration> segmentTimes = new ArrayList<>();
                RuntimeException first = null;
                for (Future<RenderedPiece> piece : pieces) {
                    try {
                        segmentTimes.add(await(piece).elapsed());
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
                Duration soundTime = Duration.ZERO;
                if (soundPiece != null) {
                    try {
                        soundTime = await(soundPiece).elapsed();
                    } catch (RuntimeException e) {
                        first = first == null ? e : first;
                    }
                }
                if (first != null) {
                    throw cancellation.cancelled() ? new RenderCancelledException("the render was cancelled") : first;
                }
                listener.progress(RenderStep.ENCODING, 100);
                RenderedPiece stitched = stitcher.stitch(format, segments, sound, output, cancellation);
                RenderResult result = new RenderResult(output, stitched.sizeBytes(), composition.timeline().duration(),
                        request.width(), request.height(), format, Duration.ofNanos(System.nanoTime() - started),
                        Duration.ofNanos(System.nanoTime() - started), composition.sources(), composition.timeline());
                return new Outcome(result, ranges, segmentTimes, soundTime, stitched.elapsed());
            } finally {
                // the pieces are in the composition's directory, removed with it
                pool.shutdownNow();
            }
        }
    }

    /** Runs a piece; when it fails, the others are told to stop. */
    private static RenderedPiece guarded(AtomicBoolean failed, java.util.function.Supplier<RenderedPiece> piece) {
        try {
            return piece.get();
        } catch (RuntimeException e) {
            failed.set(true);
            throw e;
        }
    }

    private static RenderedPiece await(Future<RenderedPiece> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new RenderException(ErrorCode.PROCESSING_FAILED, "a chunk could not be rendered", null, false,
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderCancelledException("the render was interrupted");
        }
    }

    private static long sum(AtomicLongArray values) {
        long total = 0;
        for (int i = 0; i < values.length(); i++) {
            total += values.get(i);
        }
        return total;
    }

    /** Frames encoded over all frames, as a percentage of the encoding step that never goes down. */
    private static final class FrameProgress {
        private final RenderListener listener;
        private final long total;
        private double reported = -1;

        FrameProgress(RenderListener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        synchronized void report(long frames) {
            double percent = 15 + 85.0 * Math.min(total, frames) / total;
            if (percent > reported) {
                reported = percent;
                listener.progress(RenderStep.ENCODING, Math.min(99.9, percent));
            }
        }
    }
}
