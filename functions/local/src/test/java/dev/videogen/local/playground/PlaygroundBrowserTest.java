package dev.videogen.local.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.local.DevStack;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playground page in a real headless Chromium against the local stack: a pasted request is checked against the
 * served OpenAPI schema with field-named problems, its preview (the browser's own CSS: boxes, object-fit, track order,
 * opacity) agrees with a frame of the video the renderer makes from it, and the submitted job's progress leads to the
 * finished video playing in the page. One browser session serves the whole class.
 */
class PlaygroundBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;

    @TempDir
    static Path directory;
    static DevStack stack;
    static WebDriverSession browser;
    static String request;

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(WebDriverSession.available(), "Debian's chromium and chromium-driver are not installed");
        }
        stack = DevStack.start(new DevStack.Options(0, directory.resolve("data"), 1, false, Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        // three pictures whose shapes differ from their boxes, so object-fit decides what shows
        String wide = upload(TestMedia.solidPng(directory.resolve("wide.png"), 160, 90, "red"));
        String tall = upload(TestMedia.solidPng(directory.resolve("tall.png"), 60, 120, "lime"));
        String square = upload(TestMedia.solidPng(directory.resolve("square.png"), 100, 100, "blue"));
        request = """
                {"width": %d, "height": %d, "duration": 1, "background_color": "#202020", "response_type": "async",
                 "elements": [
                   {"id": "contained", "type": "image", "source": "%s", "x": "5%%", "y": "10%%", "width": "40%%", "height": "50%%", "fit_mode": "contain"},
                   {"id": "covering", "type": "image", "source": "%s", "x": "55%%", "y": "10%%", "width": "30%%", "height": "60%%", "fit_mode": "cover", "track": 3},
                   {"id": "half", "type": "image", "source": "%s", "x": "30%%", "y": "40%%", "width": "30%%", "height": "40%%", "fit_mode": "fill", "opacity": 0.5, "track": 2}]}"""
                .formatted(WIDTH, HEIGHT, wide, tall, square);
        browser = new WebDriverSession();
        browser.timeouts(Duration.ofSeconds(90));
        browser.open("http://127.0.0.1:" + stack.apiPort() + "/");
        browser.runAsync("window.playground.ready.then(() => arguments[0](true))");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static String upload(Path file) throws Exception {
        String base = "http://127.0.0.1:" + stack.apiPort();
        JsonNode grant = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"filename\": \"" + file.getFileName()
                        + "\", \"content_type\": \"image/png\", \"size_bytes\": " + Files.size(file) + "}")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        HTTP.send(HttpRequest.newBuilder(URI.create(grant.get("upload_url").asText())).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.discarding());
        return grant.get("source").asText();
    }

    /** Puts text in the editor as a paste would, and returns the problems the page lists. */
    private static JsonNode paste(String text) throws Exception {
        return browser.run("""
                const editor = document.getElementById('request');
                editor.value = arguments[0];
                editor.dispatchEvent(new Event('input'));
                return [...document.querySelectorAll('#problems li')].map(li => li.dataset.field);""", text);
    }

    @Test
    void aPastedRequestIsCheckedAgainstTheServedSchemaWithTheFieldNamed() throws Exception {
        JsonNode problems = paste(request.replace("\"width\": \"40%\"", "\"width\": \"wide\"")
                .replace("\"opacity\": 0.5", "\"opacity\": 2"));

        assertThat(problems.toString()).contains("elements[0].width").contains("elements[2].opacity");
        assertThat(paste(request)).isEmpty();
        assertThat(paste("{\"width\": 320,")).extracting(JsonNode::asText).containsExactly("body");
    }

    @Test
    void thePreviewAgreesWithTheRenderedFrameAndTheSubmittedVideoPlays() throws Exception {
        assertThat(paste(request)).isEmpty();
        browser.runAsync("""
                const done = arguments[arguments.length - 1];
                window.playground.draw(0.5);
                const images = [...document.querySelectorAll('#stage img')];
                Promise.all(images.map(i => i.decode())).then(() => done(images.length));""");
        BufferedImage preview = browser.screenshot("#stage");
        assertThat(preview.getWidth()).isEqualTo(WIDTH);
        assertThat(preview.getHeight()).isEqualTo(HEIGHT);

        browser.run("document.getElementById('submit').click()");
        JsonNode played = browser.runAsync("""
                const done = arguments[arguments.length - 1];
                const video = document.getElementById('result');
                const seen = [];
                const started = Date.now();
                const poll = setInterval(() => {
                  seen.push(document.getElementById('progress').value);
                  const job = window.playground.job || {};
                  const playing = !video.paused && video.currentTime > 0;
                  if (playing || Date.now() - started > 80000) {
                    clearInterval(poll);
                    done({playing: playing, status: job.status, url: job.result_url, seen: seen,
                          page: document.getElementById('status').textContent,
                          video: {src: video.currentSrc, readyState: video.readyState, error: video.error && video.error.message}});
                  }
                }, 100);""");
        assertThat(played.path("playing").asBoolean()).as("the video plays in the page: %s", played).isTrue();
        assertThat(played.path("status").asText()).isEqualTo("completed");
        assertThat(played.path("seen").toString()).as("the progress bar reached the end").contains("100");

        Path video = directory.resolve("rendered.mp4");
        HTTP.send(HttpRequest.newBuilder(URI.create(played.path("url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        BufferedImage frame = Decoded.frameAt(video, 0.5);
        // each box, inset from its edges where chroma subsampling blurs, and the whole frame
        assertThat(agreement(preview, frame, 16, 18, 128, 90)).as("contained wide picture").isGreaterThan(0.97);
        assertThat(agreement(preview, frame, 176, 18, 96, 108)).as("covering tall picture").isGreaterThan(0.97);
        assertThat(agreement(preview, frame, 96, 72, 96, 72)).as("half-transparent square over the others")
                .isGreaterThan(0.97);
        assertThat(agreement(preview, frame, 0, 0, WIDTH, HEIGHT)).as("the whole frame").isGreaterThan(0.97);
        // the contained picture leaves its box's top and bottom bands showing the background in both
        assertThat(Decoded.near(frame, 40, 22, new int[] {0x20, 0x20, 0x20}, 24)).isTrue();
        assertThat(Decoded.near(preview, 40, 22, new int[] {0x20, 0x20, 0x20}, 8)).isTrue();
    }

    /** Share of pixels of the region (inset by 3 px) whose colours agree within 24 levels per channel. */
    private static double agreement(BufferedImage a, BufferedImage b, int x, int y, int width, int height) {
        int agreeing = 0;
        int total = 0;
        for (int py = y + 3; py < y + height - 3; py++) {
            for (int px = x + 3; px < x + width - 3; px++) {
                int[] one = Decoded.rgb(a, px, py);
                int[] other = Decoded.rgb(b, px, py);
                total++;
                if (Math.abs(one[0] - other[0]) <= 24 && Math.abs(one[1] - other[1]) <= 24
                        && Math.abs(one[2] - other[2]) <= 24) {
                    agreeing++;
                }
            }
        }
        return (double) agreeing / total;
    }
}
