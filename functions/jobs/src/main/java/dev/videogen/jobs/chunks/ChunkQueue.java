package dev.videogen.jobs.chunks;

import java.util.List;

/**
 * The render queue as the pieces of chunked jobs use it: one message per piece, {@code {"job_id":"vg_…","chunk":3}},
 * delivered at least once to the render function like a job's own message.
 */
public interface ChunkQueue {

    /** Sends the message of piece {@code index} of {@code jobId}; throws {@code QueueException} when it cannot. */
    void enqueueChunk(String jobId, int index);

    /**
     * Sends the messages of pieces {@code indexes} of {@code jobId}, in as few requests as the queue allows; throws
     * {@code QueueException} when any was not sent (the others may have been). This implementation sends them one by
     * one, stopping at the first that fails.
     */
    default void enqueueChunks(String jobId, List<Integer> indexes) {
        for (int index : indexes) {
            enqueueChunk(jobId, index);
        }
    }
}
