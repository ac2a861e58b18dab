package dev.videogen.engine;

/** Receives a render's progress: the current step and a percentage of the whole render that never goes down. */
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
}
