package dev.videogen.engine.chunks;

import dev.videogen.engine.model.OutputFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the command that joins a job's segments into its output: the concat demuxer reads the segments in order
 * and copies their packets (the picture is never decoded or encoded again), the sound mixed once for the whole job
 * is copied in beside them, and an MP4/MOV gets its index moved to the front. Pure: it reads no files.
 */
public final class StitchPlanner {

    /** The concat demuxer's safe mode accepts relative names made of these characters only. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private StitchPlanner() {
    }

    /**
     * What a stitch joins.
     *
     * @param format         the output's container and codecs; never GIF (a GIF is rendered whole)
     * @param segments       the segments in output order, all in one directory
     * @param sound          the job's sound, or {@code null} for a format without audio
     * @param output         the file to write
     * @param maxOutputBytes the file may not grow past this
     */
    public record Inputs(OutputFormat format, List<Path> segments, Path sound, Path output, long maxOutputBytes) {

        public Inputs {
            segments = List.copyOf(segments);
        }
    }

    public static StitchPlan plan(Inputs in) {
        if (!ChunkedFormats.chunkable(in.format())) {
            throw new IllegalArgumentException(in.format() + " outputs are rendered whole, never stitched");
        }
        if (in.segments().isEmpty()) {
            throw new IllegalArgumentException("nothing to stitch");
        }
        if (in.format().hasAudio() != (in.sound() != null)) {
            throw new IllegalArgumentException(in.format().hasAudio() ? "the sound is missing" : "a " + in.format()
                    + " output has no sound");
        }
        Path directory = in.segments().get(0).toAbsolutePath().getParent();
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (Path segment : in.segments()) {
            String name = segment.getFileName().toString();
            if (!directory.equals(segment.toAbsolutePath().getParent()) || !SAFE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("segments must share a directory and have plain names: " + segment);
            }
            list.append("file ").append(name).append('\n');
        }
        Path listFile = directory.resolve("segments.ffconcat");

        List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-progress", "pipe:1", "-nostats", "-f", "concat", "-i", listFile.toString()));
        if (in.sound() != null) {
            arguments.addAll(List.of("-i", in.sound().toString()));
        }
        arguments.addAll(List.of("-map", "0:v:0"));
        if (in.sound() != null) {
            arguments.addAll(List.of("-map", "1:a:0"));
        }
        arguments.addAll(List.of("-c", "copy"));
        if (in.format() == OutputFormat.MP4 || in.format() == OutputFormat.MOV) {
            arguments.addAll(List.of("-movflags", "+faststart"));
        }
        arguments.addAll(List.of("-f", ChunkedFormats.muxer(in.format()), "-fs", Long.toString(in.maxOutputBytes()),
                in.output().toString()));
        return new StitchPlan(arguments, listFile, list.toString());
    }
}
