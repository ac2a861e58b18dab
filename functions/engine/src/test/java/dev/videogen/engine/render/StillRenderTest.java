package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.plan.RenderPlan;
import dev.videogen.engine.plan.RenderPlanner;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.Frames;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.engine.validation.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A still (png, jpg) against the same frame of the video of the same composition, both decoded: the still is that
 * frame, whether the composition's pictures stand still or move (motion at the still's absolute time); and it is
 * made without any video encoder, sound, or more than one frame.
 */
class StillRenderTest {

    private static final int WIDTH = 192;
    private static final int HEIGHT = 108;
    private static final double FPS = 25;

    /** A moving picture, a still picture appearing later, text: every layer kind the frame stacks. */
    private static final String STANDING = """
            {"width": 192, "height": 108, "fps": 25, "duration": 3, "output_format": "%s"%s, "elements": [
              {"type": "video", "source": "moving.mp4", "fit_mode": "cover"},
              {"type": "image", "source": "red.png", "time": 1, "duration": 2, "x": "5%%", "y": "5%%", "width": "30%%", "height": "30%%"},
              {"type": "text", "text": "Still", "time": 0.5, "y": "60%%", "height": "30%%", "font_size": "20%%", "color": "#ffff00"},
              {"type": "audio", "source": "tone.wav", "volume": 0.8}]}""";

    /** Keyframed position and a fade: motion evaluated at the still's absolute time. */
    private static final String MOVING = """
            {"width": 192, "height": 108, "fps": 25, "duration": 3, "output_format": "%s"%s, "elements": [
              {"type": "video", "source": "moving.mp4", "fit_mode": "cover"},
              {"type": "image", "source": "red.png", "time": 0.5, "duration": 2.5, "width": 40, "height": 40,
               "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 2, "value": 150, "easing": "ease-in-out"}]},
               "animations": [{"type": "fade", "at": "start", "duration": 1}]}]}""";

