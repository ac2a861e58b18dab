package dev.videogen.engine.chunks;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an output into chunks at frame boundaries. Pure: the same duration, rate and threshold always give the same
 * ranges, which together cover every frame of the output exactly once, in order, with sizes differing by at most one
 * frame (the slowest chunk sets a fan-out's wall time, so none is left with more than its share).
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    /**
     * How many frames a single pass writes for an output of {@code durationSeconds} at {@code fps}: every frame that
     * starts before the end.
     */
    public static long frameCount(double durationSeconds, double fps) {
        if (!(durationSeconds > 0) || fps <= 0) {
            throw new IllegalArgumentException("no frames in " + durationSeconds + " s at " + fps + " fps");
        }
        // a product a hair above a whole number (floating point) is that whole number
        return Math.max(1, (long) Math.ceil(durationSeconds * fps - 1e-6));
    }

    /**
     * The chunks of an output by the {@code CHUNK_SECONDS} rule: one range when the output lasts at most twice
     * {@code chunkSeconds} (splitting a short job costs more than it saves), else as many ranges of about
     * {@code chunkSeconds} as it takes, none longer than {@code chunkSeconds}.
     */
    public static List<FrameRange> byDuration(double durationSeconds, double fps, double chunkSeconds) {
        long total = frameCount(durationSeconds, fps);
        if (!(chunkSeconds > 0)) {
            throw new IllegalArgumentException("chunk length must be positive: " + chunkSeconds);
        }
        long perChunk = Math.max(1, (long) Math.floor(chunkSeconds * fps + 1e-6));
        if (total <= 2 * perChunk) {
            return List.of(new FrameRange(0, 0, total));
        }
        long count = (total + perChunk - 1) / perChunk;
        return evenly(total, (int) Math.min(Integer.MAX_VALUE, count));
    }

    /** {@code count} ranges over {@code totalFrames} (fewer when there are fewer frames than that). */
    public static List<FrameRange> evenly(long totalFrames, int count) {
        if (totalFrames <= 0 || count <= 0) {
            throw new IllegalArgumentException("cannot split " + totalFrames + " frames into " + count + " chunks");
        }
        int chunks = (int) Math.min(count, totalFrames);
        List<FrameRange> ranges = new ArrayList<>(chunks);
        for (int i = 0; i < chunks; i++) {
            long start = totalFrames * i / chunks;
            long end = totalFrames * (i + 1) / chunks;
            ranges.add(new FrameRange(i, start, end));
        }
        return List.copyOf(ranges);
    }
}
