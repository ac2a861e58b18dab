package dev.videogen.engine.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.ErrorCode;
import dev.videogen.engine.Inspection;
import dev.videogen.engine.RenderCancelledException;
import dev.videogen.engine.RenderException;
import dev.videogen.engine.RenderStep;
import dev.videogen.engine.testing.RenderFixture;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.engine.validation.InvalidRequestException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress, cancellation, clean-up and source failures of the renderer. */
class RendererBehaviourTest {

    @TempDir
    static Path directory;
    static RenderFixture fixture;
    static HttpServer server;
    static String baseUrl;
    static ExecutorService handlers;
    static final CountDownLatch STALL_RELEASED = new CountDownLatch(1);

    @BeforeAll
    static void setUp() throws IOException {
        fixture = new RenderFixture(directory);
        TestMedia.clip(fixture.file("clip.mp4"), 320, 240, 4, "teal", 440);
        TestMedia.solidPng(fixture.file("red.png"), 16, 16, "red");
        Files.writeString(fixture.file("playlist.mp4"), "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n");
        byte[] clip = Files.readAllBytes(fixture.file("clip.mp4"));
        byte[] corrupt = new byte[4096];
        System.arraycopy(clip, 0, corrupt, 0, 32);
        Files.write(fixture.file("corrupt.mp4"), corrupt);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/clip.mp4", exchange -> {
            exchange.sendResponseHeaders(200, clip.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(clip);
            }
        });
        server.createContext("/missing.mp4", exchange -> {
            byte[] body = "not here".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/stalled.mp4", exchange -> {
            exchange.sendResponseHeaders(200, clip.length);
            OutputStream out = exchange.getResponseBody();
            out.write(clip, 0, 1024);
            out.flush();
            try {
                STALL_RELEASED.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        handlers = Executors.newCachedThreadPool();
        server.setExecutor(handlers);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        STALL_RELEASED.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }

    private static final String CLIP_REQUEST = """
            {"width": 320, "height": 240, "elements": [{"type": "video", "source": "%s"}]}""";

    @Test
    void progressOnlyMovesForwardThroughTheStepsAndEndsAtOneHundred() {
        List<RenderStep> steps = new ArrayList<>();
        List<Double> percents = new ArrayList<>();
        fixture.renderer().render(fixture.request(CLIP_REQUEST.formatted("clip.mp4")), fixture.file("progress.mp4"),
                (step, percent) -> {
                    steps.add(step);
                    percents.add(percent);
                }, Cancellation.NEVER);
        assertThat(percents).isSorted();
        assertThat(percents.get(percents.size() - 1)).isEqualTo(100.0);
        assertThat(steps).isSorted();
        assertThat(steps).contains(RenderStep.DOWNLOAD, RenderStep.PROCESSING, RenderStep.COMPOSITION, RenderStep.ENCODING);
        // FFmpeg reported intermediate encoding progress, not only the start and the end
        assertThat(percents.stream().filter(p -> p > 15 && p < 100).count()).isPositive();
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void cancellationKillsFfmpegRemovesTheOutputAndTheTemporaryFiles() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Path output = fixture.file("cancelled.mp4");
        String slow = """
                {"width": 1280, "height": 720, "duration": 120, "elements": [
                  {"type": "video", "source": "clip.mp4", "loop": true, "duration": 120}]}""";
        assertThatThrownBy(() -> fixture.renderer().render(fixture.request(slow), output, (step, percent) -> {
            if (step == RenderStep.ENCODING && percent > 16) {
                cancelled.set(true);
            }
        }, cancelled::get)).isInstanceOf(RenderCancelledException.class);
        assertThat(output).doesNotExist();
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void aStopIsHonouredWhileASourceIsStillDownloading() {
        long started = System.nanoTime();
        Cancellation afterHalfASecond = () -> System.nanoTime() - started > 500_000_000L;

        assertThatThrownBy(() -> fixture.renderer().render(fixture.request(CLIP_REQUEST.formatted(
                baseUrl + "/stalled.mp4")), fixture.file("stalled.mp4"), (s, p) -> { }, afterHalfASecond))
                .isInstanceOf(RenderCancelledException.class);

        // the server still holds the download open: only the stop can have ended the render
        assertThat(STALL_RELEASED.getCount()).isOne();
        assertThat(fixture.file("stalled.mp4")).doesNotExist();
    }

    @Test
    void sourcesDownloadOverHttp() {
        var result = fixture.renderer().render(fixture.request(CLIP_REQUEST.formatted(baseUrl + "/clip.mp4")),
                fixture.file("http.mp4"), (s, p) -> { }, Cancellation.NEVER);
        assertThat(result.sources()).singleElement().satisfies(source -> {
            assertThat(source.fileName()).isEqualTo("clip.mp4");
            assertThat(source.duration()).hasValueCloseTo(4.0, org.assertj.core.data.Offset.offset(0.1));
            assertThat(source.width()).isEqualTo(320);
        });
    }

    @Test
    void aMissingSourceFailsWithSourceDownloadFailedNamingTheElement() {
        assertThatThrownBy(() -> fixture.render(CLIP_REQUEST.formatted(baseUrl + "/missing.mp4"), "missing.mp4"))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SOURCE_DOWNLOAD_FAILED);
                    assertThat(e.getMessage()).contains("elements[0]").contains("404");
                });
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void aCorruptSourceIsInvalidInputNamingItsField() {
        assertThatThrownBy(() -> fixture.render(CLIP_REQUEST.formatted("corrupt.mp4"), "corrupt-out.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems().get(0).field()).isEqualTo("elements[0].source"));
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }

    @Test
    void aPlaylistDisguisedAsAVideoIsRefusedBeforeFfmpegSeesIt() {
        assertThatThrownBy(() -> fixture.render(CLIP_REQUEST.formatted("playlist.mp4"), "playlist-out.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.problems().get(0).field()).isEqualTo("elements[0].source");
                    assertThat(e.problems().get(0).message()).contains("not a recognised media file");
                });
    }

    @Test
    void anImageGivenAsAVideoIsRefusedWithWhatWasExpected() {
        assertThatThrownBy(() -> fixture.render(CLIP_REQUEST.formatted("red.png"), "wrong-kind.mp4"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e ->
                        assertThat(e.problems().get(0).message()).contains("png").contains("mp4, mov, webm or mkv"));
    }

    @Test
    void aDryRunReportsEverySourceWithoutRendering() {
        Inspection inspection = fixture.renderer().inspect(fixture.request("""
                {"width": 320, "height": 240, "elements": [
                  {"type": "video", "source": "clip.mp4", "time": 1},
                  {"type": "image", "source": "red.png"}]}"""), Cancellation.NEVER);
        assertThat(inspection.durationSeconds()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(inspection.sources()).hasSize(2);
        assertThat(inspection.sources().get(1).width()).isEqualTo(16);
        assertThat(fixture.workRootIsEmpty()).isTrue();
    }
}
