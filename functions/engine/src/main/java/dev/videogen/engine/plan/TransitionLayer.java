package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import java.util.List;
import java.util.Map;

/**
 * A chain of elements joined by transitions: FFmpeg's {@code xfade} from the picture with each element to the picture
 * with the next one, from the next one's start for its transition's duration.
 */
final class TransitionLayer {

    private final FilterGraph graph;
    private final VisualLayer pictures;

    TransitionLayer(FilterGraph graph, VisualLayer pictures) {
        this.graph = graph;
        this.pictures = pictures;
    }

    /** Draws one element over a stack; returns the label of the result. */
    @FunctionalInterface
    interface ElementDrawer {
        String draw(String below, TimedElement timed);
    }

    /**
     * The chain drawn over the stack {@code below}: for each element, the stack during that element's time with the
     * element drawn over it; then {@code xfade} from each such picture to the next, so a transition blends whole
     * pictures as FFmpeg's {@code xfade} does; the stack before and after the chain joined on by {@code concat}.
     * An element that comes in over nothing comes in over the stack as it is. Returns the label of the new stack.
     */
    String overStack(String below, TransitionGroups.Group group, ElementDrawer draw, double outputDuration) {
        List<TimedElement> members = group.members();
        boolean before = group.start() > 0;
        boolean after = group.end() < outputDuration - 1e-9;
        int copies = members.size() + (group.fromNothing() ? 1 : 0) + (before ? 1 : 0) + (after ? 1 : 0);
        StringBuilder split = new StringBuilder(below).append("split=").append(copies);
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < copies; i++) {
            String label = graph.label("copy");
            labels.add(label);
            split.append(label);
        }
        graph.add(split.toString());
        int next = 0;
        List<String> parts = new java.util.ArrayList<>();
        if (before) {
            String part = graph.label("before");
            graph.add(labels.get(next++) + "trim=end=" + number(group.start()) + part);
            parts.add(part);
        }
        String joined;
        int from;
        if (group.fromNothing()) {
            double d = members.get(0).element().motion().transition().duration();
            joined = graph.label("under");
            graph.add(labels.get(next++) + "trim=start=" + number(group.start()) + ":end="
                    + number(group.start() + d) + joined);
            from = 0;
        } else {
            joined = memberOver(labels.get(next++), members.get(0), draw);
            from = 1;
        }
        for (int i = from; i < members.size(); i++) {
            TimedElement member = members.get(i);
            String picture = memberOver(labels.get(next++), member, draw);
            String out = graph.label("xfade");
            graph.add(joined + picture + XfadeTransitions.filter(member.element().motion().transition(),
                    member.start() - group.start()) + out);
            joined = out;
        }
        // concat lays its parts end to end from zero: each part starts at zero, the result at the output's start
        String chain = graph.label("chain");
        graph.add(joined + "setpts=PTS-STARTPTS" + chain);
        parts.add(chain);
        if (after) {
            String part = graph.label("after");
            graph.add(labels.get(next) + "trim=start=" + number(group.end()) + ",setpts=PTS-STARTPTS" + part);
            parts.add(part);
        }
        if (parts.size() == 1) {
            return chain;
        }
        String stack = graph.label("stack");
        graph.add(String.join("", parts) + "concat=n=" + parts.size() + ":v=1:a=0" + stack);
        return stack;
    }

    /** The stack during the member's time with the member drawn over it. */
    private String memberOver(String copy, TimedElement member, ElementDrawer draw) {
        String window = graph.label("during");
        graph.add(copy + "trim=start=" + number(member.start()) + ":end=" + number(member.end()) + window);
        return draw.draw(window, member);
    }

    /**
     * A chain of opaque full-frame elements that is itself the base of the picture: each element's own picture,
     * joined by {@code xfade}. Returns its label.
     */
    String stream(TransitionGroups.Group group, Map<String, List<Integer>> streams) {
        List<TimedElement> members = group.members();
        String joined = pictures.canvas(members.get(0), streams.get(members.get(0).element().id()));
        for (int i = 1; i < members.size(); i++) {
            TimedElement member = members.get(i);
            String next = pictures.canvas(member, streams.get(member.element().id()));
            String out = graph.label("xfade");
            graph.add(joined + next + XfadeTransitions.filter(member.element().motion().transition(),
                    member.start() - group.start()) + out);
            joined = out;
        }
        return joined;
    }
}
