package dev.videogen.engine.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One FFmpeg invocation that renders a whole composition.
 *
 * @param arguments   FFmpeg's arguments (without the binary)
 * @param filterGraph the filter graph; {@code arguments} name it as a {@code -filter_complex_script} file that is
 *                    among {@code textFiles}
 * @param textFiles   files the graph reads (one per drawn text line), to be written before FFmpeg starts
 * @param duration    output length in seconds, for progress
 */
public record RenderPlan(List<String> arguments, String filterGraph, Map<Path, String> textFiles, double duration) {

    public RenderPlan {
        arguments = List.copyOf(arguments);
        textFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(textFiles));
    }
}
