package dev.videogen.local.playground;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A headless Chromium driven through Debian's {@code chromedriver} with the W3C WebDriver protocol (plain HTTP and
 * JSON): the browser's own layout and CSS engine, nothing of ours in between.
 */
final class WebDriverSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    WebDriverSession() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromedriver did not start", e);
                }
            }
            Thread.sleep(100);
        }
        ObjectNode capabilities = JSON.createObjectNode();
        ObjectNode chrome = capabilities.putObject("capabilities").putObject("alwaysMatch")
                .put("browserName", "chrome").putObject("goog:chromeOptions");
        chrome.put("binary", CHROMIUM.toString());
        chrome.set("args", JSON.valueToTree(List.of("--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--force-device-scale-factor=1",
                "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars")));
        session = post("/session", capabilities).path("sessionId").asText();
    }

    void open(String url) throws Exception {
        post("/session/" + session + "/url", JSON.createObjectNode().put("url", url));
    }

    /** Runs a script that calls its last argument (the callback) with its result. */
    JsonNode runAsync(String script, Object... arguments) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.set("args", JSON.valueToTree(List.of(arguments)));
        return post("/session/" + session + "/execute/async", body);
    }

    JsonNode run(String script, Object... arguments) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.set("args", JSON.valueToTree(List.of(arguments)));
        return post("/session/" + session + "/execute/sync", body);
    }

    /** A screenshot of the element {@code selector} matches, as the browser painted it. */
    BufferedImage screenshot(String selector) throws Exception {
        String element = post("/session/" + session + "/element", JSON.createObjectNode()
                .put("using", "css selector").put("value", selector)).path(ELEMENT).asText();
        JsonNode png = get("/session/" + session + "/element/" + element + "/screenshot");
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.asText())));
    }

    void timeouts(Duration script) throws Exception {
        post("/session/" + session + "/timeouts", JSON.createObjectNode().put("script", script.toMillis()));
    }

    private JsonNode post(String path, JsonNode body) throws Exception {
        return value(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString()));
    }

    private JsonNode get(String path) throws Exception {
        return value(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static JsonNode value(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("WebDriver answered " + response.statusCode() + ": "
                    + body.path("value").path("message").asText(response.body()));
        }
        return body.has("sessionId") && !body.path("value").has("sessionId") ? body : body.path("value");
    }

    @Override
    public void close() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            // the driver is stopped below either way
        }
        driver.destroy();
    }
}
