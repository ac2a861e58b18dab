package dev.videogen.engine.testing;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/** Reads rendered files back: frames as images, frame counts, stream facts and audio levels. */
public final class Decoded {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern MEAN_VOLUME = Pattern.compile("mean_volume: (-?[\\d.]+|-inf) dB");
    private static final Pattern MAX_VOLUME = Pattern.compile("max_volume: (-?[\\d.]+|-inf) dB");
    private static final Pattern PEAK_LEVEL = Pattern.compile("Peak level dB: (-?[\\d.]+|-inf)");
    private static final Pattern STREAM = Pattern.compile("Stream #0:\\d+[^:]*: (Video|Audio): ([^,\\s]+)");
    private static final Pattern SIZE = Pattern.compile(", (\\d{2,5})x(\\d{2,5})");

    private Decoded() {
    }

    /** The first frame whose timestamp is at or after {@code seconds}. */
    public static BufferedImage frameAt(Path video, double seconds) {
        try {
            Path png = Files.createTempFile("frame", ".png");
            try {
                run(List.of("-ss", TestMedia.number(seconds), "-i", video.toString(), "-frames:v", "1",
                        "-pix_fmt", "rgb24", png.toString()));
                BufferedImage image = ImageIO.read(png.toFile());
                if (image == null) {
                    throw new IllegalStateException("no frame at " + seconds + " s in " + video);
                }
                return image;
            } finally {
                Files.deleteIfExists(png);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The colour of one pixel as {@code [r, g, b]}. */
    public static int[] rgb(BufferedImage image, int x, int y) {
        int value = image.getRGB(x, y);
        return new int[] {(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff};
    }

    /** Whether the pixel at (x, y) is within {@code tolerance} of {@code expected} on every channel. */
    public static boolean near(BufferedImage image, int x, int y, int[] expected, int tolerance) {
        int[] actual = rgb(image, x, y);
        for (int i = 0; i < 3; i++) {
            if (Math.abs(actual[i] - expected[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** Describes a pixel for assertion messages. */
    public static String describe(BufferedImage image, int x, int y) {
        int[] c = rgb(image, x, y);
        return String.format(Locale.ROOT, "(%d,%d)=rgb(%d,%d,%d)", x, y, c[0], c[1], c[2]);
    }

    /** Number of video frames, counted by decoding. */
    public static int videoFrames(Path video) {
        try {
            Path hashes = Files.createTempFile("frames", ".md5");
            try {
                run(List.of("-i", video.toString(), "-map", "0:v:0", "-f", "framemd5", hashes.toString()));
                try (var lines = Files.lines(hashes)) {
                    return (int) lines.filter(line -> !line.startsWith("#") && !line.isBlank()).count();
                }
            } finally {
                Files.deleteIfExists(hashes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Facts about the file's streams. */
    public static Streams streams(Path file) {
        FfmpegResult result = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-i", file.toString()), LIMIT);
        String log = result.log();
        String videoCodec = null;
        String audioCodec = null;
        int width = 0;
        int height = 0;
        for (String line : log.split("\\R")) {
            Matcher stream = STREAM.matcher(line);
            if (stream.find()) {
                if (stream.group(1).equals("Video") && videoCodec == null) {
                    videoCodec = stream.group(2);
                    Matcher size = SIZE.matcher(line);
                    if (size.find()) {
                        width = Integer.parseInt(size.group(1));
                        height = Integer.parseInt(size.group(2));
                    }
                } else if (stream.group(1).equals("Audio") && audioCodec == null) {
                    audioCodec = stream.group(2);
                }
            }
        }
        return new Streams(videoCodec, audioCodec, width, height, log);
    }

    /** Codecs and frame size read back from a file. */
    public record Streams(String videoCodec, String audioCodec, int width, int height, String log) {
        public boolean hasAudio() {
            return audioCodec != null;
        }
    }

    /** Mean and peak level in dBFS of the audio between {@code from} and {@code to} seconds. */
    public static Levels audioLevels(Path file, double from, double to) {
        FfmpegResult result = run(List.of("-ss", TestMedia.number(from), "-t", TestMedia.number(to - from), "-i",
                file.toString(), "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-"), "info");
        Matcher mean = MEAN_VOLUME.matcher(result.log());
        Matcher max = MAX_VOLUME.matcher(result.log());
        if (!mean.find() || !max.find()) {
            return new Levels(OptionalDouble.empty(), OptionalDouble.empty());
        }
        return new Levels(level(mean.group(1)), level(max.group(1)));
    }

    /**
     * The highest sample of the audio between {@code from} and {@code to} seconds in dBFS, decoded as floating point
     * so that a mix that went over full scale reads above 0 (16-bit decoding would stop every peak at 0).
     */
    public static double audioPeakDb(Path file, double from, double to) {
        FfmpegResult result = run(List.of("-ss", TestMedia.number(from), "-t", TestMedia.number(to - from), "-i",
                file.toString(), "-map", "0:a:0", "-af", "aformat=sample_fmts=flt,astats=measure_perchannel=none",
                "-f", "null", "-"), "info");
        Matcher peak = PEAK_LEVEL.matcher(result.log());
        if (!peak.find()) {
            throw new IllegalStateException("no peak level in: " + result.log());
        }
        return level(peak.group(1)).getAsDouble();
    }

    private static OptionalDouble level(String text) {
        return text.equals("-inf") ? OptionalDouble.of(Double.NEGATIVE_INFINITY) : OptionalDouble.of(Double.parseDouble(text));
    }

    /** Audio levels in dBFS; empty when the span had no audio at all. */
    public record Levels(OptionalDouble meanDb, OptionalDouble maxDb) {
        public double mean() {
            return meanDb.orElse(Double.NEGATIVE_INFINITY);
        }

        public double max() {
            return maxDb.orElse(Double.NEGATIVE_INFINITY);
        }
    }

    private static FfmpegResult run(List<String> arguments) {
        return run(arguments, "error");
    }

    private static FfmpegResult run(List<String> arguments, String logLevel) {
        List<String> all = new java.util.ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", logLevel));
        all.addAll(arguments);
        FfmpegResult result = TestMedia.ffmpeg().run(all, LIMIT);
        if (!result.succeeded()) {
            throw new IllegalStateException("decoding failed: " + result.log());
        }
        return result;
    }
}
