package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.Frames;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A looped trimmed segment, rendered for real and decoded: every pass shows the segment's own frames in order and
 * plays its sound again, for as long as the element lasts.
 */
class SegmentLoopRenderTest {

    private static final int RATE = 48000;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        // a picture that changes every frame (25 fps) and a rising tone, so any shift shows
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=64x64:r=25:d=4", "-f", "lavfi", "-i",
                "aevalsrc=0.5*sin(2*PI*(300+200*t)*t):s=48000:d=4", "-c:v", "libx264", "-preset", "ultrafast",
                "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", "-shortest",
                fixture.file("moving.mp4").toString());
        ffmpeg("-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*(300+200*t)*t):s=48000:d=2",
                fixture.file("rising.wav").toString());
    }

    @Test
    void aLoopedSegmentShowsItsOwnFramesInOrderEveryPassAndRepeatsItsSound() {
        // 0.48 s: twelve source frames a pass, 12.5 passes
        Path out = fixture.render("""
                {"width": 64, "height": 64, "fps": 25, "elements": [
                  {"type": "video", "source": "moving.mp4", "trim_start": 1, "trim_end": 1.48, "duration": 6,
                   "loop": true}]}""", "loop-12.mp4").file();
        assertThat(Decoded.videoFrames(out)).isEqualTo(150);
        assertFramesFollowTheSegment(out, 1, 12);
        assertSoundRepeatsEvery(samples(out), 0.48, 5.9);
    }

    @Test
    void aSegmentThatIsNotAWholeNumberOfFramesLoopsTheFramesItsCutHolds() {
        // 0.5 s at 25 fps holds the frames at 1.00 .. 1.48: thirteen a pass; the sound repeats every 0.5 s exactly
        Path out = fixture.render("""
                {"width": 64, "height": 64, "fps": 25, "elements": [
                  {"type": "video", "source": "moving.mp4", "trim_start": 1, "trim_end": 1.5, "duration": 6,
                   "loop": true}]}""", "loop-13.mp4").file();
        assertThat(Decoded.videoFrames(out)).isEqualTo(150);
        assertFramesFollowTheSegment(out, 1, 13);
        assertSoundRepeatsEvery(samples(out), 0.5, 5.9);
    }

    @Test
    void aLoopedSoundRepeatsItsSegmentForTheWholeDuration() {
        Path out = fixture.render("""
                {"width": 64, "height": 64, "fps": 25, "background_color": "#000000", "elements": [
                  {"type": "audio", "source": "rising.wav", "trim_start": 0.5, "trim_end": 0.8, "duration": 4,
                   "loop": true}]}""", "loop-sound.mp4").file();
        float[] sound = samples(out);
        assertThat(sound.length).isBetween(4 * RATE - 1024, 4 * RATE + 1024);
        assertSoundRepeatsEvery(sound, 0.3, 3.9);
        // and it is the segment's own sound, from its start, in every pass
        float[] source = samples(fixture.file("rising.wav"));
        int period = (int) Math.round(0.3 * RATE);
        double difference = 0;
        double level = 0;
        for (int i = RATE / 10; i < 3 * RATE; i++) {
            difference += Math.abs(sound[i] - source[RATE / 2 + i % period]);
            level += Math.abs(sound[i]);
        }
        assertThat(difference / level).isLessThan(0.05);
    }

    /** Every output frame is, of the segment's source frames, nearest to the one its place in the pass shows. */
    private static void assertFramesFollowTheSegment(Path out, double trimStart, int framesPerPass) {
        Frames source = Frames.decode(fixture.file("moving.mp4"), 64, 64,
                "trim=start=" + trimStart + ",setpts=PTS-STARTPTS,select='lt(n," + framesPerPass + ")'");
        assertThat(source.count()).isEqualTo(framesPerPass);
        Frames output = Frames.decode(out, 64, 64);
        for (int n = 0; n < output.count(); n++) {
            int nearest = 0;
            for (int k = 1; k < framesPerPass; k++) {
                if (output.meanDifference(n, source, k) < output.meanDifference(n, source, nearest)) {
                    nearest = k;
                }
            }
            assertThat(nearest).as("source frame shown at output frame %d", n).isEqualTo(n % framesPerPass);
            assertThat(output.meanDifference(n, source, nearest)).as("output frame %d", n).isLessThan(6);
        }
    }

    /**
     * The sound at {@code t} and at {@code t + period} is the same (within the encoder's loss) until {@code until},
     * while half a period later it is not: the comparison can tell a repeat from a shift.
     */
    private static void assertSoundRepeatsEvery(float[] sound, double period, double until) {
        int shift = (int) Math.round(period * RATE);
        int end = (int) Math.round(until * RATE) - shift;
        assertThat(sound.length).isGreaterThan(end + shift);
        assertThat(relativeDifference(sound, shift, end)).as("repeat after %s s", period).isLessThan(0.05);
        assertThat(relativeDifference(sound, shift + shift / 2, end - shift / 2)).isGreaterThan(0.3);
    }

    private static double relativeDifference(float[] sound, int shift, int end) {
        double difference = 0;
        double level = 0;
        for (int i = RATE / 10; i < end; i++) {
            difference += Math.abs(sound[i] - sound[i + shift]);
            level += Math.abs(sound[i]);
        }
        return difference / level;
    }

    /** The sound of {@code file} mixed to one channel at 48 kHz. */
    private static float[] samples(Path file) {
        try {
            Path raw = Files.createTempFile(directory, "sound", ".f32");
            ffmpeg("-i", file.toString(), "-vn", "-ac", "1", "-ar", Integer.toString(RATE), "-f", "f32le",
                    raw.toString());
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(samples);
            return samples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ffmpeg(String... arguments) {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        all.addAll(List.of(arguments));
        FfmpegResult result = TestMedia.ffmpeg().run(all, Duration.ofSeconds(60));
        if (!result.succeeded()) {
            throw new IllegalStateException(result.log());
        }
    }
}