    @TempDir
    static Path directory;
    static RenderFixture fixture;
    static Renderer lossless;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.solidPng(fixture.file("red.png"), 32, 32, "red");
        TestMedia.tone(fixture.file("tone.wav"), 440, 3, 0.4);
        FfmpegResult made = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=s=160x90:r=30:d=4", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", directory.resolve("moving.mp4").toString()), Duration.ofSeconds(60));
        assertThat(made.succeeded()).as(made.log()).isTrue();
        // x264 at constant rate factor 0 is lossless: what differs from the still is in how the frame was composed
        Path fonts = FontCatalog.fontDirectory(null, directory.resolve("fonts"));
        lossless = new Renderer(RendererConfig.defaults(FfmpegLocator.bundledBinary(), directory.resolve("work-lossless"),
                fonts).withEncoder(new EncoderSettings("ultrafast", 0, 32, 8, 128, 96, 1L << 32)),
                new LocalOrHttpSourceFetcher(directory));
    }

    private static Frames video(String template, String name) {
        Path file = directory.resolve(name);
        lossless.render(fixture.request(template.formatted("mp4", "")), file, RenderListener.NONE, Cancellation.NEVER);
        return Frames.decode(file, WIDTH, HEIGHT);
    }

    private static Frames still(String template, String format, double time, String name) {
        RenderResult result = fixture.render(template.formatted(format, ", \"snapshot_time\": " + time), name);
        assertThat(result.file()).exists();
        return Frames.decode(result.file(), WIDTH, HEIGHT);
    }

    @Test
    void aPngOfAStandingCompositionIsTheVideosFrameAtItsTime() {
        Frames video = video(STANDING, "standing.mp4");
        for (double time : new double[] {0, 0.52, 1.3, 2.96}) {
            int frame = (int) Math.floor(time * FPS + 1e-6);
            Frames png = still(STANDING, "png", time, "standing-" + time + ".png");
            assertThat(png.count()).isEqualTo(1);
            assertThat(png.meanDifference(0, video, frame)).as("mean difference at %s s", time).isLessThan(0.5);
            assertThat(png.maxDifference(0, video, frame)).as("largest difference at %s s", time).isLessThanOrEqualTo(8);
            if (frame > 0) {
                // the neighbour differs (the picture moves), so agreement is not an accident
                assertThat(png.meanDifference(0, video, frame - 1)).isGreaterThan(2);
            }
        }
    }

    @Test
    void aPngOfAMovingCompositionIsTheVideosFrameWithMotionAtItsTime() {
        Frames video = video(MOVING, "moving-out.mp4");
        for (double time : new double[] {0.7, 1.62}) {
            int frame = (int) Math.floor(time * FPS + 1e-6);
            Frames png = still(MOVING, "png", time, "moving-" + time + ".png");
            assertThat(png.meanDifference(0, video, frame)).as("mean difference at %s s", time).isLessThan(0.5);
            assertThat(png.maxDifference(0, video, frame)).as("largest difference at %s s", time).isLessThanOrEqualTo(8);
            assertThat(png.meanDifference(0, video, frame - 3)).isGreaterThan(2);
        }
    }

    @Test
    void aJpegIsTheSameFrameWithinJpegLoss() {
        Frames video = video(STANDING, "standing-for-jpeg.mp4");
        Frames jpg = still(STANDING, "jpg", 1.3, "standing.jpg");
        Decoded.Streams streams = Decoded.streams(directory.resolve("standing.jpg"));
        assertThat(streams.videoCodec()).isEqualTo("mjpeg");
        assertThat(streams.audioCodec()).isNull();
        // JPEG's full range against the video's limited range: no level shift, only the JPEG's own loss
        assertThat(jpg.meanDifference(0, video, 32)).isLessThan(3);
        assertThat(Math.abs(jpg.mean(0, 0, 0, WIDTH, HEIGHT) - video.mean(32, 0, 0, WIDTH, HEIGHT))).isLessThan(1);
    }

    @Test
    void aStillIsPlannedAsOneFrameSeekingToItWithNoVideoEncoderAndNoSound() throws Exception {
        for (String template : List.of(STANDING, MOVING)) {
            CompositionRequest request = fixture.request(template.formatted("png", ", \"snapshot_time\": 2.6"));
            try (var prepared = fixture.renderer().prepare(request, RenderListener.NONE, Cancellation.NEVER)) {
                RenderPlan plan = RenderPlanner.plan(new RenderPlanner.Inputs(request, prepared.timeline(),
                        Map.of("el_0", Path.of("/w/a.mp4"), "el_1", Path.of("/w/b.png"), "el_2", Path.of("/w/text.png"),
                                "el_3", Path.of("/w/c.wav")),
                        Path.of("/opt/fonts"), Path.of("/w"), Path.of("/w/out.png"), EncoderSettings.DEFAULT));
                String arguments = String.join(" ", plan.arguments());
                assertThat(arguments).doesNotContain("libx264").doesNotContain("libvpx").doesNotContain("-c:a")
                        .doesNotContain("tone").doesNotContain("c.wav").contains("-an")
                        .contains("-frames:v 1 -f image2").contains("-c:v png");
                assertThat(plan.filterGraph()).doesNotContain("amix").doesNotContain("aresample")
                        .doesNotContain("anull");
                assertThat(plan.duration()).isCloseTo(1 / FPS, org.assertj.core.data.Offset.offset(1e-9));
                // the clip is opened at the whole second before the frame, not decoded from its start
                assertThat(plan.arguments()).containsSubsequence("-ss", "2", "-f", "mov", "-i", "/w/a.mp4");
                assertThat(plan.filterGraph()).contains("trim=start=2.58:end=2.62");
            }
        }
    }

    @Test
    void aStillAtOrPastTheEndOfAnAutoLengthCompositionIsRefusedNamingSnapshotTime() {
        String json = """
                {"width": 64, "height": 64, "output_format": "png", "snapshot_time": 4,
                 "elements": [{"type": "video", "source": "moving.mp4"}]}""";
        assertThatThrownBy(() -> fixture.render(json, "late.png"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems()).anySatisfy(p -> assertThat(p.field()).isEqualTo("snapshot_time")));
        assertThat(Files.exists(directory.resolve("late.png"))).isFalse();
    }

    @Test
    void aThumbnailIsTheVideosFrameAtItsTimeScaledToItsWidth() {
        String json = STANDING.formatted("mp4", ", \"thumbnail\": {\"time\": 1.3, \"width\": 96}");
        CompositionRequest request = fixture.request(json);
        Path file = directory.resolve("with-poster.mp4");
        RenderResult result = lossless.render(request, file, RenderListener.NONE, Cancellation.NEVER);
        Path poster = lossless.renderPoster(file, request, result.durationSeconds(), directory.resolve("poster.jpg"));
        Decoded.Streams streams = Decoded.streams(poster);
        assertThat(streams.videoCodec()).isEqualTo("mjpeg");
        Frames jpeg = Frames.decode(poster, 96, 54);
        assertThat(jpeg.count()).isEqualTo(1);
        // the video's frames scaled the same way: the poster is frame 32 (1.28 s), not a neighbour
        Frames video = Frames.decode(file, 96, 54, "scale=96:54:flags=bicubic,setsar=1,format=yuvj420p");
        assertThat(jpeg.meanDifference(0, video, 32)).isLessThan(3);
        assertThat(jpeg.meanDifference(0, video, 31)).isGreaterThan(jpeg.meanDifference(0, video, 32) + 2);
        assertThat(jpeg.meanDifference(0, video, 0)).isGreaterThan(jpeg.meanDifference(0, video, 32) + 2);
    }

    @Test
    void aThumbnailPastTheEndOfAnAutoLengthVideoIsRefusedNamingItsTime() {
        String json = """
                {"width": 64, "height": 64, "thumbnail": {"time": 4},
                 "elements": [{"type": "video", "source": "moving.mp4"}]}""";
        assertThatThrownBy(() -> fixture.render(json, "late-poster.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems()).anySatisfy(p -> assertThat(p.field()).isEqualTo("thumbnail.time")));
    }
}
