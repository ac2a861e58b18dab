package dev.videogen.jobs.chunks;

import dev.videogen.engine.PreparedComposition;
import dev.videogen.engine.chunks.ChunkPlanner;
import dev.videogen.engine.chunks.ChunkedFormats;
import dev.videogen.engine.chunks.FrameRange;
import dev.videogen.jobs.db.JobRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether a job is split, and hands a split job over to its pieces: a job longer than twice
 * {@code CHUNK_SECONDS} (an MP4, MOV or WebM whose pictures do not move; a GIF, or a composition with motion, renders
 * whole) becomes one piece per chunk of frames and one for its sound, each a message of its own on the render queue.
 */
public final class ChunkPlanning {

    private final ChunkRepository chunks;
    private final ChunkQueue queue;
    private final double chunkSeconds;

    /** {@code chunkSeconds} 0 turns splitting off. */
    public ChunkPlanning(ChunkRepository chunks, ChunkQueue queue, double chunkSeconds) {
        this.chunks = chunks;
        this.queue = queue;
        this.chunkSeconds = chunkSeconds;
    }

    /** The chunks of a prepared job; a single range means it renders in one pass. */
    public List<FrameRange> ranges(PreparedComposition composition) {
        long frames = composition.frameCount();
        if (chunkSeconds <= 0 || !ChunkedFormats.chunkable(composition.request())) {
            return List.of(new FrameRange(0, 0, frames));
        }
        return ChunkPlanner.byDuration(composition.timeline().duration(), composition.request().fps(), chunkSeconds);
    }

    /**
     * Writes the pieces, hands the job to them and sends their messages. False when the worker no longer held the
     * job (nothing was sent). Throws {@code QueueException} when a message could not be sent.
     */
    public boolean handOver(JobRecord job, String worker, List<FrameRange> ranges, boolean sound) {
        if (!chunks.handOver(job.id(), job.jobId(), worker, ranges, sound)) {
            return false;
        }
        List<Integer> pieces = new ArrayList<>(ranges.size() + 1);
        for (FrameRange range : ranges) {
            pieces.add(range.index());
        }
        if (sound) {
            pieces.add(ranges.size());
        }
        queue.enqueueChunks(job.jobId(), pieces);
        return true;
    }
}
