package dev.videogen.engine;

/** Asked by a running render, at every progress tick, whether it should stop. */
@FunctionalInterface
public interface Cancellation {

    Cancellation NEVER = () -> false;

    boolean cancelled();
}
