package dev.videogen.jobs;

import java.util.concurrent.TimeUnit;

/** Waits, in tests, until another thread is parked: blocked on a lock's condition, a semaphore or a monitor's wait. */
public final class WaitingThreads {

    private WaitingThreads() {
    }

    /** Returns once {@code thread} waits; fails the test if it has not within ten seconds. */
    public static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(thread.getName() + " never waited: " + thread.getState());
            }
            Thread.sleep(5);
        }
    }
}
