package dev.videogen.jobs.chunks;

/**
 * The render queue as the pieces of chunked jobs use it: one message per piece, {@code {"job_id":"vg_…","chunk":3}},
 * delivered at least once to the render function like a job's own message.
 */
public interface ChunkQueue {

    /** Sends the message of piece {@code index} of {@code jobId}; throws {@code QueueException} when it cannot. */
    void enqueueChunk(String jobId, int index);
}
