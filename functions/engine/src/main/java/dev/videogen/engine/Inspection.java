package dev.videogen.engine;

import dev.videogen.engine.plan.Timeline;
import java.util.List;

/** A request checked against its real sources without rendering: what a dry run reports. */
public record Inspection(Timeline timeline, List<SourceReport> sources) {

    public Inspection {
        sources = List.copyOf(sources);
    }

    public double durationSeconds() {
        return timeline.duration();
    }
}
