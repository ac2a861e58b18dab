package dev.videogen.jobs.api;

import java.util.Locale;

/**
 * Where an async create spent its time, as the W3C {@code Server-Timing} response header browsers' developer tools
 * show: {@code db} the one database round trip, {@code queue} the queue send, {@code total} from the start of the
 * create to its answer, each in milliseconds. The difference between {@code total} and the two waits is the
 * service's own work (authentication, reading and checking the request, the estimate).
 */
final class ServerTiming {

    static final String HEADER = "Server-Timing";

    private final long started = System.nanoTime();
    private long databaseNanos;
    private long queueNanos;
    private long mark;

    /** Marks the start of a wait. */
    void begin() {
        mark = System.nanoTime();
    }

    /** Ends the wait on the database that {@link #begin()} started. */
    void databaseDone() {
        databaseNanos += System.nanoTime() - mark;
    }

    /** Ends the wait on the queue that {@link #begin()} started. */
    void queueDone() {
        queueNanos += System.nanoTime() - mark;
    }

    /** The header's value, now. */
    String header() {
        return String.format(Locale.ROOT, "db;dur=%.2f, queue;dur=%.2f, total;dur=%.2f", databaseNanos / 1e6,
                queueNanos / 1e6, (System.nanoTime() - started) / 1e6);
    }

    ApiResponse addTo(ApiResponse response) {
        return response.withHeader(HEADER, header());
    }
}
