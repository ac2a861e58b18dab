package dev.videogen.jobs.queue;

import static dev.videogen.jobs.WaitingThreads.awaitWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.ports.RenderQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When a send goes beside the one in flight: only for a whole request's worth of waiting messages. The queue here
 * holds every request until the test lets it go, so what is in flight at each moment is known exactly.
 */
class CoalescingRenderQueueSendsTest {

    /** A queue of batches of at most ten whose requests wait for {@link #letGo()}. */
    private static final class HeldQueue implements RenderQueue {
        final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
        private final CountDownLatch gate = new CountDownLatch(1);
        private int inFlight;
        private int mostInFlight;

        @Override
        public void enqueue(String jobId) {
            hold(List.of(jobId));
        }

        @Override
        public Map<Integer, RuntimeException> enqueueAll(List<String> jobIds) {
            hold(List.copyOf(jobIds));
            return Map.of();
        }

        private void hold(List<String> jobIds) {
            synchronized (this) {
                requests.add(jobIds);
                inFlight++;
                mostInFlight = Math.max(mostInFlight, inFlight);
                notifyAll();
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            synchronized (this) {
                inFlight--;
            }
        }

        synchronized void awaitRequests(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (requests.size() < count && System.nanoTime() < deadline) {
                wait(100);
            }
            assertThat(requests).as("requests made").hasSizeGreaterThanOrEqualTo(count);
        }

        synchronized int mostInFlight() {
            return mostInFlight;
        }

        void letGo() {
            gate.countDown();
        }

        @Override
        public int batchLimit() {
            return 10;
        }

        @Override
        public void checkAvailable() {
        }
    }

    @Test
    void aRequestsWorthOfWaitingMessagesGoesBesideTheSendInFlightAndFewerWaitForTheNext() throws Exception {
        HeldQueue held = new HeldQueue();
        CoalescingRenderQueue queue = new CoalescingRenderQueue(held);
        ConcurrentLinkedQueue<String> returned = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();

        callers.add(start(queue, "vg_first", returned));
        held.awaitRequests(1);
        for (int i = 0; i < 10; i++) {
            callers.add(start(queue, "vg_full_" + i, returned));
        }
        // the tenth waiting message sends the ten at once, while the first request is still held
        held.awaitRequests(2);
        for (int i = 0; i < 4; i++) {
            Thread caller = start(queue, "vg_later_" + i, returned);
            callers.add(caller);
            awaitWaiting(caller);
        }
        assertThat(held.requests).as("four waiting messages do not make a request of their own").hasSize(2);
        assertThat(returned).as("no caller returns before its message is taken").isEmpty();

        held.letGo();
        for (Thread caller : callers) {
            caller.join(10_000);
        }

        assertThat(held.requests.get(0)).containsExactly("vg_first");
        assertThat(held.requests.get(1)).hasSize(10).allSatisfy(id -> assertThat(id).startsWith("vg_full_"));
        assertThat(held.requests).hasSize(3);
        assertThat(held.requests.get(2)).containsExactlyInAnyOrder("vg_later_0", "vg_later_1", "vg_later_2",
                "vg_later_3");
        assertThat(held.mostInFlight()).isEqualTo(2);
        assertThat(returned).hasSize(15).doesNotHaveDuplicates();
    }

    @Test
    void everyMessageIsSentOnceInRequestsOfAtMostTenWhateverTheCrowd() throws Exception {
        HeldQueue held = new HeldQueue();
        CoalescingRenderQueue queue = new CoalescingRenderQueue(held);
        ConcurrentLinkedQueue<String> returned = new ConcurrentLinkedQueue<>();
        List<Thread> callers = new ArrayList<>();
        callers.add(start(queue, "vg_crowd_first", returned));
        held.awaitRequests(1);
        for (int i = 0; i < 47; i++) {
            callers.add(start(queue, "vg_crowd_" + i, returned));
        }
        // 47 behind the first: four requests of ten go at once, the last seven wait for one to return
        held.awaitRequests(5);
        for (Thread caller : callers) {
            awaitWaiting(caller);
        }
        assertThat(held.requests).hasSize(5);
        held.letGo();
        for (Thread caller : callers) {
            caller.join(10_000);
        }

        List<String> sent = new ArrayList<>();
        held.requests.forEach(sent::addAll);
        assertThat(sent).hasSize(48).doesNotHaveDuplicates();
        assertThat(held.requests).allSatisfy(request -> assertThat(request).hasSizeBetween(1, 10));
        assertThat(held.requests).hasSize(6);
        assertThat(returned).hasSize(48);
    }

    @Test
    void aSendThatFailsWithAnErrorFailsItsCallersAndTheQueueGoesOn() {
        List<String> sent = Collections.synchronizedList(new ArrayList<>());
        RenderQueue breaksOnce = new RenderQueue() {
            private boolean broken;

            @Override
            public synchronized void enqueue(String jobId) {
                if (!broken) {
                    broken = true;
                    throw new StackOverflowError("deep inside the client");
                }
                sent.add(jobId);
            }

            @Override
            public void checkAvailable() {
            }
        };
        CoalescingRenderQueue queue = new CoalescingRenderQueue(breaksOnce);

        assertThatThrownBy(() -> queue.enqueue("vg_unlucky")).isInstanceOf(QueueException.class)
                .hasMessageContaining("deep inside the client").hasRootCauseInstanceOf(StackOverflowError.class);
        queue.enqueue("vg_next");

        assertThat(sent).containsExactly("vg_next");
    }

    private static Thread start(CoalescingRenderQueue queue, String jobId, ConcurrentLinkedQueue<String> returned) {
        Thread thread = new Thread(() -> {
            queue.enqueue(jobId);
            returned.add(jobId);
        }, jobId);
        thread.start();
        return thread;
    }
}
