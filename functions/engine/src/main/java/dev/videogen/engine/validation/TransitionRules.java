package dev.videogen.engine.validation;

import dev.videogen.engine.model.Element;
import dev.videogen.engine.motion.Transition;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Checks each {@code transition} against the element it comes in over: the visual element on the same track with the
 * latest start before its own, which must still be showing for the whole transition. Ends that depend on a source's
 * length are checked again once the sources are probed ({@code TimelineResolver}).
 */
public final class TransitionRules {

    private TransitionRules() {
    }

    static void check(List<Element> elements, Problems problems) {
        for (Element element : elements) {
            Transition transition = element.motion().transition();
            if (transition == null) {
                continue;
            }
            String field = element.path() + ".transition";
            if (element.duration().isPresent() && element.duration().getAsDouble() < transition.duration()) {
                problems.add(field + ".duration", "must be at most the element's duration ("
                        + JsonFields.format(element.duration().getAsDouble()) + " s)");
                continue;
            }
            Element sameStart = elements.stream().filter(o -> o != element && o.type().visual()
                    && o.track() == element.track() && o.time() == element.time()).findFirst().orElse(null);
            if (sameStart != null) {
                problems.add(field, "cannot tell which element it comes after: " + sameStart.path()
                        + " starts at the same time on the same track");
                continue;
            }
            Element previous = predecessor(elements, element);
            if (previous == null) {
                continue;
            }
            OptionalDouble end = knownEnd(previous);
            double needed = element.time() + transition.duration();
            if (end.isPresent() && end.getAsDouble() < needed - 1e-9) {
                problems.add(field, "comes in over " + previous.path() + ", which must still be showing until "
                        + JsonFields.format(needed) + " s, but it ends at " + JsonFields.format(end.getAsDouble())
                        + " s");
            }
        }
    }

    /** The visual element on the same track with the latest start before {@code element}'s, or null. */
    public static Element predecessor(List<Element> elements, Element element) {
        Element best = null;
        for (Element other : elements) {
            if (other == element || !other.type().visual() || other.track() != element.track()
                    || other.time() >= element.time()) {
                continue;
            }
            if (best == null || other.time() >= best.time()) {
                best = other;
            }
        }
        return best;
    }

    /** The element's end when the request alone tells it; empty for a source's own length or the output's end. */
    private static OptionalDouble knownEnd(Element element) {
        if (element.duration().isPresent()) {
            return OptionalDouble.of(element.time() + element.duration().getAsDouble());
        }
        return OptionalDouble.empty();
    }
}
