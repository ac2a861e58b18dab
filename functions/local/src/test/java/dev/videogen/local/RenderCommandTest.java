package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.ffmpeg.FfmpegProcess;
import dev.videogen.engine.ffmpeg.FfmpegResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code videogen render --chunks N}: the chunked render of a request file against its single pass, decoded. */
class RenderCommandTest {

    private static final FfmpegProcess FFMPEG = new FfmpegProcess(FfmpegLocator.bundledBinary());

    @TempDir
    Path directory;

    @Test
    void chunksRenderInParallelProcessesAndStitchToTheSinglePassLength() throws Exception {
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=3", "-f", "lavfi", "-i", "sine=f=440:d=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                directory.resolve("clip.mp4").toString());
        Files.writeString(directory.resolve("request.json"), """
                {"width": 320, "height": 180, "fps": 24, "elements": [
                  {"type": "video", "source": "clip.mp4"},
                  {"type": "text", "text": "chunked", "y": "60%", "height": "30%", "time": 1}]}""");

        Output single = render("-o", directory.resolve("single.mp4").toString());
        Output chunked = render("-o", directory.resolve("chunked.mp4").toString(), "--chunks", "3");

        assertThat(single.exitCode()).as(single.err()).isZero();
        assertThat(chunked.exitCode()).as(chunked.err()).isZero();
        assertThat(chunked.out()).contains("in 3 chunks (frames 0-23", "frames 48-71", "stitch");
        assertThat(frames(directory.resolve("chunked.mp4"))).isEqualTo(frames(directory.resolve("single.mp4")))
                .isEqualTo(72);
        assertThat(psnr(directory.resolve("chunked.mp4"), directory.resolve("single.mp4"))).isGreaterThanOrEqualTo(40);
        try (var left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("clip.mp4", "request.json", "single.mp4", "chunked.mp4");
        }
    }

    @Test
    void aChunkCountBelowOneIsRefusedNamingTheOption() throws Exception {
        Files.writeString(directory.resolve("request.json"), """
                {"width": 64, "height": 64, "duration": 1, "elements": [{"type": "text", "text": "x"}]}""");
        Output output = render("-o", directory.resolve("out.mp4").toString(), "--chunks", "0");
        assertThat(output.exitCode()).isEqualTo(2);
        assertThat(output.err()).contains("--chunks");
    }

    @Test
    void aStillIsWrittenByItsExtensionAndAThumbnailBesideTheVideo() throws Exception {
        ffmpeg("-f", "lavfi", "-i", "testsrc2=s=320x180:r=25:d=3", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", directory.resolve("clip.mp4").toString());
        Files.writeString(directory.resolve("request.json"), """
                {"width": 320, "height": 180, "snapshot_time": 1.2, "elements": [{"type": "video", "source": "clip.mp4"}]}""");
        Output still = render("-o", directory.resolve("still.jpeg").toString());
        assertThat(still.exitCode()).as(still.err()).isZero();
        assertThat(still.out()).contains("the frame at 1.200 s, 320x180 jpg");
        assertThat(frames(directory.resolve("still.jpeg"))).isEqualTo(1);
        assertThat(probe(directory.resolve("still.jpeg"))).contains("Video: mjpeg").contains("320x180");

        Files.writeString(directory.resolve("request.json"), """
                {"width": 320, "height": 180, "thumbnail": {"time": 2, "width": 160},
                 "elements": [{"type": "video", "source": "clip.mp4"}]}""");
        Output video = render("-o", directory.resolve("video.mp4").toString());
        assertThat(video.exitCode()).as(video.err()).isZero();
        Path poster = directory.resolve("video.thumbnail.jpg");
        assertThat(video.out()).contains("thumbnail " + poster + " (160x90 jpg)");
        assertThat(probe(poster)).contains("Video: mjpeg").contains("160x90");
        assertThat(frames(poster)).isEqualTo(1);

        Files.writeString(directory.resolve("request.json"), """
                {"width": 320, "height": 180, "snapshot_time": 1, "elements": [{"type": "video", "source": "clip.mp4"}]}""");
        Output refused = render("-o", directory.resolve("refused.mp4").toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("snapshot_time:");
    }

    private record Output(int exitCode, String out, String err) {
    }

    private Output render(String... options) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            List<String> arguments = new java.util.ArrayList<>(List.of("render",
                    directory.resolve("request.json").toString(), "--progress", "NONE"));
            arguments.addAll(List.of(options));
            int code = VideogenCli.commandLine().execute(arguments.toArray(String[]::new));
            return new Output(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private static void ffmpeg(String... arguments) {
        List<String> all = new java.util.ArrayList<>(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error"));
        all.addAll(List.of(arguments));
        FfmpegResult result = FFMPEG.run(all, Duration.ofMinutes(1));
        assertThat(result.succeeded()).as(result.log()).isTrue();
    }

    private static int frames(Path video) {
        FfmpegResult result = FFMPEG.run(List.of("-hide_banner", "-nostdin", "-i", video.toString(), "-map", "0:v:0",
                "-f", "null", "-"), Duration.ofMinutes(1));
        Matcher matcher = Pattern.compile("frame=\\s*(\\d+)").matcher(result.log());
        int last = -1;
        while (matcher.find()) {
            last = Integer.parseInt(matcher.group(1));
        }
        return last;
    }

    private static String probe(Path file) {
        return FFMPEG.run(List.of("-hide_banner", "-nostdin", "-i", file.toString()), Duration.ofMinutes(1)).log();
    }

    private static double psnr(Path a, Path b) {
        FfmpegResult result = FFMPEG.run(List.of("-hide_banner", "-nostdin", "-i", a.toString(), "-i", b.toString(),
                "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"), Duration.ofMinutes(1));
        Matcher matcher = Pattern.compile("average:([0-9.]+|inf)").matcher(result.log());
        assertThat(matcher.find()).as(result.log()).isTrue();
        return matcher.group(1).equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
    }
}
