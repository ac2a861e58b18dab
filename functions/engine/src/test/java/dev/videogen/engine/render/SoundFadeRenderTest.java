package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sound fades, volume keyframes and the cross-fade of a transition, measured by level over time. */
class SoundFadeRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.tone(fixture.file("tone.wav"), 440, 3, 0.5);
        TestMedia.clip(fixture.file("loud.mp4"), 64, 64, 2, "red", 440);
        TestMedia.clip(fixture.file("quiet.mp4"), 64, 64, 2, "blue", 0);
    }

    /** The level of a 0.1 s window centred on {@code t}, relative to the steady level, in dB. */
    private static double level(Path file, double t, double steady) {
        return Decoded.audioLevels(file, t - 0.05, t + 0.05).mean() - steady;
    }

    @Test
    void fadeInAndFadeOutAreLinearRamps() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "tone.wav", "fade_in": 1, "fade_out": 0.5}]}""", "fades.mp4").file();
        double steady = Decoded.audioLevels(out, 1.5, 2.3).mean();
        // a linear ramp is at half its gain (−6 dB) halfway through, at a quarter (−12 dB) a quarter of the way
        assertThat(level(out, 0.5, steady)).isCloseTo(-6.02, within(1.0));
        assertThat(level(out, 0.25, steady)).isCloseTo(-12.04, within(1.5));
        assertThat(level(out, 2.75, steady)).isCloseTo(-6.02, within(1.0));
        assertThat(Decoded.audioLevels(out, 0, 0.02).mean()).isLessThan(steady - 25);
    }

    @Test
    void volumeKeyframesShapeTheLevelOverTime() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "tone.wav",
                   "keyframes": {"volume": [{"time": 0.5, "value": 1}, {"time": 1.5, "value": 0.25}]}}]}""",
                "volume.mp4").file();
        double steady = Decoded.audioLevels(out, 0.1, 0.4).mean();
        assertThat(level(out, 1.0, steady)).isCloseTo(20 * Math.log10(0.625), within(1.0));
        assertThat(Decoded.audioLevels(out, 2, 2.9).mean() - steady).isCloseTo(20 * Math.log10(0.25), within(1.0));
    }

    @Test
    void theSoundsOfATransitionCrossFadeOverItsTime() {
        // the loud clip comes first: under the transition its sound fades out, and stops when the transition ends
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "loud.mp4", "track": 1},
                  {"type": "video", "source": "quiet.mp4", "track": 1, "time": 1,
                   "transition": {"type": "fade", "duration": 1}}]}""", "out.mp4").file();
        double steady = Decoded.audioLevels(out, 0.2, 0.9).mean();
        assertThat(level(out, 1.5, steady)).isCloseTo(-6.02, within(1.0));
        assertThat(level(out, 1.25, steady)).isCloseTo(20 * Math.log10(0.75), within(1.0));
        assertThat(Decoded.audioLevels(out, 2.1, 2.9).mean()).isLessThan(steady - 40);
        // the loud clip second: its sound fades in over the transition
        Path in = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "quiet.mp4", "track": 1},
                  {"type": "video", "source": "loud.mp4", "track": 1, "time": 1,
                   "transition": {"type": "fade", "duration": 1}}]}""", "in.mp4").file();
        double after = Decoded.audioLevels(in, 2.1, 2.9).mean();
        assertThat(level(in, 1.5, after)).isCloseTo(-6.02, within(1.0));
        assertThat(level(in, 1.25, after)).isCloseTo(-12.04, within(1.5));
    }
}
