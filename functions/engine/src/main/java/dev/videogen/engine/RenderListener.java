package dev.videogen.engine;

import dev.videogen.engine.model.Element;
import java.time.Duration;
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

    /** Called, from a download thread, as the source of {@code element} starts downloading. */
    default void fetchStarted(Element element) {
    }

    /**
     * Called, from a download thread, when the source of {@code element} has downloaded ({@code error} null, its
     * size in bytes) or could not be ({@code error} says why, the size is -1).
     */
    default void fetchEnded(Element element, long sizeBytes, String error) {
    }

    /** Called once, before the composition is planned, with every source fetched and probed. */
    default void sourcesFetched(List<SourceReport> sources) {
    }

    /**
     * Called as each text or caption element has been drawn, before the composition is planned: how many distinct
     * pictures were drawn (for a caption, one per distinct cue state) and how long laying out, drawing and writing
     * them took.
     */
    default void textDrawn(Element element, int distinctPictures, Duration drawing) {
    }
}
