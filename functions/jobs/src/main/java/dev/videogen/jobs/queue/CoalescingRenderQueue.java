package dev.videogen.jobs.queue;

import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.RenderQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A render queue that sends the messages of concurrent callers together. A caller that finds no send in flight sends
 * its message at once, alone: a lone create waits for nothing but its own request. Callers that arrive while a send
 * is in flight wait, and when it returns the first of them sends the waiting messages in one request (up to the
 * queue's {@link RenderQueue#batchLimit()}), as a database groups concurrent commits into one flush. Every caller
 * returns only once its own message is taken, or throws its own failure: nothing is acknowledged before the queue
 * has it.
 *
 * <p>Under load this turns N requests to the queue into about N / {@code batchLimit}, which is where a create spends
 * most of its processor time (the SDK's request pipeline and signing, and the queue server's work per request).
 */
public final class CoalescingRenderQueue implements RenderQueue {

    private final RenderQueue queue;
    private final int batchLimit;
    private final Object lock = new Object();
    /** Messages not yet sent; empty whenever no send is in flight. */
    private final ArrayDeque<Send> waiting = new ArrayDeque<>();
    private boolean sending;

    public CoalescingRenderQueue(RenderQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.batchLimit = Math.max(1, queue.batchLimit());
    }

    /** One caller's message and what became of it. Guarded by {@code lock}. */
    private static final class Send {
        final String jobId;
        boolean leads;
        boolean done;
        RuntimeException failure;

        Send(String jobId) {
            this.jobId = jobId;
        }
    }

    @Override
    public void enqueue(String jobId) {
        Send mine = new Send(jobId);
        List<Send> batch;
        synchronized (lock) {
            waiting.add(mine);
            if (sending) {
                awaitTurn(mine);
                if (mine.done) {
                    rethrow(mine);
                    return;
                }
            }
            sending = true;
            batch = take();
        }
        Map<Integer, RuntimeException> failures = send(batch);
        synchronized (lock) {
            for (int i = 0; i < batch.size(); i++) {
                Send sent = batch.get(i);
                sent.failure = failures.get(i);
                sent.done = true;
            }
            Send next = waiting.peek();
            if (next == null) {
                sending = false;
            } else {
                next.leads = true;
            }
            lock.notifyAll();
        }
        rethrow(mine);
    }

    /** Waits until this caller's message was sent by another, or it is this caller's turn to send. */
    private void awaitTurn(Send mine) {
        boolean interrupted = false;
        while (!mine.done && !mine.leads) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                // the message is in someone's batch or next in line: it cannot be taken back, so wait for it
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next messages in line, at most one request's worth; the caller holds the lock. */
    private List<Send> take() {
        List<Send> batch = new ArrayList<>(Math.min(batchLimit, waiting.size()));
        while (batch.size() < batchLimit && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        return batch;
    }

    private Map<Integer, RuntimeException> send(List<Send> batch) {
        try {
            if (batch.size() == 1) {
                queue.enqueue(batch.get(0).jobId);
                return Map.of();
            }
            List<String> jobIds = new ArrayList<>(batch.size());
            for (Send send : batch) {
                jobIds.add(send.jobId);
            }
            return queue.enqueueAll(jobIds);
        } catch (RuntimeException e) {
            // the whole request failed: every message in it failed with the same cause
            Map<Integer, RuntimeException> all = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                all.put(i, e);
            }
            return all;
        }
    }

    private static void rethrow(Send send) {
        RuntimeException failure = send.failure;
        if (failure == null) {
            return;
        }
        if (failure instanceof QueueException) {
            // each caller gets its own exception, with this caller's stack, caused by the shared one
            throw new QueueException(failure.getMessage(), failure);
        }
        if (failure instanceof IllegalArgumentException) {
            throw new IllegalArgumentException(failure.getMessage(), failure);
        }
        throw new QueueException("the queue did not take the message of job " + send.jobId + ": "
                + failure.getMessage(), failure);
    }

    @Override
    public int batchLimit() {
        return batchLimit;
    }

    @Override
    public Map<Integer, RuntimeException> enqueueAll(List<String> jobIds) {
        return queue.enqueueAll(jobIds);
    }

    @Override
    public void checkAvailable() {
        queue.checkAvailable();
    }

    @Override
    public String toString() {
        return "CoalescingRenderQueue[" + queue + "]";
    }
}
