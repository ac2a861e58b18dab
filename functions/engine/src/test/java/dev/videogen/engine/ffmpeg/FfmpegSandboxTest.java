package dev.videogen.engine.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg decodes untrusted media, so it must have nothing to steal: these tests read its environment back from
 * {@code /proc} while the module's tests run with the variables a Lambda function holds (credentials, database URL,
 * secrets: see the module's surefire settings).
 */
class FfmpegSandboxTest {

    private static final List<String> SECRETS = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "DATABASE_URL", "DATABASE_PASSWORD", "WEBHOOK_SECRET");

    @TempDir
    static Path directory;

    @BeforeAll
    static void theTestRunsWithSecretsInItsEnvironment() {
        // without them the checks below could not fail
        for (String name : SECRETS) {
            assertThat(System.getenv(name)).as(name).isNotBlank();
        }
    }

    @Test
    void ffmpegReadingItsOwnEnvironmentFindsOnlyItsJobDirectory() throws IOException {
        Path job = Files.createDirectories(directory.resolve("job-1"));
        FfmpegProcess ffmpeg = new FfmpegProcess(FfmpegLocator.bundledBinary());

        // a relative output name lands in FFmpeg's working directory
        FfmpegResult result = ffmpeg.run(List.of("-hide_banner", "-nostdin", "-loglevel", "error",
                "-protocol_whitelist", "file", "-f", "data", "-i", "/proc/self/environ",
                "-map", "0", "-c", "copy", "-f", "data", "environ.bin"), job, Duration.ofSeconds(20));

        assertThat(result.succeeded()).as(result.log()).isTrue();
        Path written = job.resolve("environ.bin");
        assertThat(written).exists();
        String environ = Files.readString(written, StandardCharsets.UTF_8);
        List<String> variables = Arrays.stream(environ.split("\0")).filter(v -> !v.isEmpty()).toList();
        assertThat(variables).containsExactly("TMPDIR=" + job.toAbsolutePath());
        for (String name : SECRETS) {
            assertThat(environ).doesNotContain(name).doesNotContain(System.getenv(name));
        }
    }

    @Test
    void everyFfmpegOfARenderRunsInTheRenderDirectoryWithNothingInherited() throws Exception {
        RenderFixture fixture = new RenderFixture(Files.createDirectories(directory.resolve("render")));
        TestMedia.clip(fixture.file("clip.mp4"), 160, 120, 2, "teal", 440);
        Map<Long, Observed> seen = new ConcurrentHashMap<>();
        AtomicBoolean rendering = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (rendering.get()) {
                ProcessHandle.current().descendants()
                        .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
                        .forEach(p -> observe(p.pid()).ifPresent(o -> seen.putIfAbsent(p.pid(), o)));
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        try {
            fixture.render("""
                    {"width": 160, "height": 120, "duration": 1,
                     "elements": [{"type": "video", "source": "clip.mp4"},
                                  {"type": "text", "text": "sandboxed", "font_size": 20}]}""", "out.mp4");
        } finally {
            rendering.set(false);
            watcher.join();
        }

        assertThat(seen).as("FFmpeg processes observed during the render").isNotEmpty();
        Path work = fixture.directory().resolve("work").toRealPath();
        for (Observed observed : seen.values()) {
            // the directory is gone by now; its name says where it was
            assertThat(observed.directory().getParent()).isEqualTo(work);
            assertThat(observed.directory().getFileName().toString()).startsWith("render-");
            assertThat(observed.variables()).containsExactly("TMPDIR=" + observed.directory());
        }
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void theBinaryReportsItsVersion() {
        String version = new FfmpegProcess(FfmpegLocator.bundledBinary()).version();

        assertThat(version).startsWith("4.4.1");
    }

    private record Observed(Path directory, Set<String> variables) {
    }

    private static Optional<Observed> observe(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            Path cwd = Files.readSymbolicLink(proc.resolve("cwd"));
            byte[] environ = Files.readAllBytes(proc.resolve("environ"));
            Set<String> variables = Set.copyOf(Arrays.stream(new String(environ, StandardCharsets.UTF_8).split("\0"))
                    .filter(v -> !v.isEmpty()).toList());
            // a process caught between fork and exec is still the JVM's spawn helper, with the JVM's environment
            if (!Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString().contains("ffmpeg")) {
                return Optional.empty();
            }
            return Optional.of(new Observed(cwd, variables));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // it ended meanwhile
        }
    }
}
