package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.testing.Frames;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ken Burns on a picture with two marks: one at the focus point, which must stay where it is, and one off it, which
 * must move away from the focus smoothly (sub-pixel steps, no jumps of a pixel from frame to frame).
 */
class KenBurnsRenderTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        // 320×180 grey picture; a white 8×8 mark centred on (100, 60) and another on the focus point (160, 90)
        FfmpegResult result = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-f", "lavfi", "-i", "color=c=0x404040:s=320x180,drawbox=x=96:y=56:w=8:h=8:color=white:t=fill,"
                        + "drawbox=x=156:y=86:w=8:h=8:color=white:t=fill,format=rgb24",
                "-frames:v", "1", fixture.file("marks.png").toString()), Duration.ofSeconds(60));
        assertThat(result.succeeded()).as(result.log()).isTrue();
    }

    @Test
    void theZoomIsSmoothAndKeepsTheFocusPoint() {
        String json = """
                {"width": 320, "height": 180, "fps": 25, "duration": 2, "elements": [
                  {"type": "image", "source": "marks.png",
                   "ken_burns": {"zoom_start": 1, "zoom_end": 1.5, "focus_start": ["50%", "50%"]}}]}""";
        Frames frames = Frames.decode(fixture.render(json, "kenburns.mp4").file(), 320, 180);
        assertThat(frames.count()).isEqualTo(50);
        double[] xs = new double[frames.count()];
        double worstFocus = 0;
        for (int n = 0; n < frames.count(); n++) {
            double zoom = 1 + 0.5 * n / 50.0;
            // the off-focus mark: its centre (100, 60) moves to focus + zoom × (mark − focus)
            double[] mark = frames.weightedCentroid(n, 40, 10, 110, 80, 100);
            assertThat(mark[0]).as("mark x at frame %d", n).isCloseTo(160 + zoom * (100 - 160), within(0.5));
            assertThat(mark[1]).as("mark y at frame %d", n).isCloseTo(90 + zoom * (60 - 90), within(0.5));
            xs[n] = mark[0];
            double[] focus = frames.weightedCentroid(n, 140, 70, 40, 40, 100);
            worstFocus = Math.max(worstFocus, Math.hypot(focus[0] - 160, focus[1] - 90));
        }
        assertThat(worstFocus).as("the focus mark's largest drift").isLessThan(0.5);
        // jitter: how far each frame's step differs from the steady step (1.2 px a frame here)
        double worstJitter = 0;
        for (int n = 1; n + 1 < frames.count(); n++) {
            worstJitter = Math.max(worstJitter, Math.abs(xs[n + 1] - 2 * xs[n] + xs[n - 1]));
        }
        System.out.printf("Ken Burns: largest frame-to-frame jitter %.3f px, focus drift %.3f px%n", worstJitter,
                worstFocus);
        assertThat(worstJitter).as("largest change of step between frames").isLessThan(0.35);
    }
}
