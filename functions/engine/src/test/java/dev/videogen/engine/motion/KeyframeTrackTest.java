package dev.videogen.engine.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyframeTrackTest {

    private static final KeyframeTrack TRACK = KeyframeTrack.of(
            new Keyframe(0.5, 10, Easing.EASE_IN),
            new Keyframe(1.5, 110, Easing.STEP_END),
            new Keyframe(2, 50, Easing.EASE_OUT),
            new Keyframe(3, -30, Easing.LINEAR));

    @ParameterizedTest
    @CsvSource({
            "0, 10", "0.5, 10",                       // the first value holds before the first keyframe
            "1, 41.53568", "1.25, 72.18619",          // ease-in from 10 to 110
            "1.5, 110", "1.99, 110",                  // step-end holds until the next keyframe
            "2, 50", "2.5, -4.77145",                 // ease-out from 50 to -30
            "3, -30", "10, -30"})                     // the last value holds after the last keyframe
    void valuesFollowTheEasingOfTheEarlierKeyframe(double time, double expected) {
        assertThat(TRACK.valueAt(time)).isCloseTo(expected, within(1e-4));
    }

    @Test
    void aSingleKeyframeHoldsItsValue() {
        KeyframeTrack track = KeyframeTrack.constant(7);
        assertThat(track.valueAt(-1)).isEqualTo(7);
        assertThat(track.valueAt(100)).isEqualTo(7);
        assertThat(track.constant()).isTrue();
        assertThat(track.expression("t")).isEqualTo("7");
    }

    @Test
    void ffmpegEvaluatesTheGeneratedExpressionToTheSameValues(@TempDir Path directory) throws IOException {
        // FFmpeg's own expression evaluator: aevalsrc computes the expression at t = n/1000 for n = 0..3999, with
        // the element starting 0.25 s into the output, so the expression is of absolute time
        double start = 0.25;
        String expression = TRACK.expression("t-" + start);
        Path raw = directory.resolve("values.f64");
        FfmpegResult result = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-f", "lavfi", "-i", "aevalsrc=exprs='" + expression + "':s=1000:d=4", "-f", "f64le", "-c:a",
                "pcm_f64le", raw.toString()), Duration.ofSeconds(60));
        assertThat(result.succeeded()).as(result.log()).isTrue();
        ByteBuffer values = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(values.remaining()).isEqualTo(4000 * 8);
        for (int n = 0; n < 4000; n++) {
            double t = n / 1000.0;
            assertThat(values.getDouble()).as("t=%s", t).isCloseTo(TRACK.valueAt(t - start), within(1e-6));
        }
    }

    @Test
    void keyframesOutOfTimeOrderAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyframeTrack.of(new Keyframe(1, 0, Easing.LINEAR),
                new Keyframe(0.5, 1, Easing.LINEAR))).isInstanceOf(IllegalArgumentException.class);
    }
}
