package dev.videogen.engine.media;

import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a source file's length, size and streams with {@code ffmpeg -i} (jave bundles no ffprobe), with the demuxer
 * pinned to the container its first bytes announced, and decodes its first moments to prove it is readable.
 */
public final class MediaProbe {

    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);
    /**
     * The decoders' own cap on a frame's pixels, given with every input: a file whose header understates its size
     * still cannot make a decoder allocate more than this.
     */
    public static final String DECODER_MAX_PIXELS = Long.toString(8192L * 8192);
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");
    private static final Pattern STREAM = Pattern.compile("^\\s*Stream #0:(\\d+)[^:]*: (Video|Audio): (.*)$");
    private static final Pattern SIZE = Pattern.compile("^(\\d{1,5})x(\\d{1,5})(?: \\[SAR (\\d+):(\\d+) DAR [^]]*])?");
    private static final Pattern FPS = Pattern.compile("([\\d.]+) fps");
    private static final Pattern ROTATE_TAG = Pattern.compile("^\\s*rotate\\s*:\\s*(-?\\d+)");
    private static final Pattern DISPLAY_MATRIX = Pattern.compile("rotation of (-?[\\d.]+) degrees");
    private static final Pattern ALPHA_MODE = Pattern.compile("^\\s*alpha_mode\\s*:\\s*1");
    private static final Set<String> ALPHA_FORMATS = Set.of("rgba", "bgra", "argb", "abgr", "pal8", "ya8", "ya16le",
            "ya16be", "gbrap", "rgba64le", "rgba64be", "bgra64le", "bgra64be", "gbrap16le", "gbrap10le", "gbrap12le");

    private final FfmpegProcess ffmpeg;

    public MediaProbe(FfmpegProcess ffmpeg) {
        this.ffmpeg = ffmpeg;
    }

    /**
     * Probes {@code file}, read as {@code container}.
     *
     * @throws MediaProbeException when FFmpeg cannot read or decode the file
     */
    public MediaInfo probe(Path file, ContainerFormat container) {
        List<String> arguments = new ArrayList<>(inputArguments(container, file));
        arguments.add(0, "-nostdin");
        arguments.add(0, "-hide_banner");
        arguments.addAll(List.of("-t", "0.1", "-f", "null", "-"));
        // the probe runs in the directory of the job the file belongs to
        FfmpegResult result = ffmpeg.run(arguments, file.toAbsolutePath().getParent(), PROBE_LIMIT);
        MediaInfo info = parse(result.log(), container);
        if (!result.succeeded() || (!info.hasVideo() && !info.hasAudio())) {
            throw new MediaProbeException("not a readable " + container.extension() + " file: " + result.lastError());
        }
        return info;
    }

    /**
     * The arguments that open {@code file} as an FFmpeg input: only local files, the demuxer pinned, stills read as
     * one frame repeated. Shared by the probe and the render so both read a file the same way.
     */
    public static List<String> inputArguments(ContainerFormat container, Path file) {
        List<String> arguments = new ArrayList<>(List.of("-protocol_whitelist", "file,pipe",
                "-max_pixels", DECODER_MAX_PIXELS, "-f", container.demuxer()));
        if (container.still()) {
            arguments.addAll(List.of("-pattern_type", "none"));
        }
        arguments.addAll(List.of("-i", file.toString()));
        return arguments;
    }

    /** Parses the stream report FFmpeg prints for input #0. */
    static MediaInfo parse(String log, ContainerFormat container) {
        OptionalDouble duration = OptionalDouble.empty();
        boolean hasVideo = false;
        boolean hasAudio = false;
        int width = 0;
        int height = 0;
        double sampleAspect = 1;
        String codec = null;
        String pixelFormat = null;
        double fps = 0;
        boolean alphaMode = false;
        double rotation = 0;
        boolean inFirstVideoStream = false;
        boolean inInput = false;

        for (String line : log.split("\\R")) {
            if (line.startsWith("Input #0")) {
                inInput = true;
                continue;
            }
            if (line.startsWith("Output #") || line.startsWith("Stream mapping")) {
                inInput = false;
            }
            if (!inInput) {
                continue;
            }
            Matcher durationMatcher = DURATION.matcher(line);
            if (durationMatcher.find()) {
                double seconds = Integer.parseInt(durationMatcher.group(1)) * 3600.0
                        + Integer.parseInt(durationMatcher.group(2)) * 60.0
                        + Double.parseDouble(durationMatcher.group(3));
                duration = OptionalDouble.of(seconds);
                continue;
            }
            Matcher stream = STREAM.matcher(line);
            if (stream.find()) {
                inFirstVideoStream = false;
                if (stream.group(2).equals("Audio")) {
                    hasAudio = true;
                } else if (!hasVideo) {
                    hasVideo = true;
                    inFirstVideoStream = true;
                    List<String> parts = splitOutsideParentheses(stream.group(3));
                    codec = parts.get(0).split(" ")[0];
                    for (int i = 1; i < parts.size(); i++) {
                        String part = parts.get(i).strip();
                        Matcher size = SIZE.matcher(part);
                        if (width == 0 && size.find()) {
                            width = Integer.parseInt(size.group(1));
                            height = Integer.parseInt(size.group(2));
                            if (size.group(3) != null) {
                                int num = Integer.parseInt(size.group(3));
                                int den = Integer.parseInt(size.group(4));
                                if (num > 0 && den > 0) {
                                    sampleAspect = (double) num / den;
                                }
                            }
                        } else if (pixelFormat == null && i == 1) {
                            pixelFormat = part.split("[( ]")[0];
                        }
                        Matcher fpsMatcher = FPS.matcher(part);
                        if (fpsMatcher.find()) {
                            fps = Double.parseDouble(fpsMatcher.group(1));
                        }
                    }
                }
                continue;
            }
            if (inFirstVideoStream) {
                Matcher rotate = ROTATE_TAG.matcher(line);
                if (rotate.find()) {
                    rotation = Double.parseDouble(rotate.group(1));
                }
                Matcher matrix = DISPLAY_MATRIX.matcher(line);
                if (matrix.find()) {
                    rotation = Double.parseDouble(matrix.group(1));
                }
                if (ALPHA_MODE.matcher(line).find()) {
                    alphaMode = true;
                }
            }
        }
        int displayWidth = (int) Math.round(width * sampleAspect);
        int displayHeight = height;
        long quarterTurns = Math.round(rotation / 90.0);
        if (Math.abs(quarterTurns) % 2 == 1) {
            int swap = displayWidth;
            displayWidth = displayHeight;
            displayHeight = swap;
        }
        boolean alpha = alphaMode || (pixelFormat != null && (ALPHA_FORMATS.contains(pixelFormat)
                || pixelFormat.startsWith("yuva")));
        if (container.still()) {
            duration = OptionalDouble.empty();
        }
        return new MediaInfo(container, duration, displayWidth, displayHeight, hasVideo, hasAudio, codec,
                pixelFormat == null ? null : pixelFormat.toLowerCase(Locale.ROOT), alpha, fps);
    }

    private static List<String> splitOutsideParentheses(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
