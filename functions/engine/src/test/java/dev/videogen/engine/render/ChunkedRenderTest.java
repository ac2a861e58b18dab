package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ChunkedRenderer;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderStep;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked render against the single pass of the same request, both decoded: the same frames (bit for bit when both
 * are encoded losslessly, PSNR at least 40 dB with the service's encoder settings), the same length, the same sound
 * sample for sample across every seam, and picture and sound still together at the end of a ten-minute output.
 */
class ChunkedRenderTest {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Pattern PSNR = Pattern.compile("average:([0-9.]+|inf)");
    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d+):([\\d.]+)");

    /**
     * Moving pictures whose source rate differs from the output's, a still and a looped clip crossing the seams, text
     * crossing them, two sounds mixed: everything a seam could break.
     */
    private static final String BUSY = """
            {"width": 320, "height": 180, "fps": 30, "duration": 4, "output_format": "%s", "elements": [
              {"type": "video", "source": "moving.mp4", "fit_mode": "cover"},
              {"type": "image", "source": "red.png", "time": 1, "duration": 2, "x": "5%%", "y": "5%%", "width": "30%%", "height": "30%%"},
              {"type": "video", "source": "short.mp4", "loop": true, "time": 0.5, "duration": 3, "x": "60%%", "y": "50%%", "width": "35%%", "height": "45%%"},
              {"type": "text", "text": "Seams", "time": 0.9, "duration": 2.5, "y": "70%%", "height": "25%%", "font_size": "15%%", "color": "#ffff00"},
              {"type": "audio", "source": "tone.wav", "time": 0.3, "duration": 3.5, "volume": 0.8}]}""";

    /**
     * Pictures that move across the seams of 2, 3 and 4 chunks (frames 25, 33, 50, 66, 75 at 25 fps): a base of two
     * photos with Ken Burns cross-faded over 1.6-2.4 s, a clip wiped into a picture over 2.4-3.0 s, a picture moved,
     * resized, faded and turned by keyframes from 0.6 s to 3.6 s and wiped out over its last second, and a title
     * sliding in while it fades in from nothing over 0.8-1.4 s.
     */
    private static final String MOVING = """
            {"width": 320, "height": 180, "fps": 25, "duration": 4, "elements": [
              {"type": "image", "source": "photo.png", "track": 1, "time": 0, "duration": 2.4,
               "ken_burns": {"zoom_start": 1, "zoom_end": 1.3, "focus_start": ["30%", "40%"], "focus_end": ["60%", "50%"]}},
              {"type": "image", "source": "bars.png", "track": 1, "time": 1.6, "duration": 2.4, "ken_burns": {"zoom_end": 1.2},
               "transition": {"type": "fade", "duration": 0.8}},
              {"type": "video", "source": "moving.mp4", "track": 2, "time": 0.4, "duration": 2.6,
               "x": "5%", "y": "5%", "width": "40%", "height": "40%"},
              {"type": "image", "source": "bars.png", "track": 2, "time": 2.4, "duration": 1.2,
               "x": "5%", "y": "5%", "width": "40%", "height": "40%", "transition": {"type": "wipeleft", "duration": 0.6}},
              {"type": "image", "source": "photo.png", "track": 3, "time": 0.6, "duration": 3, "width": "30%", "height": "30%",
               "keyframes": {"x": [{"time": 0, "value": "0%"}, {"time": 3, "value": "70%", "easing": "ease-in-out"}],
                             "y": [{"time": 0, "value": "10%"}, {"time": 3, "value": "60%"}],
                             "width": [{"time": 0, "value": "20%"}, {"time": 2, "value": "35%"}],
                             "opacity": [{"time": 0, "value": 0.3}, {"time": 3, "value": 1}],
                             "rotation": [{"time": 0, "value": 0}, {"time": 3, "value": 90}]},
               "animations": [{"type": "wipe", "at": "end", "duration": 1, "from": "left"}]},
              {"type": "text", "text": "Seams", "track": 4, "time": 0.8, "duration": 2.4, "y": "70%", "height": "25%",
               "font_size": "15%", "color": "#ffff00", "transition": {"type": "fade", "duration": 0.6},
               "animations": [{"type": "slide", "from": "left", "duration": 1}]}]}""";

    @TempDir
    static Path directory;
    static RenderFixture fixture;

    @BeforeAll
    static void media() {
        fixture = new RenderFixture(directory);
        TestMedia.solidPng(fixture.file("red.png"), 32, 32, "red");
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=160x90:r=25:d=5", "-f", "lavfi", "-i",
                "sine=f=330:d=5:sample_rate=48000", "-c:v", "libx264", "-preset", "ultrafast", "-g", "50",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", directory.resolve("moving.mp4").toString());
        ffmpeg("-f", "lavfi", "-i", "testsrc=s=64x64:r=30:d=0.7", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", directory.resolve("short.mp4").toString());
        TestMedia.tone(fixture.file("tone.wav"), 880, 4, 0.4);
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=640x360", "-frames:v", "1", directory.resolve("photo.png").toString());
        ffmpeg("-f", "lavfi", "-i", "smptehdbars=s=480x270", "-frames:v", "1", directory.resolve("bars.png").toString());
    }

    private static Renderer renderer(EncoderSettings encoder, String name) {
        Path fonts = FontCatalog.fontDirectory(null, directory.resolve("fonts"));
        RendererConfig config = RendererConfig.defaults(FfmpegLocator.bundledBinary(), directory.resolve(name), fonts)
                .withEncoder(encoder);
        return new Renderer(config, new LocalOrHttpSourceFetcher(directory));
    }

    @Test
    void losslessChunksGiveTheSinglePassFramesBitForBitAndTheSameSound() {
        // x264 at constant rate factor 0 is lossless: any difference left is in the frames the chunks composed
        EncoderSettings lossless = new EncoderSettings("ultrafast", 0, 32, 8, 128, 96, 1L << 32);
        Renderer renderer = renderer(lossless, "work-lossless");
        CompositionRequest request = fixture.request(BUSY.formatted("mp4"));
        Path single = directory.resolve("single-lossless.mp4");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        for (int chunks : new int[] {2, 3, 7}) {
            Path chunked = directory.resolve("chunked-lossless-" + chunks + ".mp4");
            ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, chunked, chunks,
                    RenderListener.NONE, Cancellation.NEVER);
            assertThat(outcome.ranges()).hasSize(chunks);
            assertThat(frameHashes(chunked, "0:v:0")).as("%d chunks", chunks).isEqualTo(frameHashes(single, "0:v:0"));
            assertThat(audioHash(chunked)).as("%d chunks", chunks).isEqualTo(audioHash(single));
            assertThat(durationOf(chunked)).isEqualTo(durationOf(single));
        }
        assertThat(Files.exists(directory.resolve("work-lossless")) && isEmpty(directory.resolve("work-lossless")))
                .as("nothing left in the work directory").isTrue();
    }

    @Test
    void movingPicturesAndTransitionsCrossingSeamsGiveTheSinglePassFramesBitForBit() {
        EncoderSettings lossless = new EncoderSettings("ultrafast", 0, 32, 8, 128, 96, 1L << 32);
        Renderer renderer = renderer(lossless, "work-moving-lossless");
        CompositionRequest request = fixture.request(MOVING);
        Path single = directory.resolve("single-moving-lossless.mp4");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        List<String> expected = frameHashes(single, "0:v:0");
        assertThat(expected).hasSize(100);
        for (int chunks : new int[] {2, 3, 4}) {
            Path chunked = directory.resolve("chunked-moving-lossless-" + chunks + ".mp4");
            ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, chunked, chunks,
                    RenderListener.NONE, Cancellation.NEVER);
            assertThat(outcome.ranges()).as("rendered in chunks").hasSize(chunks);
            assertThat(frameHashes(chunked, "0:v:0")).as("%d chunks", chunks).isEqualTo(expected);
            assertThat(durationOf(chunked)).isEqualTo(durationOf(single));
        }
    }

    @Test
    void movingPicturesInChunksWithTheServiceEncoderMatchTheSinglePassAbove40Db() {
        Renderer renderer = renderer(EncoderSettings.DEFAULT, "work-moving");
        CompositionRequest request = fixture.request(MOVING);
        Path single = directory.resolve("single-moving.mp4");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        Path chunked = directory.resolve("chunked-moving.mp4");
        new ChunkedRenderer(renderer).render(request, chunked, 3, RenderListener.NONE, Cancellation.NEVER);

        assertThat(Decoded.videoFrames(chunked)).isEqualTo(Decoded.videoFrames(single)).isEqualTo(100);
        assertThat(durationOf(chunked)).isEqualTo(durationOf(single));
        assertThat(frameTimes(chunked)).isEqualTo(frameTimes(single));
        assertThat(psnr(chunked, single)).isGreaterThanOrEqualTo(40);
        List<Double> perFrame = framePsnr(chunked, single, 25);
        assertThat(perFrame).hasSize(100);
        // the pictures composed are the single pass's bit for bit (the lossless test); what differs is the encoder's:
        // each segment is coded on its own (a keyframe first, its own rate control), so the frames either side of a
        // seam are coded apart from the single pass's, the lowest near 38 dB on this detailed picture
        assertThat(perFrame).allSatisfy(value -> assertThat(value).isGreaterThanOrEqualTo(36));
        assertThat(audioHash(chunked)).isEqualTo(audioHash(single));
    }

    @Test
    void theSpokenWordChangesAtTheSeamsAsInTheSinglePass() {
        // three chunks of 30 frames over a still background; in output time (cue times count from the element's
        // time, 0.2 s) "two" is spoken from the first seam (1 s) and "three" from the second (2 s)
        EncoderSettings lossless = new EncoderSettings("ultrafast", 0, 32, 8, 128, 96, 1L << 32);
        Renderer renderer = renderer(lossless, "work-captions");
        CompositionRequest request = fixture.request("""
                {"width": 192, "height": 108, "fps": 30, "duration": 3, "elements": [
                  {"type": "image", "source": "red.png", "fit_mode": "fill"},
                  {"type": "caption", "time": 0.2, "font_size": 14, "captions": [
                    {"start": 0.1, "end": 2.6, "text": "one two three", "words": [
                      {"start": 0.1, "end": 0.8, "text": "one"}, {"start": 0.8, "end": 1.8, "text": "two"},
                      {"start": 1.8, "end": 2.6, "text": "three"}]}]}]}""");
        Path single = directory.resolve("single-captions.mp4");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        Path chunked = directory.resolve("chunked-captions.mp4");
        ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, chunked, 3, RenderListener.NONE,
                Cancellation.NEVER);

        assertThat(outcome.ranges()).hasSize(3);
        List<String> frames = frameHashes(chunked, "0:v:0");
        assertThat(frames).isEqualTo(frameHashes(single, "0:v:0")).hasSize(90);
        // each line is "stream, dts, pts, duration, size, hash": the pictures are compared by their hash
        List<String> pictures = frames.stream().map(line -> line.substring(line.lastIndexOf(',') + 1).trim()).toList();
        assertThat(pictures.get(20)).as("one word spoken: nothing changes").isEqualTo(pictures.get(21));
        assertThat(pictures.get(29)).as("the first seam").isNotEqualTo(pictures.get(30));
        assertThat(pictures.get(30)).isEqualTo(pictures.get(31));
        assertThat(pictures.get(59)).as("the second seam").isNotEqualTo(pictures.get(60));
        assertThat(pictures.get(60)).isEqualTo(pictures.get(61));
    }

    @Test
    void chunksWithTheServiceEncoderMatchTheSinglePassAbove40DbWithSeamlessSound() {
        Renderer renderer = renderer(EncoderSettings.DEFAULT, "work-default");
        CompositionRequest request = fixture.request(BUSY.formatted("mp4"));
        Path single = directory.resolve("single.mp4");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        Path chunked = directory.resolve("chunked.mp4");
        List<Double> progress = new ArrayList<>();
        new ChunkedRenderer(renderer).render(request, chunked, 3, (step, percent) -> {
            synchronized (progress) {
                progress.add(percent);
            }
        }, Cancellation.NEVER);

        assertThat(Decoded.videoFrames(chunked)).isEqualTo(Decoded.videoFrames(single)).isEqualTo(120);
        assertThat(durationOf(chunked)).isEqualTo(durationOf(single));
        assertThat(frameTimes(chunked)).isEqualTo(frameTimes(single));
        assertThat(psnr(chunked, single)).isGreaterThanOrEqualTo(40);
        assertThat(Decoded.streams(chunked).videoCodec()).isEqualTo("h264");
        assertThat(Decoded.streams(chunked).audioCodec()).isEqualTo("aac");
        assertThat(audioHash(chunked)).isEqualTo(audioHash(single));
        // at each seam (frames 40 and 80) the sound keeps its level on both sides: no gap, no click
        for (double seam : new double[] {40 / 30.0, 80 / 30.0}) {
            Decoded.Levels before = Decoded.audioLevels(chunked, seam - 0.1, seam);
            Decoded.Levels after = Decoded.audioLevels(chunked, seam, seam + 0.1);
            assertThat(Math.abs(before.mean() - after.mean())).as("level at %.3f s", seam).isLessThan(1.0);
            assertThat(after.max()).isLessThanOrEqualTo(before.max() + 1.0);
        }
        assertThat(progress).isSorted();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(100.0);
    }

    @Test
    void webmChunksJoinByStreamCopyToo() {
        Renderer renderer = renderer(EncoderSettings.DEFAULT, "work-webm");
        CompositionRequest request = fixture.request(BUSY.formatted("webm"));
        Path single = directory.resolve("single.webm");
        renderer.render(request, single, RenderListener.NONE, Cancellation.NEVER);
        Path chunked = directory.resolve("chunked.webm");
        new ChunkedRenderer(renderer).render(request, chunked, 2, RenderListener.NONE, Cancellation.NEVER);

        assertThat(Decoded.videoFrames(chunked)).isEqualTo(Decoded.videoFrames(single)).isEqualTo(120);
        assertThat(frameTimes(chunked)).isEqualTo(frameTimes(single));
        assertThat(Decoded.streams(chunked).videoCodec()).isEqualTo("vp9");
        assertThat(Decoded.streams(chunked).audioCodec()).isEqualTo("opus");
        assertThat(psnr(chunked, single)).isGreaterThanOrEqualTo(40);
        assertThat(audioHash(chunked)).isEqualTo(audioHash(single));
    }

    @Test
    void aGifIsRenderedWholeWhateverTheChunksAsked() {
        Renderer renderer = renderer(EncoderSettings.DEFAULT, "work-gif");
        CompositionRequest request = fixture.request("""
                {"width": 64, "height": 36, "fps": 10, "duration": 2, "output_format": "gif", "elements": [
                  {"type": "video", "source": "moving.mp4"}]}""");
        ChunkedRenderer.Outcome outcome = new ChunkedRenderer(renderer).render(request, directory.resolve("whole.gif"),
                4, RenderListener.NONE, Cancellation.NEVER);
        assertThat(outcome.ranges()).hasSize(1);
        assertThat(Decoded.videoFrames(outcome.result().file())).isEqualTo(20);
    }

    /**
     * Ten minutes in twelve chunks, tiny and at a low rate so it stays cheap: a white square and a tone both start at
     * 599 s; in the stitched file the picture and the sound still start together, and both streams end together.
     */
    @Test
    void pictureAndSoundStayTogetherToTheEndOfATenMinuteOutput() throws IOException {
        TestMedia.solidPng(fixture.file("white.png"), 16, 16, "white");
        TestMedia.tone(fixture.file("beep.wav"), 1000, 1, 0.5);
        Renderer renderer = renderer(EncoderSettings.DEFAULT.withX264Preset("ultrafast"), "work-long");
        CompositionRequest request = fixture.request("""
                {"width": 32, "height": 32, "fps": 10, "duration": 600, "elements": [
                  {"type": "image", "source": "white.png", "time": 599, "duration": 1, "fit_mode": "fill"},
                  {"type": "audio", "source": "beep.wav", "time": 599}]}""");
        Path chunked = directory.resolve("ten-minutes.mp4");
        new ChunkedRenderer(renderer).render(request, chunked, 12, RenderListener.NONE, Cancellation.NEVER);

        assertThat(Decoded.videoFrames(chunked)).isEqualTo(6000);
        assertThat(durationOf(chunked)).isEqualTo("Duration: 00:10:00.00");
        double flash = firstWhiteFrame(chunked);
        double beep = soundOnset(chunked);
        assertThat(flash).isCloseTo(599.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(Math.abs(beep - flash)).as("sound at %.3f s, picture at %.3f s", beep, flash).isLessThan(0.03);
        double[] ends = streamEnds(chunked);
        assertThat(Math.abs(ends[0] - ends[1])).as("video ends %.3f, audio ends %.3f", ends[0], ends[1])
                .isLessThan(0.1);
    }

    private static double firstWhiteFrame(Path video) {
        // scan only the last two seconds
        FfmpegResult result = run(List.of("-ss", "598", "-i", video.toString(), "-map", "0:v:0", "-vf",
                "signalstats,metadata=print:key=lavfi.signalstats.YAVG", "-f", "null", "-"), "info");
        Matcher frame = Pattern.compile("pts_time:([0-9.]+)\\s*\\n?.*?lavfi.signalstats.YAVG=([0-9.]+)",
                Pattern.DOTALL).matcher(result.log());
        List<double[]> samples = new ArrayList<>();
        Matcher times = Pattern.compile("pts_time:([0-9.]+)").matcher(result.log());
        Matcher values = Pattern.compile("YAVG=([0-9.]+)").matcher(result.log());
        while (times.find() && values.find()) {
            samples.add(new double[] {Double.parseDouble(times.group(1)), Double.parseDouble(values.group(1))});
        }
        assertThat(frame.find()).as(result.log()).isTrue();
        for (double[] sample : samples) {
            if (sample[1] > 128) {
                return 598 + sample[0];
            }
        }
        throw new AssertionError("no white frame: " + result.log());
    }

    private static double soundOnset(Path video) {
        FfmpegResult result = run(List.of("-ss", "598", "-i", video.toString(), "-map", "0:a:0", "-af",
                "silencedetect=n=-40dB:d=0.5", "-f", "null", "-"), "info");
        Matcher end = Pattern.compile("silence_end: ([0-9.]+)").matcher(result.log());
        assertThat(end.find()).as(result.log()).isTrue();
        return 598 + Double.parseDouble(end.group(1));
    }

    /** When the last video frame and the last audio sample end, from the packets of each stream. */
    private static double[] streamEnds(Path file) throws IOException {
        double[] ends = new double[2];
        String[] streams = {"0:v:0", "0:a:0"};
        for (int i = 0; i < 2; i++) {
            Path hashes = Files.createTempFile(directory, "ends", ".txt");
            run(List.of("-i", file.toString(), "-map", streams[i], "-c", "copy", "-f", "framemd5", "-y",
                    hashes.toString()), "error");
            List<String> lines = Files.readAllLines(hashes);
            String timebase = lines.stream().filter(l -> l.startsWith("#tb")).findFirst().orElseThrow();
            String[] fraction = timebase.split(":")[1].trim().split("/");
            double tb = Double.parseDouble(fraction[0]) / Double.parseDouble(fraction[1]);
            String last = lines.get(lines.size() - 1);
            String[] fields = last.split(",");
            ends[i] = (Long.parseLong(fields[2].trim()) + Long.parseLong(fields[3].trim())) * tb;
        }
        return ends;
    }

    private static double psnr(Path a, Path b) {
        // frames paired by their number; their times are checked apart
        FfmpegResult result = run(List.of("-i", a.toString(), "-i", b.toString(), "-lavfi",
                "[0:v]setpts=N/30/TB[a];[1:v]setpts=N/30/TB[b];[a][b]psnr",
                "-f", "null", "-"), "info");
        Matcher matcher = PSNR.matcher(result.log());
        assertThat(matcher.find()).as(result.log()).isTrue();
        return matcher.group(1).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
    }

    /** The PSNR of each frame of {@code a} against the same frame of {@code b}, in frame order. */
    private static List<Double> framePsnr(Path a, Path b, int fps) {
        try {
            Path stats = Files.createTempFile(directory, "psnr", ".log");
            run(List.of("-i", a.toString(), "-i", b.toString(), "-lavfi", "[0:v]setpts=N/" + fps + "/TB[a];[1:v]setpts=N/"
                    + fps + "/TB[b];[a][b]psnr=stats_file=" + stats, "-f", "null", "-"), "error");
            List<Double> values = new ArrayList<>();
            Matcher matcher = Pattern.compile("psnr_avg:([0-9.]+|inf)").matcher(Files.readString(stats));
            while (matcher.find()) {
                values.add(matcher.group(1).equals("inf") ? Double.POSITIVE_INFINITY
                        : Double.parseDouble(matcher.group(1)));
            }
            return values;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The presentation time of every frame, as decoded. */
    private static List<String> frameTimes(Path file) {
        List<String> times = new ArrayList<>();
        for (String line : frameHashes(file, "0:v:0")) {
            times.add(line.split(",")[2].trim());
        }
        return times;
    }

    private static List<String> frameHashes(Path file, String stream) {
        try {
            Path hashes = Files.createTempFile(directory, "frames", ".md5");
            run(List.of("-i", file.toString(), "-map", stream, "-f", "framemd5", "-y", hashes.toString()), "error");
            List<String> lines = new ArrayList<>();
            for (String line : Files.readAllLines(hashes)) {
                if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String audioHash(Path file) {
        FfmpegResult result = run(List.of("-i", file.toString(), "-map", "0:a:0", "-f", "md5", "-"), "error");
        return result.log().isBlank() ? "" : result.log();
    }

    private static String durationOf(Path file) {
        FfmpegResult result = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-i", file.toString()), LIMIT);
        Matcher matcher = DURATION.matcher(result.log());
        assertThat(matcher.find()).as(result.log()).isTrue();
        return matcher.group(0);
    }

    private static boolean isEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void ffmpeg(String... arguments) {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        all.addAll(List.of(arguments));
        FfmpegResult result = TestMedia.ffmpeg().run(all, LIMIT);
        if (!result.succeeded()) {
            throw new IllegalStateException(result.log());
        }
    }

    private static FfmpegResult run(List<String> arguments, String logLevel) {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-loglevel", logLevel));
        all.addAll(arguments);
        FfmpegResult result = TestMedia.ffmpeg().run(all, LIMIT);
        if (!result.succeeded()) {
            throw new IllegalStateException("decoding failed: " + result.log());
        }
        return result;
    }
}
