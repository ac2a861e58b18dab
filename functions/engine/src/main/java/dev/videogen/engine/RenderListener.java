package dev.videogen.engine;

import java.util.List;

/**
 * Receives a render's progress: the current step and a percentage of the whole render that never goes down; and,
 * once every source is fetched and probed, what was found of each.
 */
@FunctionalInterface
public interface RenderListener {

    RenderListener NONE = (step, percent) -> { };

    /**
     * Called when the step changes and whenever FFmpeg reports progress.
     *
     * @param step    the step running now
     * @param percent 0..100 of the whole render, monotonic
     */
    void progress(RenderStep step, double percent);

    /** Called once, before the composition is planned, with every source fetched and probed. */
    default void sourcesFetched(List<SourceReport> sources) {
    }
}
