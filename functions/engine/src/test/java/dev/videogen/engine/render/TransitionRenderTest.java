package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.motion.Transition;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.Frames;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each transition between two full-frame clips against FFmpeg's own {@code xfade} between the same clips, whole
 * frames compared; and the two clips' sounds cross-faded over the same time, measured by level.
 */
class TransitionRenderTest {

    private static final int SIZE = 64;

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        ffmpeg(TestMedia.ffmpeg().binary(), List.of("-f", "lavfi", "-i", "gradients=s=64x64:r=20:d=2:c0=red:c1=blue:c2=yellow:x0=0:y0=0:x1=63:y1=63", "-c:v",
                "libx264", "-qp", "0", "-pix_fmt", "yuv420p", fixture.file("first.mp4").toString()));
        ffmpeg(TestMedia.ffmpeg().binary(), List.of("-f", "lavfi", "-i", "smptehdbars=s=64x64:r=20:d=2", "-c:v",
                "libx264", "-qp", "0", "-pix_fmt", "yuv420p", fixture.file("second.mp4").toString()));
        ffmpeg(TestMedia.ffmpeg().binary(), List.of("-f", "lavfi", "-i", "color=c=0x202020:s=80x60", "-frames:v", "1",
                fixture.file("dark.jpg").toString()));
        ffmpeg(TestMedia.ffmpeg().binary(), List.of("-f", "lavfi", "-i", "color=c=0xe0e0e0:s=80x60", "-frames:v", "1",
                fixture.file("light.png").toString()));
    }

    private static void ffmpeg(Path binary, List<String> arguments) {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        all.addAll(arguments);
        FfmpegResult result = new dev.videogen.engine.ffmpeg.FfmpegProcess(binary).run(all, Duration.ofSeconds(60));
        if (!result.succeeded()) {
            throw new IllegalStateException(result.log());
        }
    }

    private static Frames rendered(String type) {
        String json = """
                {"width": 64, "height": 64, "fps": 20, "elements": [
                  {"type": "video", "source": "first.mp4", "track": 1},
                  {"type": "video", "source": "second.mp4", "time": 1, "track": 1,
                   "transition": {"type": "%s", "duration": 1}}]}""".formatted(type);
        return Frames.decode(fixture.render(json, "transition-" + type + ".mp4").file(), SIZE, SIZE);
    }

    private static Frames reference(Path binary, String type) {
        Path out = fixture.file("reference-" + type + "-" + binary.getFileName() + ".mp4");
        ffmpeg(binary, List.of("-i", fixture.file("first.mp4").toString(), "-i", fixture.file("second.mp4").toString(),
                "-filter_complex", "[0][1]xfade=transition=" + type + ":duration=1:offset=1,format=yuv420p",
                "-c:v", "libx264", "-qp", "0", out.toString()));
        return Frames.decode(out, SIZE, SIZE);
    }

    private static void assertMatches(Frames ours, Frames theirs, String type) {
        assertThat(ours.count()).isEqualTo(theirs.count());
        for (int n : new int[] {22, 26, 30, 34, 38}) {
            // the render is encoded lossily (the reference is not): a few levels of noise, most with dissolve's grain
            assertThat(ours.meanDifference(n, theirs, n)).as("%s, frame %d", type, n).isLessThan(4.0);
        }
    }

    @Test
    void everyTransitionMatchesFfmpegsOwnXfadeOverWholeFrames() {
        for (String type : Transition.TYPES) {
            if (type.equals("zoomin")) {
                continue;
            }
            assertMatches(rendered(type), reference(TestMedia.ffmpeg().binary(), type), type);
        }
    }

    @Test
    void picturesWithKenBurnsJoinedByACrossfadeLastTheWholeVideoAndBlendMidway() {
        // stills are repeated a frame at a time: with a picture decoded once a second FFmpeg 4.4's xfade ended the
        // video at the first transition (and held every later picture's frames in memory)
        String json = """
                {"width": 64, "height": 48, "fps": 20, "duration": 7, "elements": [
                  {"type": "image", "source": "dark.jpg", "track": 1, "duration": 4, "ken_burns": {"zoom_end": 1.2}},
                  {"type": "image", "source": "light.png", "track": 1, "time": 3, "ken_burns": {"zoom_end": 1.2},
                   "transition": {"type": "fade", "duration": 1}}]}""";
        Frames frames = Frames.decode(fixture.render(json, "stills-crossfade.mp4").file(), 64, 48);
        assertThat(frames.count()).isEqualTo(140);
        double dark = frames.mean(40, 8, 8, 48, 32);
        double light = frames.mean(120, 8, 8, 48, 32);
        assertThat(light - dark).isGreaterThan(150);
        // half way through the fade (3.5 s, frame 70) half way between the two pictures
        assertThat(frames.mean(70, 8, 8, 48, 32)).isCloseTo((dark + light) / 2, org.assertj.core.data.Offset.offset(
                0.05 * (light - dark)));
        assertThat(frames.mean(139, 8, 8, 48, 32)).isCloseTo(light, org.assertj.core.data.Offset.offset(3.0));
    }

    @Test
    void transitionsThatMoveDifferentlyDoNotMatchEachOther() {
        // the comparison above can tell transitions apart: a wipe to the left is far from one to the right
        Frames left = rendered("wipeleft");
        Frames right = reference(TestMedia.ffmpeg().binary(), "wiperight");
        assertThat(left.meanDifference(30, right, 30)).isGreaterThan(20);
    }

    @Test
    void zoominMatchesTheXfadeOfNewerFfmpegReleases() {
        // FFmpeg 4.4 has no zoomin; the Debian FFmpeg (5.1) does, and is the reference
        Path system = Path.of("/usr/bin/ffmpeg");
        assertThat(system).as("Debian's ffmpeg, installed by .ci/run").isExecutable();
        Frames ours = rendered("zoomin");
        Frames theirs = reference(system, "zoomin");
        for (int n : new int[] {22, 26, 30, 34, 38}) {
            // compared on brightness: FFmpeg's zoomin samples the colour planes at the brightness plane's coordinates
            double difference = 0;
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    difference += Math.abs(ours.luma(n, x, y) - theirs.luma(n, x, y));
                }
            }
            assertThat(difference / (SIZE * SIZE)).as("zoomin frame %d", n).isLessThan(6.0);
        }
    }
}
