package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sound is present, absent and mixed at the right times, measured with FFmpeg's volumedetect. */
class AudioRenderTest {

    /** Anything quieter than this is silence. */
    private static final double SILENT_DB = -70;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.tone(fixture.file("tone.wav"), 440, 2, 0.5);
        TestMedia.tone(fixture.file("loud.mp3"), 660, 2, 0.9);
        TestMedia.clip(fixture.file("silent.mp4"), 64, 64, 2, "gray", 0);
        TestMedia.clip(fixture.file("beeping.mp4"), 64, 64, 2, "gray", 880);
        TestMedia.solidPng(fixture.file("red.png"), 32, 32, "red");
    }

    @Test
    void anAudioElementSoundsOnlyInsideItsWindow() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "duration": 4, "elements": [
                  {"type": "audio", "source": "tone.wav", "time": 1, "duration": 1.5}]}""", "window.mp4").file();
        assertThat(Decoded.audioLevels(out, 0.1, 0.9).max()).isLessThan(SILENT_DB);
        assertThat(Decoded.audioLevels(out, 1.2, 2.3).mean()).isBetween(-15.0, -3.0);
        assertThat(Decoded.audioLevels(out, 2.7, 3.9).max()).isLessThan(SILENT_DB);
    }

    @Test
    void outputWithoutSoundingElementsHasASilentTrack() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "duration": 1, "elements": [
                  {"type": "image", "source": "red.png"}]}""", "silent-track.mp4").file();
        Decoded.Streams streams = Decoded.streams(out);
        assertThat(streams.audioCodec()).isEqualTo("aac");
        assertThat(Decoded.audioLevels(out, 0, 1).max()).isLessThan(SILENT_DB);
    }

    @Test
    void videoWithoutAnAudioStreamStillGetsATrack() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "silent.mp4"}]}""", "no-audio-source.mp4").file();
        assertThat(Decoded.streams(out).hasAudio()).isTrue();
    }

    @Test
    void volumeZeroMutesAVideosSound() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "video", "source": "beeping.mp4", "volume": 0}]}""", "muted.mp4").file();
        assertThat(Decoded.audioLevels(out, 0.2, 1.8).max()).isLessThan(SILENT_DB);
    }

    @Test
    void volumeScalesTheLevel() {
        Path full = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "tone.wav"}]}""", "full.mp4").file();
        Path quarter = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "tone.wav", "volume": 0.25}]}""", "quarter.mp4").file();
        double difference = Decoded.audioLevels(full, 0.2, 1.8).mean() - Decoded.audioLevels(quarter, 0.2, 1.8).mean();
        // 20·log10(4) ≈ 12 dB
        assertThat(difference).isBetween(10.5, 13.5);
    }

    @Test
    void overlappingSoundsAreMixedWithoutClipping() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "loud.mp3", "volume": 2},
                  {"type": "video", "source": "beeping.mp4", "volume": 2},
                  {"type": "audio", "source": "tone.wav", "time": 1, "volume": 2}]}""", "mix.mp4").file();
        Decoded.Levels levels = Decoded.audioLevels(out, 0.2, 2.8);
        // three sounds at twice their level sum to about +10 dBFS; the mix stays under full scale (the encoder's
        // overshoot aside) instead of going over it or being cut flat
        assertThat(Decoded.audioPeakDb(out, 0.2, 2.8)).isLessThan(0.5);
        assertThat(levels.mean()).isGreaterThan(-12.0);
        // the third sound starts at 1 s and ends at 3 s: the output lasts 3 s
        assertThat(Decoded.audioLevels(out, 2.2, 2.9).mean()).isGreaterThan(-15.0);
    }

    @Test
    void videoSoundFollowsItsTrimAndStart() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "duration": 3, "elements": [
                  {"type": "video", "source": "beeping.mp4", "time": 1, "trim_start": 1}]}""", "trimmed-sound.mp4")
                .file();
        assertThat(Decoded.audioLevels(out, 0.1, 0.9).max()).isLessThan(SILENT_DB);
        assertThat(Decoded.audioLevels(out, 1.1, 1.9).mean()).isGreaterThan(-20.0);
        assertThat(Decoded.audioLevels(out, 2.1, 2.9).max()).isLessThan(SILENT_DB);
    }

    @Test
    void loopedSoundFillsItsDuration() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "elements": [
                  {"type": "audio", "source": "tone.wav", "duration": 5, "loop": true}]}""", "looped.mp4").file();
        assertThat(Decoded.audioLevels(out, 4.0, 4.8).mean()).isBetween(-15.0, -3.0);
    }
}
