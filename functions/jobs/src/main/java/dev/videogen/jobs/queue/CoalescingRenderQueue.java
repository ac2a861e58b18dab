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
 * queue's {@link RenderQueue#batchLimit()}), as a database groups concurrent commits into one flush. A request's
 * worth of waiting messages does not wait: it goes at once, beside the send in flight, so no message waits behind
 * more than one request however fast creates arrive. Every caller returns only once its own message is taken, or
 * throws its own failure: nothing is acknowledged before the queue has it.
 *
 * <p>Under load this turns N requests to the queue into about N / {@code batchLimit}, which is where a create spends
 * most of its processor time (the SDK's request pipeline and signing, and the queue server's work per request).
 */
public final class CoalescingRenderQueue implements RenderQueue {

    private final RenderQueue queue;
    private final int batchLimit;
    private final Object lock = new Object();
    /** Messages no send has taken yet, oldest first. */
    private final ArrayDeque<Send> waiting = new ArrayDeque<>();
    /** Sends in progress. */
    private int inFlight;

    public CoalescingRenderQueue(RenderQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.batchLimit = Math.max(1, queue.batchLimit());
    }

    /** One caller's message and what became of it. Guarded by {@code lock}. */
    private static final class Send {
        final String jobId;
        /** Asked to send what is waiting, by the send that returned last. */
        boolean leads;
        /** In a send's batch: its caller only waits for that send to return. */
        boolean taken;
        boolean done;
        RuntimeException failure;

        Send(String jobId) {
            this.jobId = jobId;
        }
    }

    @Override
    public void enqueue(String jobId) {
        Send mine = new Send(jobId);
        boolean interrupted = false;
        synchronized (lock) {
            // the caller that fills a request's worth sends it itself, at once (below): no one is woken for it
            waiting.add(mine);
        }
        while (true) {
            List<Send> batch;
            synchronized (lock) {
                while (!mine.done && !mayLead(mine)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // the message is in someone's batch or in line: it cannot be taken back, so wait for it
                        interrupted = true;
                    }
                }
                if (mine.done) {
                    break;
                }
                mine.leads = false;
                batch = take();
                inFlight++;
            }
            Map<Integer, RuntimeException> failures = send(batch);
            synchronized (lock) {
                inFlight--;
                for (int i = 0; i < batch.size(); i++) {
                    Send sent = batch.get(i);
                    sent.failure = failures.get(i);
                    sent.done = true;
                }
                Send next = waiting.peek();
                if (next != null) {
                    next.leads = true;
                }
                lock.notifyAll();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow(mine);
    }

    /**
     * Whether this caller, whose message is still waiting, sends now: when nothing is in flight, when the send that
     * returned last asked it to, or when a whole request's worth is waiting. The caller holds the lock.
     */
    private boolean mayLead(Send mine) {
        return !mine.taken && (inFlight == 0 || mine.leads || waiting.size() >= batchLimit);
    }

    /** The next messages in line, at most one request's worth; the caller holds the lock. */
    private List<Send> take() {
        List<Send> batch = new ArrayList<>(Math.min(batchLimit, waiting.size()));
        while (batch.size() < batchLimit && !waiting.isEmpty()) {
            Send next = waiting.poll();
            next.taken = true;
            batch.add(next);
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
        } catch (RuntimeException | Error e) {
            // the whole request failed: every message in it failed with the same cause. An error is answered too:
            // left to fly, it would leave the batch's callers, and every caller after them, waiting for ever
            RuntimeException cause = e instanceof RuntimeException runtime ? runtime
                    : new QueueException("the queue send failed: " + e, e);
            Map<Integer, RuntimeException> all = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                all.put(i, cause);
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
