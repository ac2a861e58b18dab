package dev.videogen.engine.plan;

import java.util.List;

/**
 * The resolved timing of a composition: its length and the elements that show or sound inside it, in request order.
 */
public record Timeline(double duration, List<TimedElement> elements) {

    public Timeline {
        elements = List.copyOf(elements);
    }
}
