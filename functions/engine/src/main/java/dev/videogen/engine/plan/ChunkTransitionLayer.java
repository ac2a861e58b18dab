package dev.videogen.engine.plan;

import static dev.videogen.engine.plan.FilterSyntax.number;

import dev.videogen.engine.motion.Transition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chain of elements joined by transitions, drawn for a chunk's frames only: the members on screen in the chunk,
 * each {@code xfade} blending exactly the frames it blends in the single pass. FFmpeg's {@code xfade} counts its
 * offset from the first frame its first input brings, and pairs the frames of its second input with those of its
 * first in order from there; in a chunk the first input starts at the chunk's first frame, so the offset is counted
 * from there (negative when the chunk starts inside the transition: the blend is then already under way), and the
 * second input starts at the same frame, as both are cut to the chunk. Every instant is on the output's frame grid,
 * in ticks of {@code 1/fps} as FFmpeg rounds them.
 */
final class ChunkTransitionLayer {

    private final FilterGraph graph;
    private final VisualLayer pictures;
    private final double fps;
    private final long firstFrame;
    private final String stackFormat;

    /**
     * @param firstFrame the chunk's first output frame
     */
    ChunkTransitionLayer(FilterGraph graph, VisualLayer pictures, double fps, long firstFrame, String stackFormat) {
        this.graph = graph;
        this.pictures = pictures;
        this.fps = fps;
        this.firstFrame = firstFrame;
        this.stackFormat = stackFormat;
    }

    /**
     * The chain over the stack {@code below}, which covers the chunk: the members {@code shown} (those on screen in
     * the chunk, in time order) each drawn over the stack during its time and joined by {@code xfade}, laid over the
     * stack; an opaque chain laid over it replaces it exactly, and the stack shows before and after the chain.
     * Returns the label of the new stack.
     */
    String overStack(String below, TransitionGroups.Group group, List<TimedElement> shown,
                     TransitionLayer.ElementDrawer draw) {
        List<TimedElement> members = group.members();
        TimedElement first = shown.get(0);
        boolean fromNothing = group.fromNothing() && sameElement(first, members.get(0))
                && firstFrame < tick(group.start() + incoming(first).duration());
        int copies = 1 + shown.size() + (fromNothing ? 1 : 0);
        StringBuilder split = new StringBuilder(below).append("split=").append(copies);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            String label = graph.label("copy");
            labels.add(label);
            split.append(label);
        }
        graph.add(split.toString());
        int next = 1;
        long chainStart = Math.max(firstFrame, tick(first.start()));
        String joined;
        int from;
        if (fromNothing) {
            joined = graph.label("under");
            graph.add(labels.get(next++) + "trim=start=" + number(group.start()) + ":end="
                    + number(group.start() + incoming(first).duration()) + joined);
            from = 0;
        } else {
            joined = memberOver(labels.get(next++), first, draw);
            from = 1;
        }
        for (int i = from; i < shown.size(); i++) {
            TimedElement member = shown.get(i);
            String picture = memberOver(labels.get(next++), member, draw);
            joined = xfade(joined, picture, group, member, chainStart);
        }
        joined = asBlended(joined, group, shown.size() - from);
        String stack = graph.label("stack");
        graph.add(labels.get(0) + joined + "overlay=eof_action=pass:format=" + stackFormat + stack);
        return stack;
    }

    /**
     * A chain of opaque full-frame elements that is itself the base of the picture (see
     * {@link TransitionLayer#stream}), for the chunk: the part of each member's own picture it shows, joined by
     * {@code xfade}. Returns its label.
     */
    String stream(TransitionGroups.Group group, List<TimedElement> shown, Map<String, List<Integer>> streams,
                  Map<String, LayerWindow> windows) {
        TimedElement first = shown.get(0);
        long chainStart = Math.max(firstFrame, tick(first.start()));
        String joined = pictures.canvas(first, streams.get(first.element().id()), windows.get(first.element().id()));
        for (int i = 1; i < shown.size(); i++) {
            TimedElement member = shown.get(i);
            String next = pictures.canvas(member, streams.get(member.element().id()),
                    windows.get(member.element().id()));
            joined = xfade(joined, next, group, member, chainStart);
        }
        return asBlended(joined, group, shown.size() - 1);
    }

    /**
     * The chain's picture in the pixel format {@code xfade} gives it in the single pass, where every frame of a chain
     * with a transition passes through {@code xfade} (FFmpeg converts it to 4:4:4 on the way in): a chunk that shows
     * no transition of such a chain converts its frames the same way, so each one is the single pass's.
     */
    private String asBlended(String joined, TransitionGroups.Group group, int xfades) {
        if (xfades > 0 || (group.members().size() == 1 && !group.fromNothing())) {
            return joined;
        }
        String converted = graph.label("blendformat");
        graph.add(joined + "format=yuv444p" + converted);
        return converted;
    }

    /**
     * {@code xfade} into {@code member}, whose first input's first frame is {@code chainStart}: the blend starts at
     * the frame where the single pass starts it, its first input's first frame (the group's start) plus the offset
     * the single pass gives, as FFmpeg rounds each to a frame.
     */
    private String xfade(String joined, String picture, TransitionGroups.Group group, TimedElement member,
                         long chainStart) {
        long blendStart = blendStart(group.start(), member.start(), fps);
        String out = graph.label("xfade");
        graph.add(joined + picture + XfadeTransitions.filter(incoming(member), (blendStart - chainStart) / fps) + out);
        return out;
    }

    /**
     * The output frame where the single pass starts the transition into an element starting at {@code start}, in a
     * chain starting at {@code groupStart}: the chain's first frame plus the offset, each rounded to the nearest
     * frame as FFmpeg's {@code trim} and {@code xfade} round them.
     */
    static long blendStart(double groupStart, double start, double fps) {
        return Math.round(groupStart * fps) + Math.round((start - groupStart) * fps);
    }

    /** The stack during the member's time with the member drawn over it. */
    private String memberOver(String copy, TimedElement member, TransitionLayer.ElementDrawer draw) {
        String window = graph.label("during");
        graph.add(copy + "trim=start=" + number(member.start()) + ":end=" + number(member.end()) + window);
        return draw.draw(window, member);
    }

    private long tick(double seconds) {
        return Math.round(seconds * fps);
    }

    private static Transition incoming(TimedElement member) {
        return member.element().motion().transition();
    }

    private static boolean sameElement(TimedElement a, TimedElement b) {
        return a.element().id().equals(b.element().id());
    }
}
