package dev.videogen.engine.plan;

import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.motion.Transition;
import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.engine.validation.InvalidRequestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The elements joined by transitions: on each track, an element with a {@code transition} comes in over the visual
 * element with the latest start before its own, which is then cut when the transition ends (its picture and its
 * sound, which cross-fade over the same time). Consecutive transitions make one chain, drawn as one layer.
 */
final class TransitionGroups {

    /**
     * A chain of elements on one track, each after the first coming in over the one before.
     *
     * @param members     the elements in time order, each cut where the next one's transition ends
     * @param fromNothing whether the first member itself has a transition (it comes in over what is below it)
     */
    record Group(List<TimedElement> members, boolean fromNothing) {

        double start() {
            return members.get(0).start();
        }

        double end() {
            return members.get(members.size() - 1).end();
        }
    }

    private final Map<TimedElement, Group> groupByFirst = new IdentityHashMap<>();
    private final Map<String, TimedElement> cutById = new HashMap<>();
    private final Map<String, Double> crossfadeOutById = new HashMap<>();
    private final Map<String, Group> groupById = new HashMap<>();

    private TransitionGroups() {
    }

    static TransitionGroups of(List<TimedElement> elements) {
        TransitionGroups groups = new TransitionGroups();
        Map<TimedElement, TimedElement> next = new IdentityHashMap<>();
        Map<TimedElement, TimedElement> previous = new IdentityHashMap<>();
        for (TimedElement timed : elements) {
            if (timed.element().motion().transition() == null || !shows(timed)) {
                continue;
            }
            TimedElement before = predecessor(elements, timed);
            if (before != null) {
                next.put(before, timed);
                previous.put(timed, before);
            }
        }
        for (TimedElement timed : elements) {
            boolean chained = next.containsKey(timed) || previous.containsKey(timed);
            boolean alone = shows(timed) && timed.element().motion().transition() != null;
            if (previous.containsKey(timed) || (!chained && !alone)) {
                continue;
            }
            List<TimedElement> members = new ArrayList<>();
            for (TimedElement member = timed; member != null; member = next.get(member)) {
                TimedElement after = next.get(member);
                TimedElement cut = member;
                if (after != null) {
                    Transition transition = after.element().motion().transition();
                    double end = Math.min(member.end(), after.start() + transition.duration());
                    cut = new TimedElement(member.element(), member.media(), member.start(), end, member.trimStart(),
                            member.segmentLength());
                    groups.crossfadeOutById.put(member.element().id(), end - after.start());
                }
                members.add(cut);
                groups.cutById.put(member.element().id(), cut);
            }
            Group group = new Group(members, timed.element().motion().transition() != null);
            groups.groupByFirst.put(timed, group);
            members.forEach(m -> groups.groupById.put(m.element().id(), group));
        }
        return groups;
    }

    /**
     * Checks that each element a transition comes in over is still showing until the transition ends, now that
     * every length is known.
     *
     * @throws InvalidRequestException naming {@code elements[i].transition}
     */
    static void check(List<TimedElement> elements) {
        List<FieldProblem> problems = new ArrayList<>();
        for (TimedElement timed : elements) {
            Transition transition = timed.element().motion().transition();
            if (transition == null) {
                continue;
            }
            TimedElement before = predecessor(elements, timed);
            double needed = timed.start() + transition.duration();
            if (before != null && before.end() < needed - 1e-9) {
                problems.add(new FieldProblem(timed.element().path() + ".transition", String.format(Locale.ROOT,
                        "comes in over %s, which must still be showing until %.3f s, but it ends at %.3f s",
                        before.element().path(), needed, before.end())));
            } else if (timed.duration() < transition.duration() - 1e-9) {
                problems.add(new FieldProblem(timed.element().path() + ".transition.duration", String.format(
                        Locale.ROOT, "must be at most the element's duration (%.3f s)", timed.duration())));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
    }

    /** Whether the element draws a picture (and so can take part in a transition). */
    static boolean shows(TimedElement timed) {
        Element element = timed.element();
        return element.type() == ElementType.TEXT
                || (element.type().visual() && timed.media() != null && timed.media().hasVideo());
    }

    private static TimedElement predecessor(List<TimedElement> elements, TimedElement timed) {
        TimedElement best = null;
        for (TimedElement other : elements) {
            if (other == timed || !shows(other) || other.element().track() != timed.element().track()
                    || other.start() >= timed.start()) {
                continue;
            }
            if (best == null || other.start() > best.start()
                    || (other.start() == best.start() && other.element().index() > best.element().index())) {
                best = other;
            }
        }
        return best;
    }

    /** The chain that starts with {@code timed}, or null. */
    Group startingWith(TimedElement timed) {
        return groupByFirst.get(timed);
    }

    /** Whether {@code timed} is drawn as part of a chain. */
    boolean member(TimedElement timed) {
        return groupById.containsKey(timed.element().id());
    }

    /** The element as it shows: cut where the transition of the element after it ends. */
    TimedElement cut(TimedElement timed) {
        return cutById.getOrDefault(timed.element().id(), timed);
    }

    /** Seconds over which the element's sound fades out under the next element's transition; 0 if none. */
    double crossfadeOut(TimedElement timed) {
        return crossfadeOutById.getOrDefault(timed.element().id(), 0.0);
    }
}
