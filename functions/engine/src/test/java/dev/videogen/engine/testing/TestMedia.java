package dev.videogen.engine.testing;

import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Generates test media with the same FFmpeg the engine uses: solid and striped images, coloured clips with tones,
 * clips whose colour changes every second, plain tones. Nothing binary is committed; every file is made on demand.
 */
public final class TestMedia {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final FfmpegProcess FFMPEG = new FfmpegProcess(FfmpegLocator.bundledBinary());

    private TestMedia() {
    }

    public static FfmpegProcess ffmpeg() {
        return FFMPEG;
    }

    /** A PNG of one colour; {@code color} in FFmpeg syntax, e.g. {@code red}, {@code 0x00FF00}, {@code red@0.5}. */
    public static Path solidPng(Path file, int width, int height, String color) {
        run(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "color=c=%s:s=%dx%d,format=rgba", color, width,
                height), "-frames:v", "1", file.toString()));
        return file;
    }

    /**
     * A PNG of vertical stripes of equal width, left to right, e.g. red | green | blue. With three colours and a
     * 2:1 picture the middle stripe is a centred square, which makes cover/contain/fill tell themselves apart.
     */
    public static Path stripesPng(Path file, int width, int height, String... colors) {
        List<String> args = new ArrayList<>();
        StringBuilder graph = new StringBuilder();
        int stripe = width / colors.length;
        for (int i = 0; i < colors.length; i++) {
            int w = i == colors.length - 1 ? width - stripe * (colors.length - 1) : stripe;
            graph.append(String.format(Locale.ROOT, "color=c=%s:s=%dx%d[s%d];", colors[i], w, height, i));
        }
        for (int i = 0; i < colors.length; i++) {
            graph.append("[s").append(i).append(']');
        }
        graph.append("hstack=inputs=").append(colors.length).append(",format=rgba");
        args.addAll(List.of("-filter_complex", graph.toString(), "-frames:v", "1", file.toString()));
        run(args);
        return file;
    }

    /** A clip of one colour, with a sine tone at {@code toneHz} (0: no audio stream). */
    public static Path clip(Path file, int width, int height, double seconds, String color, int toneHz) {
        return colorSequence(file, width, height, seconds, toneHz, color);
    }

    /** A clip whose colour changes every {@code secondsEach}: colors[0], then colors[1], … */
    public static Path colorSequence(Path file, int width, int height, double secondsEach, int toneHz,
                                     String... colors) {
        List<String> args = new ArrayList<>();
        StringBuilder graph = new StringBuilder();
        for (int i = 0; i < colors.length; i++) {
            graph.append(String.format(Locale.ROOT, "color=c=%s:s=%dx%d:r=30:d=%s[c%d];", colors[i], width, height,
                    number(secondsEach), i));
        }
        for (int i = 0; i < colors.length; i++) {
            graph.append("[c").append(i).append(']');
        }
        graph.append("concat=n=").append(colors.length).append(":v=1:a=0[v]");
        double total = secondsEach * colors.length;
        if (toneHz > 0) {
            graph.append(String.format(Locale.ROOT, ";aevalsrc=0.5*sin(2*PI*%d*t):s=48000:d=%s[a]", toneHz,
                    number(total)));
        }
        args.addAll(List.of("-filter_complex", graph.toString(), "-map", "[v]"));
        if (toneHz > 0) {
            args.addAll(List.of("-map", "[a]", "-c:a", "aac", "-b:a", "96k"));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "15",
                "-t", number(total), file.toString()));
        run(args);
        return file;
    }

    /**
     * A sine tone of {@code seconds} peaking at {@code amplitude} of full scale (0.5 ≈ −6 dBFS peak, −9 dBFS mean);
     * the container follows the file's extension (wav, mp3, ogg, flac, m4a).
     */
    public static Path tone(Path file, int hz, double seconds, double amplitude) {
        run(List.of("-f", "lavfi", "-i", String.format(Locale.ROOT, "aevalsrc=%s*sin(2*PI*%d*t):s=48000:d=%s",
                number(amplitude), hz, number(seconds)), file.toString()));
        return file;
    }

    private static void run(List<String> arguments) {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        all.addAll(arguments);
        FfmpegResult result = FFMPEG.run(all, LIMIT);
        if (!result.succeeded()) {
            throw new IllegalStateException("test media generation failed: " + result.log());
        }
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
