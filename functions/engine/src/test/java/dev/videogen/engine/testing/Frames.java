package dev.videogen.engine.testing;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every frame of a video decoded to 8-bit RGB, in order: frame {@code n} is the one at {@code n / fps} seconds. For
 * measurements across frames (positions, levels, differences between whole frames).
 */
public final class Frames {

    private final int width;
    private final int height;
    private final List<byte[]> frames;

    private Frames(int width, int height, List<byte[]> frames) {
        this.width = width;
        this.height = height;
        this.frames = frames;
    }

    /** Decodes {@code video}, which is {@code width × height}; {@code filter} (may be null) runs before decoding. */
    public static Frames decode(Path video, int width, int height, String filter) {
        try {
            Path raw = Files.createTempFile("frames", ".rgb");
            try {
                List<String> arguments = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel",
                        "error", "-i", video.toString()));
                if (filter != null) {
                    arguments.addAll(List.of("-vf", filter));
                }
                arguments.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", raw.toString()));
                FfmpegResult result = TestMedia.ffmpeg().run(arguments, Duration.ofSeconds(120));
                if (!result.succeeded()) {
                    throw new IllegalStateException("decoding failed: " + result.log());
                }
                byte[] all = Files.readAllBytes(raw);
                int size = width * height * 3;
                List<byte[]> frames = new ArrayList<>();
                for (int offset = 0; offset + size <= all.length; offset += size) {
                    byte[] frame = new byte[size];
                    System.arraycopy(all, offset, frame, 0, size);
                    frames.add(frame);
                }
                return new Frames(width, height, frames);
            } finally {
                Files.deleteIfExists(raw);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Frames decode(Path video, int width, int height) {
        return decode(video, width, height, null);
    }

    public int count() {
        return frames.size();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of a pixel of frame {@code n}. */
    public int channel(int n, int x, int y, int c) {
        return frames.get(n)[(y * width + x) * 3 + c] & 0xff;
    }

    /** The mean of the three channels of a pixel. */
    public double luma(int n, int x, int y) {
        return (channel(n, x, y, 0) + channel(n, x, y, 1) + channel(n, x, y, 2)) / 3.0;
    }

    /** The mean brightness of a rectangle of frame {@code n}. */
    public double mean(int n, int x, int y, int w, int h) {
        double sum = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                sum += luma(n, i, j);
            }
        }
        return sum / (w * h);
    }

    /** The first column of row {@code y} of frame {@code n} at least half as bright as {@code full}; -1 if none. */
    public int leftEdge(int n, int y, double full) {
        for (int x = 0; x < width; x++) {
            if (luma(n, x, y) >= full / 2) {
                return x;
            }
        }
        return -1;
    }

    /** The centre of the pixels of a rectangle of frame {@code n} brighter than half scale, as {x, y}. */
    public double[] centroid(int n, int x, int y, int w, int h) {
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                double v = luma(n, i, j) > 128 ? 1 : 0;
                sum += v;
                sx += v * i;
                sy += v * j;
            }
        }
        return new double[] {sx / sum, sy / sum};
    }

    /**
     * The brightness-weighted centre of a rectangle of frame {@code n} (brightness above {@code floor} counts), as
     * {x, y} in pixel-centre coordinates: a sub-pixel measure of where a bright mark is.
     */
    public double[] weightedCentroid(int n, int x, int y, int w, int h, double floor) {
        double sum = 0;
        double sx = 0;
        double sy = 0;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                double v = Math.max(0, luma(n, i, j) - floor);
                sum += v;
                sx += v * (i + 0.5);
                sy += v * (j + 0.5);
            }
        }
        return new double[] {sx / sum, sy / sum};
    }

    /** The mean absolute difference of all channels of all pixels between frame {@code n} here and frame {@code m} of {@code other}. */
    public double meanDifference(int n, Frames other, int m) {
        byte[] a = frames.get(n);
        byte[] b = other.frames.get(m);
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return (double) sum / a.length;
    }

    /** The largest absolute difference of any channel of any pixel between frame {@code n} here and frame {@code m} of {@code other}. */
    public int maxDifference(int n, Frames other, int m) {
        byte[] a = frames.get(n);
        byte[] b = other.frames.get(m);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((a[i] & 0xff) - (b[i] & 0xff)));
        }
        return max;
    }
}
