package dev.videogen.jobs.ports;

/**
 * The queue that carries render requests from the api function to the render function.
 * A message names one job; delivery is at least once, so consumers must be idempotent.
 */
public interface RenderQueue {

    /** Sends a message {@code {"job_id":"vg_…"}}. Throws {@link QueueException} when the queue cannot take it. */
    void enqueue(String jobId);

    /** Throws {@link QueueException} when the queue cannot be reached. */
    void checkAvailable();
}
