package dev.videogen.engine.chunks;

import java.nio.file.Path;
import java.util.List;

/**
 * One FFmpeg invocation that joins rendered segments, and the list file it reads.
 *
 * @param arguments   FFmpeg's arguments (without the binary)
 * @param listFile    the concat demuxer's list, to be written before FFmpeg starts
 * @param listContent what goes in it
 */
public record StitchPlan(List<String> arguments, Path listFile, String listContent) {

    public StitchPlan {
        arguments = List.copyOf(arguments);
    }
}
