package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.RenderResult;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Time windows, trims, automatic durations and loops, checked on decoded frames. */
class TimingRenderTest {

    private static final int TOLERANCE = 48;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.solidPng(fixture.file("red.png"), 32, 32, "red");
        // one second each: red, green, blue
        TestMedia.colorSequence(fixture.file("rgb.mp4"), 64, 64, 1, 440, "red", "green", "blue");
    }

    private static boolean is(BufferedImage frame, int r, int g, int b) {
        return Decoded.near(frame, 32, 32, new int[] {r, g, b}, TOLERANCE);
    }

    private static String at(Path video, double seconds) {
        return Decoded.describe(Decoded.frameAt(video, seconds), 32, 32);
    }

    @Test
    void anElementIsVisibleOnlyInsideItsWindow() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "duration": 3, "fps": 10, "elements": [
                  {"type": "image", "source": "red.png", "time": 1, "duration": 1, "fit_mode": "fill"}]}""",
                "window.mp4").file();
        assertThat(is(Decoded.frameAt(out, 0.5), 0, 0, 0)).as(at(out, 0.5)).isTrue();
        assertThat(is(Decoded.frameAt(out, 0.85), 0, 0, 0)).as(at(out, 0.85)).isTrue();
        assertThat(is(Decoded.frameAt(out, 1.05), 255, 0, 0)).as(at(out, 1.05)).isTrue();
        assertThat(is(Decoded.frameAt(out, 1.9), 255, 0, 0)).as(at(out, 1.9)).isTrue();
        assertThat(is(Decoded.frameAt(out, 2.1), 0, 0, 0)).as(at(out, 2.1)).isTrue();
    }

    @Test
    void trimStartSkipsIntoTheSource() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "trim_start": 1, "trim_end": 2}]}""", "trim.mp4").file();
        // only the green second is used, and the output lasts that second
        assertThat(is(Decoded.frameAt(out, 0.2), 0, 128, 0)).as(at(out, 0.2)).isTrue();
        assertThat(is(Decoded.frameAt(out, 0.8), 0, 128, 0)).as(at(out, 0.8)).isTrue();
        assertThat(Decoded.videoFrames(out)).isBetween(29, 31);
    }

    @Test
    void autoDurationOfAVideoIsItsTrimmedLengthAndSetsTheOutputLength() {
        RenderResult result = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "time": 0.5, "trim_start": 1}]}""", "auto.mp4");
        // 2 s of source (green, blue) starting at 0.5 s: the output lasts 2.5 s
        assertThat(result.durationSeconds()).isEqualTo(2.5);
        assertThat(Decoded.videoFrames(result.file())).isBetween(74, 76);
        assertThat(is(Decoded.frameAt(result.file(), 0.25), 0, 0, 0)).isTrue();
        assertThat(is(Decoded.frameAt(result.file(), 1.0), 0, 128, 0)).as(at(result.file(), 1.0)).isTrue();
        assertThat(is(Decoded.frameAt(result.file(), 2.0), 0, 0, 255)).as(at(result.file(), 2.0)).isTrue();
    }

    @Test
    void imageWithAutoDurationLastsUntilTheEndOfTheOutput() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "width": "50%", "height": "50%"},
                  {"type": "image", "source": "red.png", "time": 2, "x": "50%", "y": "50%", "width": "50%",
                   "height": "50%", "fit_mode": "fill"}]}""", "image-auto.mp4").file();
        BufferedImage late = Decoded.frameAt(out, 2.9);
        assertThat(Decoded.near(late, 48, 48, new int[] {255, 0, 0}, TOLERANCE)).as(Decoded.describe(late, 48, 48)).isTrue();
        BufferedImage early = Decoded.frameAt(out, 1.5);
        assertThat(Decoded.near(early, 48, 48, new int[] {0, 0, 0}, TOLERANCE)).isTrue();
    }

    @Test
    void loopRepeatsTheTrimmedSegmentToFillTheDuration() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "trim_start": 1, "trim_end": 2, "duration": 3,
                   "loop": true}]}""", "loop-trimmed.mp4").file();
        assertThat(Decoded.videoFrames(out)).isBetween(89, 91);
        for (double t : new double[] {0.5, 1.5, 2.5}) {
            assertThat(is(Decoded.frameAt(out, t), 0, 128, 0)).as(at(out, t)).isTrue();
        }
    }

    @Test
    void loopRepeatsTheWholeSourceWhenUntrimmed() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "duration": 5, "loop": true}]}""", "loop.mp4").file();
        assertThat(Decoded.videoFrames(out)).isBetween(149, 151);
        assertThat(is(Decoded.frameAt(out, 3.5), 255, 0, 0)).as(at(out, 3.5)).isTrue();
        assertThat(is(Decoded.frameAt(out, 4.5), 0, 128, 0)).as(at(out, 4.5)).isTrue();
    }

    @Test
    void aVideoShorterThanItsDurationHoldsItsLastFrame() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "rgb.mp4", "trim_end": 1, "duration": 2}]}""", "hold.mp4").file();
        assertThat(is(Decoded.frameAt(out, 1.5), 255, 0, 0)).as(at(out, 1.5)).isTrue();
        assertThat(Decoded.videoFrames(out)).isBetween(59, 61);
    }
}
