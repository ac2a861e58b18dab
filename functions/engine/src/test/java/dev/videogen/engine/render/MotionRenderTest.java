package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.motion.Easing;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.Frames;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keyframes and presets in real renders, measured on the decoded frames. */
class MotionRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.solidPng(fixture.file("white.png"), 16, 16, "white");
        TestMedia.solidPng(fixture.file("white-big.png"), 64, 64, "white");
        TestMedia.solidPng(fixture.file("black.png"), 16, 16, "black");
        TestMedia.solidPng(fixture.file("gray.png"), 16, 16, "#808080");
        TestMedia.tone(fixture.file("tone.wav"), 440, 2, 0.5);
    }

    @Test
    void aKeyframedBoxIsWhereEachEasingSaysWithinAPixel() {
        // one row per easing: a 16×16 white box moving from x=0 to x=160 over the first second
        List<String> elements = new ArrayList<>();
        for (int i = 0; i < Easing.ALL.size(); i++) {
            elements.add(String.format(Locale.ROOT, """
                    {"type": "image", "source": "white.png", "y": %d, "width": 16, "height": 16,
                     "keyframes": {"x": [{"time": 0, "value": 0, "easing": "%s"}, {"time": 1, "value": 160}]}}""",
                    i * 20, Easing.ALL.get(i).wireName()));
        }
        String json = """
                {"width": 200, "height": 120, "fps": 20, "duration": 1.2, "elements": [%s]}"""
                .formatted(String.join(",", elements));
        Frames frames = Frames.decode(fixture.render(json, "easings.mp4").file(), 200, 120);
        assertThat(frames.count()).isEqualTo(24);
        for (int i = 0; i < Easing.ALL.size(); i++) {
            Easing easing = Easing.ALL.get(i);
            for (int n = 0; n < frames.count(); n++) {
                double expected = 160 * easing.apply(n / 20.0);
                int edge = frames.leftEdge(n, i * 20 + 8, 255);
                assertThat((double) edge).as("%s at frame %d", easing.wireName(), n)
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1.0));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp4", "mov", "webm", "gif"})
    void keyframesPresetsTransitionsAndSoundFadesWorkInEveryOutputFormat(String format) {
        // a black frame fading into a grey one from 0.8 s to 1.2 s; over it a box moving from x=0 to x=120 in the
        // first second and a box fading in over it; under it a tone fading in over the first second
        String json = """
                {"output_format": "%s", "width": 160, "height": 96, "fps": 10, "duration": 2, "elements": [
                  {"type": "image", "source": "black.png", "track": 1, "duration": 1.2, "fit_mode": "fill"},
                  {"type": "image", "source": "gray.png", "track": 1, "time": 0.8, "fit_mode": "fill",
                   "transition": {"type": "fade", "duration": 0.4}},
                  {"type": "image", "source": "white.png", "track": 2, "y": 4, "width": 16, "height": 16,
                   "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 1, "value": 120}]}},
                  {"type": "image", "source": "white-big.png", "track": 2, "x": 128, "y": 60, "width": 24,
                   "height": 24, "animations": [{"type": "fade", "duration": 1, "easing": "linear"}]},
                  {"type": "audio", "source": "tone.wav", "fade_in": 1}]}""".formatted(format);
        Path video = fixture.render(json, "motion." + format).file();
        Frames frames = Frames.decode(video, 160, 96);
        assertThat(frames.count()).isEqualTo(20);
        for (int n : new int[] {0, 3, 5, 8, 10, 15}) {
            // half of 400 is above the grey background the box ends on
            assertThat((double) frames.leftEdge(n, 12, 400)).as("%s: the moving box at frame %d", format, n)
                    .isCloseTo(Math.min(120, 12.0 * n), org.assertj.core.data.Offset.offset(1.0));
        }
        double white = frames.mean(15, 132, 64, 16, 16);
        assertThat(white).isGreaterThan(240);
        assertThat(frames.mean(5, 132, 64, 16, 16) / white).as("%s: the fade's midpoint", format)
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(format.equals("gif") ? 0.05 : 0.03));
        // the transition: black before it, grey after it, half way between at its midpoint
        double grey = frames.mean(15, 8, 40, 100, 16);
        assertThat(frames.mean(7, 8, 40, 100, 16)).isLessThan(4);
        assertThat(grey).isCloseTo(128, org.assertj.core.data.Offset.offset(6.0));
        assertThat(frames.mean(10, 8, 40, 100, 16) / grey).as("%s: the transition's midpoint", format)
                .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.05));
        if (!format.equals("gif")) {
            double early = Decoded.audioLevels(video, 0.05, 0.25).mean();
            double late = Decoded.audioLevels(video, 1.2, 1.8).mean();
            // the ramp's mean from 0.05 to 0.25 s is 15 % of full: about 16 dB below it
            assertThat(late - early).as("%s: the sound fades in", format).isBetween(10.0, 22.0);
        }
    }

    @Test
    void aFadeIsAtItsEasedOpacityAtItsMidpointWithinThreePercent() {
        String json = """
                {"width": 128, "height": 64, "fps": 20, "duration": 2, "elements": [
                  {"type": "image", "source": "white-big.png", "x": 0, "width": 64, "height": 64,
                   "animations": [{"type": "fade", "at": "start", "duration": 1}]},
                  {"type": "image", "source": "white-big.png", "x": 64, "width": 64, "height": 64,
                   "animations": [{"type": "fade", "at": "end", "duration": 1, "easing": "linear"}]}]}""";
        Frames frames = Frames.decode(fixture.render(json, "fade.mp4").file(), 128, 64);
        double white = frames.mean(25, 8, 8, 48, 48);
        // 0.5 s into a 1 s ease-out fade in; 0.5 s into a 1 s linear fade out that starts at 1 s
        double fadeIn = frames.mean(10, 8, 8, 48, 48) / white;
        double fadeOut = frames.mean(30, 72, 8, 48, 48) / white;
        assertThat(fadeIn).isCloseTo(Easing.EASE_OUT.apply(0.5), org.assertj.core.data.Offset.offset(0.03));
        assertThat(fadeOut).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.03));
        assertThat(frames.mean(0, 8, 8, 48, 48)).isLessThan(4);
        assertThat(frames.mean(15, 72, 8, 48, 48) / white).isCloseTo(1, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void slideWipeZoomAndSpinPresetsMoveAsTheirEasingSays() {
        // rows of 40 px: slide in from the left, wipe in from the left, zoom in, spin in; all linear over 1 s
        String json = """
                {"width": 160, "height": 160, "fps": 20, "duration": 1.5, "elements": [
                  {"type": "image", "source": "white.png", "x": 100, "y": 0, "width": 40, "height": 32,
                   "fit_mode": "fill", "animations": [{"type": "slide", "from": "left", "duration": 1, "easing": "linear"}]},
                  {"type": "image", "source": "white.png", "x": 40, "y": 40, "width": 80, "height": 32,
                   "fit_mode": "fill", "animations": [{"type": "wipe", "from": "left", "duration": 1, "easing": "linear"}]},
                  {"type": "image", "source": "white.png", "x": 40, "y": 80, "width": 80, "height": 32,
                   "fit_mode": "fill", "animations": [{"type": "zoom", "duration": 1, "easing": "linear"}]},
                  {"type": "image", "source": "white.png", "x": 60, "y": 124, "width": 40, "height": 32,
                   "fit_mode": "fill", "animations": [{"type": "spin", "duration": 1, "easing": "linear"}]}]}""";
        Frames frames = Frames.decode(fixture.render(json, "presets.mp4").file(), 160, 160);
        // slide: the box's left edge goes from -40 to 100
        for (int n : new int[] {6, 10, 14}) {
            double expected = -40 + 140 * n / 20.0;
            assertThat((double) frames.leftEdge(n, 16, 255)).as("slide at frame %d", n)
                    .isCloseTo(Math.max(0, expected), org.assertj.core.data.Offset.offset(1.0));
        }
        // wipe: the box is shown from its left edge, over a growing share of its width
        for (int n : new int[] {5, 10, 15}) {
            int shown = 0;
            for (int x = 0; x < 160; x++) {
                shown += frames.luma(n, x, 56) > 128 ? 1 : 0;
            }
            assertThat((double) shown).as("wipe at frame %d", n).isCloseTo(80 * n / 20.0,
                    org.assertj.core.data.Offset.offset(1.5));
            assertThat(frames.leftEdge(n, 56, 255)).isEqualTo(40);
        }
        // zoom: scaled about the box centre (80, 96)
        for (int n : new int[] {5, 10, 15}) {
            double scale = n / 20.0;
            int shown = 0;
            for (int x = 0; x < 160; x++) {
                shown += frames.luma(n, x, 96) > 128 ? 1 : 0;
            }
            assertThat((double) shown).as("zoom width at frame %d", n).isCloseTo(80 * scale,
                    org.assertj.core.data.Offset.offset(2.0));
            double[] centre = frames.centroid(n, 0, 76, 160, 40);
            // pixel centres: the box's centre (80, 96) is between pixels 79 and 80, 95 and 96
            assertThat(centre[0]).isCloseTo(79.5, org.assertj.core.data.Offset.offset(1.0));
            assertThat(centre[1]).isCloseTo(95.5, org.assertj.core.data.Offset.offset(1.0));
        }
        // spin: turning about its centre (80, 140) while it grows; upright and in its box when done
        double[] turning = frames.centroid(10, 0, 118, 160, 42);
        assertThat(turning[0]).isCloseTo(79.5, org.assertj.core.data.Offset.offset(1.0));
        assertThat(turning[1]).isCloseTo(139.5, org.assertj.core.data.Offset.offset(1.0));
        assertThat(frames.leftEdge(25, 140, 255)).isEqualTo(60);
        assertThat(frames.luma(25, 99, 125)).isGreaterThan(200);
        assertThat(frames.luma(25, 101, 140)).isLessThan(60);
    }
}
