package dev.videogen.engine.plan;

import java.util.ArrayList;
import java.util.List;

/** The filter chains of one {@code -filter_complex} graph, in order, and the labels that join them. */
final class FilterGraph {

    private final List<String> chains = new ArrayList<>();
    private int labelCount;

    /** A new label, unique in the graph, e.g. {@code [layer3]}. */
    String label(String kind) {
        return "[" + kind + labelCount++ + "]";
    }

    void add(String chain) {
        chains.add(chain);
    }

    /** The input pad for the streams of one element: the stream itself, or the passes over it joined end to end. */
    String concatenated(List<Integer> streams, String kind) {
        if (streams.size() == 1) {
            return "[" + streams.get(0) + ":" + kind + "]";
        }
        StringBuilder parts = new StringBuilder();
        for (int stream : streams) {
            parts.append('[').append(stream).append(':').append(kind).append(']');
        }
        String joined = label("loop");
        chains.add(parts + "concat=n=" + streams.size() + (kind.equals("v") ? ":v=1:a=0" : ":v=0:a=1") + joined);
        return joined;
    }

    String text() {
        return String.join(";", chains);
    }
}
