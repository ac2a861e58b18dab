package dev.videogen.engine.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkPlannerTest {

    @ParameterizedTest(name = "{0} s at {1} fps: {2} frames")
    @CsvSource({
            "1, 30, 30",
            "10, 30, 300",
            "10.01, 30, 301",
            "0.5, 25, 13",
            "0.04, 25, 1",
            "0.001, 1, 1",
            "600, 30, 18000",
            "900, 60, 54000",
            "2.9999999999, 10, 30",
            "0.1, 30, 3",
            "0.7, 30, 21",
    })
    void aSinglePassWritesEveryFrameThatStartsBeforeTheEnd(double seconds, int fps, long frames) {
        assertThat(ChunkPlanner.frameCount(seconds, fps)).isEqualTo(frames);
    }

    /** duration, fps, CHUNK_SECONDS, then the expected ranges as start-end pairs. */
    @ParameterizedTest(name = "{0} s at {1} fps, chunks of {2} s -> {3}")
    @CsvSource(delimiter = ';', value = {
            "10; 30; 30; 0-300",
            "60; 30; 30; 0-1800",
            "60.01; 30; 30; 0-600 600-1200 1200-1801",
            "61; 30; 30; 0-610 610-1220 1220-1830",
            "90; 30; 30; 0-900 900-1800 1800-2700",
            "600; 30; 30; " + "0-900 900-1800 1800-2700 2700-3600 3600-4500 4500-5400 5400-6300 6300-7200 "
                    + "7200-8100 8100-9000 9000-9900 9900-10800 10800-11700 11700-12600 12600-13500 13500-14400 "
                    + "14400-15300 15300-16200 16200-17100 17100-18000",
            "5; 10; 2; 0-16 16-33 33-50",
            "3; 1; 1; 0-1 1-2 2-3",
            "2; 1; 1; 0-2",
            "0.5; 30; 0.01; 0-1 1-2 2-3 3-4 4-5 5-6 6-7 7-8 8-9 9-10 10-11 11-12 12-13 13-14 14-15",
    })
    void theThresholdSplitsOnlyOutputsLongerThanTwiceItIntoBalancedChunks(double seconds, int fps, double chunk,
                                                                           String expected) {
        assertThat(describe(ChunkPlanner.byDuration(seconds, fps, chunk))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} frames in {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "300; 1; 0-300",
            "300; 2; 0-150 150-300",
            "301; 2; 0-150 150-301",
            "10; 3; 0-3 3-6 6-10",
            "2; 5; 0-1 1-2",
            "1; 8; 0-1",
    })
    void aCountOfChunksSplitsTheFramesEvenlyAndNeverMakesAnEmptyOne(long frames, int count, String expected) {
        assertThat(describe(ChunkPlanner.evenly(frames, count))).isEqualTo(expected);
    }

    @Test
    void everyPlanCoversEachFrameOnceInOrderWithSizesWithinOneFrame() {
        for (double seconds : new double[] {0.04, 1, 29.99, 60, 60.04, 61.3, 119.97, 300, 601, 900}) {
            for (int fps : new int[] {1, 12, 24, 25, 30, 60}) {
                for (double chunk : new double[] {0.5, 1, 7.5, 30, 45}) {
                    List<FrameRange> ranges = ChunkPlanner.byDuration(seconds, fps, chunk);
                    long next = 0;
                    long smallest = Long.MAX_VALUE;
                    long largest = 0;
                    for (int i = 0; i < ranges.size(); i++) {
                        FrameRange range = ranges.get(i);
                        assertThat(range.index()).isEqualTo(i);
                        assertThat(range.startFrame()).isEqualTo(next);
                        next = range.endFrame();
                        smallest = Math.min(smallest, range.frames());
                        largest = Math.max(largest, range.frames());
                    }
                    assertThat(next).isEqualTo(ChunkPlanner.frameCount(seconds, fps));
                    assertThat(largest - smallest).isLessThanOrEqualTo(1);
                    if (ranges.size() > 1) {
                        assertThat(largest).as("%s s at %d fps by %s s", seconds, fps, chunk)
                                .isLessThanOrEqualTo(Math.max(1, (long) Math.floor(chunk * fps + 1e-6)));
                    }
                }
            }
        }
    }

    @Test
    void rangesKnowTheirTimesInTheOutput() {
        FrameRange range = new FrameRange(1, 900, 1800);
        assertThat(range.frames()).isEqualTo(900);
        assertThat(range.startSeconds(30)).isEqualTo(30.0);
        assertThat(range.endSeconds(30)).isEqualTo(60.0);
    }

    @Test
    void impossibleInputsAreRefused() {
        assertThatThrownBy(() -> ChunkPlanner.frameCount(0, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkPlanner.frameCount(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkPlanner.byDuration(10, 30, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChunkPlanner.evenly(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameRange(0, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static String describe(List<FrameRange> ranges) {
        List<String> parts = new ArrayList<>();
        for (FrameRange range : ranges) {
            parts.add(range.startFrame() + "-" + range.endFrame());
        }
        return String.join(" ", parts);
    }
}
