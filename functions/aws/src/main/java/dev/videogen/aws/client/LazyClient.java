package dev.videogen.aws.client;

import java.util.function.Supplier;

/**
 * An SDK client built on first use. Building one loads and initialises much of the SDK (the S3 client alone takes
 * about a second of a cold start on a small machine); a function that may never call a service should not pay for
 * its client before answering.
 */
public final class LazyClient<T extends AutoCloseable> implements Supplier<T> {

    private final Supplier<T> builder;
    private volatile T client;

    private LazyClient(Supplier<T> builder) {
        this.builder = builder;
    }

    /** A client {@code builder} makes when it is first asked for. */
    public static <T extends AutoCloseable> LazyClient<T> of(Supplier<T> builder) {
        return new LazyClient<>(builder);
    }

    /** A client that exists already. */
    public static <T extends AutoCloseable> LazyClient<T> built(T client) {
        LazyClient<T> lazy = new LazyClient<>(() -> client);
        lazy.client = client;
        return lazy;
    }

    @Override
    public T get() {
        T current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = builder.get();
                    client = current;
                }
            }
        }
        return current;
    }

    /** Whether the client has been built. */
    public boolean isBuilt() {
        return client != null;
    }

    /** Closes the client if it was ever built. */
    public void close() throws Exception {
        T current = client;
        if (current != null) {
            current.close();
        }
    }
}
