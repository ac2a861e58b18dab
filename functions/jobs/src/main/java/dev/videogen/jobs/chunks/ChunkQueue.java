package dev.videogen.jobs.chunks;

import java.util.List;

/**
 * The render queue as the pieces of chunked jobs use it: one message per piece, {@code {"job_id":"vg_…","chunk":3}},
 * delivered at least once to the render function like a job's own message.
 */
public interface ChunkQueue {

    /**
     * Sends the messages of pieces {@code indexes} of {@code jobId}, in as few requests as the queue allows; throws
     * {@code QueueException} when any was not sent (the others may have been).
     */
    void enqueueChunks(String jobId, List<Integer> indexes);
}
