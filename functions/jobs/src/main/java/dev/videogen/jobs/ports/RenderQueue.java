package dev.videogen.jobs.ports;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queue that carries render requests from the api function to the render function.
 * A message names one job; delivery is at least once, so consumers must be idempotent.
 */
public interface RenderQueue {

    /** Sends a message {@code {"job_id":"vg_…"}}. Throws {@link QueueException} when the queue cannot take it. */
    void enqueue(String jobId);

    /**
     * Sends one message per job in {@code jobIds}, in as few requests as the queue allows ({@link #batchLimit()} per
     * request). Returns the messages the queue did not take, by their position in {@code jobIds}, each with why
     * (empty when all were taken). This implementation sends them one by one.
     */
    default Map<Integer, RuntimeException> enqueueAll(List<String> jobIds) {
        Map<Integer, RuntimeException> failures = new HashMap<>();
        for (int i = 0; i < jobIds.size(); i++) {
            try {
                enqueue(jobIds.get(i));
            } catch (RuntimeException e) {
                failures.put(i, e);
            }
        }
        return failures;
    }

    /** The most messages {@link #enqueueAll} puts in one request to the queue. */
    default int batchLimit() {
        return 1;
    }

    /** Throws {@link QueueException} when the queue cannot be reached. */
    void checkAvailable();
}
