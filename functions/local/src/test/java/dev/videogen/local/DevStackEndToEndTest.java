package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.inprocess.LoopbackFileServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack driven as a user drives it: started with its main class in its own JVM, spoken to over HTTP only,
 * with media served from a local web server; stopped with SIGTERM and started again on the same data directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path directory;
    static Path data;
    static LoopbackFileServer media;
    static DevStackProcess stack;
    static final List<String> completedJobs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path files = Files.createDirectories(directory.resolve("media"));
        TestMedia.clip(files.resolve("clip.mp4"), 160, 120, 2, "orange", 440);
        TestMedia.clip(files.resolve("long.mp4"), 320, 240, 10, "teal", 0);
        TestMedia.solidPng(files.resolve("logo.png"), 40, 20, "white");
        media = LoopbackFileServer.serve(files);
        data = directory.resolve("data");
        stack = DevStackProcess.start(data, "--port", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        media.close();
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/videocreate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static JsonNode awaitFinal(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = json(get("/videoresult/" + jobId));
            String status = job.path("status").asText();
            if (!status.equals("pending") && !status.equals("processing")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not finish");
    }

    private static void awaitStatus(String jobId, String wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (json(get("/videoresult/" + jobId)).path("status").asText().equals(wanted)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " never became " + wanted);
    }

    private static Path download(String url, String name) throws Exception {
        Path file = directory.resolve(name);
        HttpResponse<Path> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        return file;
    }

    @Test
    @Order(1)
    void printsWhereEachServerListens() {
        assertThat(stack.output()).anySatisfy(line -> assertThat(line).matches("api: http://127\\.0\\.0\\.1:\\d+/v1"));
        assertThat(stack.output()).anySatisfy(line -> assertThat(line).startsWith("database: postgresql://"));
        assertThat(stack.output()).anySatisfy(line -> assertThat(line).matches("storage: http://127\\.0\\.0\\.1:\\d+"));
        assertThat(stack.output()).anySatisfy(line -> assertThat(line).matches("queue: http://127\\.0\\.0\\.1:\\d+"));
    }

    @Test
    @Order(2)
    void inlineJobAnswersWithADownloadableVideo() throws Exception {
        HttpResponse<String> response = post("""
                {"width": 160, "height": 120, "response_type": "immediate", "elements": [
                  {"type": "video", "source": "%s"},
                  {"type": "image", "source": "%s", "x": "5%%", "y": "5%%", "width": "25%%", "height": "15%%"}]}"""
                .formatted(media.url("clip.mp4"), media.url("logo.png")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("job_id").asText()).matches("vg_[a-z2-7]{20}");
        assertThat(body.path("duration_seconds").asDouble()).isEqualTo(2.0);
        assertThat(body.path("file_size").asText()).matches("\\d+(\\.\\d)?(B|KB|MB)");
        Path video = download(body.path("result_url").asText(), "inline.mp4");
        Decoded.Streams streams = Decoded.streams(video);
        assertThat(streams.width()).isEqualTo(160);
        assertThat(streams.height()).isEqualTo(120);
        assertThat(streams.hasAudio()).isTrue();
        completedJobs.add(body.path("job_id").asText());
    }

    @Test
    @Order(3)
    void asyncJobIsAcceptedAndCompletesWhenPolled() throws Exception {
        HttpResponse<String> response = post("""
                {"width": 160, "height": 120, "response_type": "async", "elements": [
                  {"type": "video", "source": "%s"}]}""".formatted(media.url("clip.mp4")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = json(response);
        String jobId = accepted.path("job_id").asText();
        assertThat(response.headers().firstValue("Location")).hasValue("/v1/videoresult/" + jobId);
        assertThat(accepted.path("status_check_endpoint").asText()).isEqualTo("/v1/videoresult/" + jobId);
        // the answer says where its time went: the database round trip, the queue send, the whole create
        Matcher timing = Pattern
                .compile("db;dur=([0-9.]+), queue;dur=([0-9.]+), total;dur=([0-9.]+)")
                .matcher(response.headers().firstValue("Server-Timing").orElse(""));
        assertThat(timing.matches()).as(response.headers().map().toString()).isTrue();
        double database = Double.parseDouble(timing.group(1));
        double queue = Double.parseDouble(timing.group(2));
        assertThat(database).isPositive();
        assertThat(queue).isPositive();
        assertThat(Double.parseDouble(timing.group(3))).isGreaterThanOrEqualTo(database + queue);
        JsonNode done = awaitFinal(jobId);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(Decoded.streams(download(done.path("result_url").asText(), "async.mp4")).width()).isEqualTo(160);
        completedJobs.add(jobId);
    }

    @Test
    @Order(4)
    void serverSentEventsFollowAJobToItsEnd() throws Exception {
        HttpResponse<String> response = post("""
                {"width": 320, "height": 240, "response_type": "async", "elements": [
                  {"type": "video", "source": "%s"}]}""".formatted(media.url("long.mp4")));
        String jobId = json(response).path("job_id").asText();
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                        URI.create(stack.apiUrl() + "/videoresult/" + jobId + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(JSON.readTree(line.substring(6)));
                }
            }
        }
        assertThat(events).hasSizeGreaterThan(2);
        assertThat(events.get(events.size() - 1).path("status").asText()).isEqualTo("completed");
        // the stream followed the job on its way, not only to its end
        List<JsonNode> underWay = events.subList(0, events.size() - 1);
        assertThat(underWay).anySatisfy(event -> {
            assertThat(event.path("status").asText()).isEqualTo("processing");
            assertThat(event.path("progress_percentage").asInt()).isStrictlyBetween(0, 100);
        });
        assertThat(underWay).extracting(event -> event.path("current_step").asText()).contains("encoding");
        List<Integer> progress = events.stream().filter(e -> e.has("progress_percentage"))
                .map(e -> e.path("progress_percentage").asInt()).toList();
        assertThat(progress).isSorted();
        completedJobs.add(jobId);
    }

    @Test
    @Order(5)
    void badRequestsGetFourHundredsNamingTheField() throws Exception {
        HttpResponse<String> invalid = post("""
                {"width": 161, "height": 120, "elements": [{"type": "video", "source": "ftp://x/y.mp4"}]}""");
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = json(invalid);
        assertThat(body.path("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(body.path("details").findValuesAsText("field")).containsExactly("width", "elements[0].source");

        HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/videocreate"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(notJson.statusCode()).isEqualTo(415);

        HttpResponse<String> malformed = post("{\"width\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(json(malformed).path("details").get(0).path("field").asText()).isEqualTo("body");

        HttpResponse<String> huge = post("{\"metadata\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
    }

    @Test
    @Order(6)
    void anUnknownJobIsNotFound() throws Exception {
        HttpResponse<String> response = get("/videoresult/vg_aaaaaaaaaaaaaaaaaaaa");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).isEqualTo("JOB_NOT_FOUND");
    }

    @Test
    @Order(7)
    void cancellingARunningJobStopsIt() throws Exception {
        HttpResponse<String> created = post("""
                {"width": 1280, "height": 720, "duration": 120, "response_type": "async", "elements": [
                  {"type": "video", "source": "%s", "loop": true, "duration": 120}]}""".formatted(media.url("long.mp4")));
        String jobId = json(created).path("job_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!json(get("/videoresult/" + jobId)).path("status").asText().equals("processing")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        HttpResponse<String> cancelled = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.apiUrl() + "/videoresult/" + jobId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(json(cancelled).path("status").asText()).isEqualTo("cancelled");
        Thread.sleep(2000);
        assertThat(json(get("/videoresult/" + jobId)).path("status").asText()).isEqualTo("cancelled");
        HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.apiUrl() + "/videoresult/" + jobId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    @Order(8)
    void healthReportsEveryDependency() throws Exception {
        HttpResponse<String> response = get("/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode checks = json(response).path("checks");
        assertThat(checks.path("database").asText()).isEqualTo("ok");
        assertThat(checks.path("storage").asText()).isEqualTo("ok");
        assertThat(checks.path("queue").asText()).isEqualTo("ok");
        assertThat(checks.path("ffmpeg").asText()).isEqualTo("ok");
    }

    @Test
    @Order(9)
    void aSecondStackOnTheSamePortFailsWithOneLine() throws Exception {
        int port = URI.create(stack.apiUrl()).getPort();
        DevStackProcess second = DevStackProcess.launch(directory.resolve("other-data"), "--port", Integer.toString(port));
        int exit = second.awaitExit(Duration.ofMinutes(1));
        assertThat(exit).isNotZero();
        assertThat(second.output()).containsExactly("videogen dev: port " + port
                + " on 127.0.0.1 (--port) is already in use; choose another with --port");
    }

    @Test
    @Order(10)
    void aDataDirectoryThatIsAFileFailsWithOneLine() throws Exception {
        Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
        DevStackProcess broken = DevStackProcess.launch(file, "--port", "0");
        assertThat(broken.awaitExit(Duration.ofMinutes(1))).isNotZero();
        assertThat(broken.output()).hasSize(1);
        assertThat(broken.output().get(0)).startsWith("videogen dev: the data directory").contains("not-a-directory");
    }

    @Test
    @Order(10)
    void aCorruptDataDirectoryFailsWithOneLine() throws Exception {
        Path corrupt = Files.createDirectories(directory.resolve("corrupt-data").resolve("postgres"));
        Files.writeString(corrupt.resolve("PG_VERSION"), "9\n");
        Files.writeString(corrupt.resolve("postgresql.conf"), "this is not a configuration\n");
        DevStackProcess broken = DevStackProcess.launch(corrupt.getParent(), "--port", "0");
        assertThat(broken.awaitExit(Duration.ofMinutes(2))).isNotZero();
        assertThat(broken.output()).hasSize(1);
        assertThat(broken.output().get(0)).startsWith("videogen dev: the database in").contains("move it away");
    }

    @Test
    @Order(11)
    void afterARestartOnTheSameDataDirectoryEarlierJobsStillAnswer() throws Exception {
        assertThat(completedJobs).isNotEmpty();
        // a render under way when the stack is told to stop is finished by the drain or queued again: not lost
        String inFlight = json(post("""
                {"width": 640, "height": 480, "response_type": "async", "elements": [
                  {"type": "video", "source": "%s"}]}""".formatted(media.url("long.mp4")))).path("job_id").asText();
        awaitStatus(inFlight, "processing");
        // 143 = ended by SIGTERM, as for any program stopped that way; "stopped" shows the drain ran to its end
        assertThat(stack.stop()).isEqualTo(143);
        assertThat(stack.output()).contains("stopped");
        // the production source rules from now on: the next test relies on them
        stack = DevStackProcess.start(data, "--port", "0", "--allow-loopback-sources=false");
        JsonNode drained = awaitFinal(inFlight);
        assertThat(drained.path("status").asText()).as(drained.toString()).isEqualTo("completed");
        for (String jobId : completedJobs) {
            JsonNode job = json(get("/videoresult/" + jobId));
            assertThat(job.path("status").asText()).isEqualTo("completed");
            Path video = download(job.path("result_url").asText(), "again-" + jobId + ".mp4");
            assertThat(Files.size(video)).isEqualTo(job.path("file_size_bytes").asLong());
        }
    }

    @Test
    @Order(12)
    void withProductionRulesALoopbackSourceIsRefusedNamingTheElement() throws Exception {
        HttpResponse<String> response = post("""
                {"width": 160, "height": 120, "response_type": "immediate", "elements": [
                  {"type": "video", "source": "%s"}]}""".formatted(media.url("clip.mp4")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(body.toString()).contains("elements[0].source").contains("loopback");
    }
}
