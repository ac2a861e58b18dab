package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stacking order, opacity and the background colour, checked on decoded frames. */
class LayeringRenderTest {

    private static final int TOLERANCE = 40;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.solidPng(fixture.file("red.png"), 64, 64, "red");
        TestMedia.solidPng(fixture.file("blue.png"), 64, 64, "blue");
        TestMedia.solidPng(fixture.file("white.png"), 64, 64, "white");
        TestMedia.solidPng(fixture.file("half-transparent-red.png"), 64, 64, "red@0.5");
    }

    private static BufferedImage frame(String json, String name) {
        return Decoded.frameAt(fixture.render(json, name).file(), 0.5);
    }

    private static void assertColor(BufferedImage frame, int x, int y, int r, int g, int b) {
        assertThat(Decoded.near(frame, x, y, new int[] {r, g, b}, TOLERANCE))
                .as("pixel %s", Decoded.describe(frame, x, y)).isTrue();
    }

    @Test
    void higherTrackIsDrawnAboveALowerOneWhateverTheArrayOrder() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "elements": [
                  {"type": "image", "source": "blue.png", "track": 5, "fit_mode": "fill"},
                  {"type": "image", "source": "red.png", "track": 1, "fit_mode": "fill"}]}""", "tracks.mp4");
        assertColor(frame, 64, 64, 0, 0, 255);
    }

    @Test
    void onEqualTracksTheLaterElementIsOnTop() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "elements": [
                  {"type": "image", "source": "blue.png", "track": 2, "fit_mode": "fill"},
                  {"type": "image", "source": "red.png", "track": 2, "fit_mode": "fill"}]}""", "ties.mp4");
        assertColor(frame, 64, 64, 255, 0, 0);
    }

    @Test
    void defaultTracksFollowTheArrayOrder() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "elements": [
                  {"type": "image", "source": "red.png", "fit_mode": "fill"},
                  {"type": "image", "source": "blue.png", "x": "50%", "width": "50%", "fit_mode": "fill"}]}""",
                "default-tracks.mp4");
        assertColor(frame, 32, 64, 255, 0, 0);
        assertColor(frame, 96, 64, 0, 0, 255);
    }

    @Test
    void opacityBlendsWithWhatIsBelow() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "background_color": "#000000", "elements": [
                  {"type": "image", "source": "white.png", "fit_mode": "fill", "opacity": 0.5}]}""", "opacity.mp4");
        int[] mid = Decoded.rgb(frame, 64, 64);
        assertThat(mid[0]).as("half-white over black").isBetween(105, 150);
        assertThat(mid[1]).isBetween(105, 150);
        assertThat(mid[2]).isBetween(105, 150);
    }

    @Test
    void overlayKeepsTheSourcesTransparency() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "background_color": "#0000FF", "elements": [
                  {"type": "overlay", "source": "half-transparent-red.png", "fit_mode": "fill"}]}""", "alpha.mp4");
        int[] mid = Decoded.rgb(frame, 64, 64);
        assertThat(mid[0]).as("red at half alpha over blue").isBetween(100, 160);
        assertThat(mid[2]).isBetween(100, 160);
    }

    @Test
    void backgroundShowsWhereNoElementCovers() {
        BufferedImage frame = frame("""
                {"width": 128, "height": 128, "duration": 1, "background_color": "#00FF00", "elements": [
                  {"type": "image", "source": "red.png", "x": 0, "y": 0, "width": 32, "height": 32}]}""",
                "background.mp4");
        assertColor(frame, 16, 16, 255, 0, 0);
        assertColor(frame, 100, 100, 0, 255, 0);
        assertColor(frame, 100, 16, 0, 255, 0);
    }

    @Test
    void percentAndPixelBoxesLandWhereTheySay() {
        BufferedImage frame = frame("""
                {"width": 200, "height": 100, "duration": 1, "elements": [
                  {"type": "image", "source": "red.png", "x": "25%", "y": "50%", "width": "50%", "height": "50%",
                   "fit_mode": "fill"}]}""", "box.mp4");
        // box: x 50..149, y 50..99
        assertColor(frame, 55, 55, 255, 0, 0);
        assertColor(frame, 145, 95, 255, 0, 0);
        assertColor(frame, 45, 75, 0, 0, 0);
        assertColor(frame, 155, 75, 0, 0, 0);
        assertColor(frame, 100, 45, 0, 0, 0);
    }
}
