package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.aws.storage.S3ObjectStore;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.jobs.api.OpenApiContract;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * From local files to a finished video over the local stack's HTTP API: uploads PUT real bytes to the in-process S3
 * and are usable at once, a template renders with its merge values and the job records the version, and
 * {@code videogen submit} does it all from a request file; caption jobs, inline or from an uploaded SRT file, render
 * with the spoken word highlighted. Every API answer is checked against the OpenAPI document.
 */
class UploadsTemplatesAndSubmitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path directory;
    static DevStack stack;
    static Path clip;
    static Path logo;

    @BeforeAll
    static void start() {
        clip = TestMedia.clip(directory.resolve("clip.mp4"), 160, 120, 1, "orange", 440);
        logo = TestMedia.solidPng(directory.resolve("logo.png"), 40, 20, "white");
        stack = DevStack.start(new DevStack.Options(0, directory.resolve("data"), 1, false, Map.of()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.apiUrl().replace("/v1", "") + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        OpenApiContract.served().check(method, path, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Uploads a file the way a client does: ask for a URL, PUT the bytes with the headers it names. */
    private static String upload(Path file, String type) throws Exception {
        HttpResponse<String> granted = call("POST", "/v1/uploads", "{\"filename\": \"" + file.getFileName()
                + "\", \"content_type\": \"" + type + "\", \"size_bytes\": " + Files.size(file) + "}");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
        JsonNode grant = json(granted);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(grant.get("upload_url").asText()))
                .header("Content-Type", grant.at("/upload_headers/Content-Type").asText())
                .header("x-amz-tagging", grant.at("/upload_headers/x-amz-tagging").asText())
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return grant.get("source").asText();
    }

    @Test
    void anUploadedFileIsUsableAtOnceAsASourceUnderTheCallersOwnPrefix() throws Exception {
        String source = upload(clip, "video/mp4");

        assertThat(source).startsWith("s3://" + DevStack.BUCKET + "/inputs/anonymous/up_").endsWith("/clip.mp4");
        HttpResponse<String> dryRun = call("POST", "/v1/videocreate?dry_run=true", "{\"width\": 160, \"height\": 120,"
                + " \"elements\": [{\"id\": \"main\", \"type\": \"video\", \"source\": \"" + source + "\"}]}");

        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(json(dryRun).at("/sources/0/size_bytes").asLong()).isEqualTo(Files.size(clip));
        assertThat(json(dryRun).at("/sources/0/duration").asDouble()).isBetween(0.9, 1.1);
    }

    @Test
    void anUploadNoRequestReadsKeepsTheTagThatExpiresItAndAReadOneIsRetaggedToBeKept() throws Exception {
        String unused = upload(logo, "image/png");
        String used = upload(clip, "video/mp4");
        HttpResponse<String> dryRun = call("POST", "/v1/videocreate?dry_run=true", "{\"width\": 160, \"height\": 120,"
                + " \"elements\": [{\"type\": \"video\", \"source\": \"" + used + "\"}]}");
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);

        // the bucket's lifecycle rule expire-unused-uploads selects videogen-upload=unused under inputs/ (infra-cdk)
        try (S3ObjectStore store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(
                URI.create(stack.storageUrl())).build(), DevStack.BUCKET, true)) {
            String prefix = "s3://" + DevStack.BUCKET + "/";
            assertThat(store.tags(unused.substring(prefix.length()))).isEqualTo(Map.of("videogen-upload", "unused"));
            assertThat(store.tags(used.substring(prefix.length()))).isEqualTo(Map.of("videogen-upload", "used"));
        }
    }

    @Test
    void aStillAndAVideosPosterComeBackOverHttpAndThePosterIsInTheEventStream() throws Exception {
        String source = upload(clip, "video/mp4");
        HttpResponse<String> still = call("POST", "/v1/videocreate", """
                {"width": 161, "height": 121, "output_format": "jpg", "snapshot_time": 0.5, "response_type": "immediate",
                 "elements": [{"type": "video", "source": "%s"}]}""".formatted(source));
        assertThat(still.statusCode()).as(still.body()).isEqualTo(200);
        assertThat(json(still).get("output_format").asText()).isEqualTo("jpg");
        assertThat(json(still).has("thumbnail_url")).isFalse();
        Path picture = directory.resolve("still.jpg");
        HTTP.send(HttpRequest.newBuilder(URI.create(json(still).get("result_url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(picture));
        assertThat(Decoded.streams(picture).videoCodec()).isEqualTo("mjpeg");
        assertThat(Decoded.streams(picture).width()).isEqualTo(161);
        assertThat(Decoded.videoFrames(picture)).isEqualTo(1);
        // the orange clip, not the black background
        java.awt.image.BufferedImage frame = Decoded.frameAt(picture, 0);
        assertThat(Decoded.near(frame, 80, 60, new int[] {255, 165, 0}, 60)).as(Decoded.describe(frame, 80, 60))
                .isTrue();

        HttpResponse<String> accepted = call("POST", "/v1/videocreate", """
                {"width": 160, "height": 120, "response_type": "async", "thumbnail": {"time": 0.5, "width": 64},
                 "elements": [{"type": "video", "source": "%s"}]}""".formatted(source));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = json(accepted).get("job_id").asText();
        HttpResponse<java.io.InputStream> stream = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.apiUrl() + "/videoresult/" + jobId + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        JsonNode last = null;
        try (java.io.BufferedReader reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    last = JSON.readTree(line.substring(6));
                }
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.path("status").asText()).isEqualTo("completed");
        assertThat(last.path("thumbnail_url").asText()).contains(".thumbnail.jpg");
        HttpResponse<String> status = call("GET", "/v1/videoresult/" + jobId, null);
        String url = json(status).get("thumbnail_url").asText();
        assertThat(url).contains("X-Amz-Signature=").contains("X-Amz-Expires=");
        Path poster = directory.resolve("poster.jpg");
        HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofFile(poster));
        assertThat(Decoded.streams(poster).videoCodec()).isEqualTo("mjpeg");
        assertThat(Decoded.streams(poster).width()).isEqualTo(64);
        assertThat(Decoded.streams(poster).height()).isEqualTo(48);
    }

    @Test
    void anUploadOutsideTheLimitsIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> refused = call("POST", "/v1/uploads",
                "{\"filename\": \"page.html\", \"content_type\": \"text/html\", \"size_bytes\": 0}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("content_type", "size_bytes");
    }

    @Test
    void aJobMadeFromATemplateRendersItsValuesAndRecordsTheVersion() throws Exception {
        String logoSource = upload(logo, "image/png");
        HttpResponse<String> saved = call("POST", "/v1/templates", """
                {"name": "badge", "template": {"width": 160, "height": 120, "duration": 1, "response_type": "immediate",
                  "background_color": "{{paper}}",
                  "elements": [{"type": "image", "source": "{{logo}}", "x": "{{left}}", "width": "25%", "height": "25%"}]},
                 "variables": {"logo": {"type": "url"}, "paper": {"type": "color", "default": "#0000FF"},
                               "left": {"type": "string", "default": "10%"}}}""");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String templateId = json(saved).get("template_id").asText();

        HttpResponse<String> rendered = call("POST", "/v1/videocreate", "{\"template_id\": \"" + templateId + "\","
                + " \"merge\": {\"logo\": \"" + logoSource + "\", \"left\": \"50%\"}}");

        assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
        String jobId = json(rendered).get("job_id").asText();
        Map<String, Object> row = row("SELECT template_id, template_version, request_payload::text AS payload"
                + " FROM jobs WHERE job_id = ?", jobId);
        assertThat(row.get("template_id")).isEqualTo(templateId);
        assertThat(row.get("template_version")).isEqualTo(1);
        assertThat(JSON.readTree((String) row.get("payload")).at("/elements/0/x").asText()).isEqualTo("50%");
        Path video = directory.resolve("badge.mp4");
        HTTP.send(HttpRequest.newBuilder(URI.create(json(rendered).get("result_url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        java.awt.image.BufferedImage frame = Decoded.frameAt(video, 0.5);
        assertThat(Decoded.near(frame, 10, 60, new int[] {0, 0, 255}, 40)).as("the default background colour: %s",
                Decoded.describe(frame, 10, 60)).isTrue();
        assertThat(Decoded.near(frame, 95, 15, new int[] {255, 255, 255}, 40)).as("the logo where merge put it: %s",
                Decoded.describe(frame, 95, 15)).isTrue();

        com.fasterxml.jackson.databind.node.ObjectNode second = JSON.createObjectNode().put("name", "badge v2");
        second.set("template", json(saved).get("template"));
        second.set("variables", json(saved).get("variables"));
        assertThat(call("PUT", "/v1/templates/" + templateId, second.toString()).statusCode()).isEqualTo(200);
        HttpResponse<String> again = call("POST", "/v1/videocreate", "{\"template_id\": \"" + templateId + "\","
                + " \"merge\": {\"logo\": \"" + logoSource + "\"}}");
        assertThat(row("SELECT template_version FROM jobs WHERE job_id = ?", json(again).get("job_id").asText())
                .get("template_version")).isEqualTo(2);
    }

    @Test
    void aCaptionJobOverHttpHighlightsTheSpokenWordUnderASlidingTitle() throws Exception {
        HttpResponse<String> rendered = call("POST", "/v1/videocreate", """
                {"width": 320, "height": 240, "fps": 10, "duration": 1.6, "response_type": "immediate", "elements": [
                  {"type": "text", "text": "title", "color": "#00FF00", "background_color": "#00FF00", "y": 10,
                   "width": 60, "height": 30, "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 1, "value": 200}]}},
                  {"type": "caption", "font_size": 28, "highlight_color": "#FF0000", "captions": [
                    {"start": 0, "end": 1.6, "text": "one two", "words": [
                      {"start": 0, "end": 0.8, "text": "one"}, {"start": 0.8, "end": 1.6, "text": "two"}]}]}]}""");

        assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
        Path video = directory.resolve("caption.mp4");
        HTTP.send(HttpRequest.newBuilder(URI.create(json(rendered).get("result_url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        // the caption's default box is y 180..228; the first word is left of the second
        double[] first = colour(Decoded.frameAt(video, 0.4), 170, 240, c -> c[0] > 170 && c[1] < 90 && c[2] < 90);
        double[] second = colour(Decoded.frameAt(video, 1.2), 170, 240, c -> c[0] > 170 && c[1] < 90 && c[2] < 90);
        assertThat(first[0]).as("red pixels of the first word").isGreaterThan(30);
        assertThat(second[0]).as("red pixels of the second word").isGreaterThan(30);
        assertThat(first[1]).as("the highlight moves right").isLessThan(second[1] - 20);
        // the green title box, 60 px wide, slides from x=0 to x=200 over the first second
        java.util.function.Predicate<int[]> green = c -> c[1] > 170 && c[0] < 90 && c[2] < 90;
        for (double t : new double[] {0.2, 0.5, 1.2}) {
            double[] title = colour(Decoded.frameAt(video, t), 15, 35, green);
            assertThat(title[1]).as("the title's centre at %.1f s", t).isCloseTo(30 + 200 * Math.min(1, t),
                    org.assertj.core.data.Offset.offset(1.5));
        }
    }

    @Test
    void kenBurnsAndACrossfadeOverHttpMoveTheMarkAndBlendThePictures() throws Exception {
        // a dark picture with a white 8x8 mark centred on (100, 60), zoomed 1 to 1.5 about the centre over its
        // 1.5 s, then the orange clip fading in over it from 1 s to 1.5 s
        Path marks = directory.resolve("marks.png");
        var made = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-f",
                "lavfi", "-i", "color=c=0x303030:s=160x120,drawbox=x=96:y=56:w=8:h=8:color=white:t=fill,format=rgb24",
                "-frames:v", "1", marks.toString()), Duration.ofSeconds(30));
        assertThat(made.succeeded()).as(made.log()).isTrue();
        String picture = upload(marks, "image/png");
        String video = upload(clip, "video/mp4");

        HttpResponse<String> rendered = call("POST", "/v1/videocreate", """
                {"width": 160, "height": 120, "response_type": "immediate", "elements": [
                  {"type": "image", "source": "%s", "track": 1, "duration": 1.5,
                   "ken_burns": {"zoom_start": 1, "zoom_end": 1.5}},
                  {"type": "video", "source": "%s", "track": 1, "time": 1,
                   "transition": {"type": "fade", "duration": 0.5}}]}""".formatted(picture, video));

        assertThat(rendered.statusCode()).as(rendered.body()).isEqualTo(200);
        Path result = directory.resolve("motion.mp4");
        HTTP.send(HttpRequest.newBuilder(URI.create(json(rendered).get("result_url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(result));
        // the 1 s clip starts at 1 s: 2 s at 30 fps
        assertThat(Decoded.videoFrames(result)).isEqualTo(60);
        for (double t : new double[] {0.1, 0.9}) {
            double zoom = 1 + 0.5 * t / 1.5;
            double[] white = colour(Decoded.frameAt(result, t), 0, 120, c -> c[0] > 150 && c[1] > 150 && c[2] > 150);
            // mean x as pixel indexes: a pixel's centre is half a pixel further
            assertThat(white[1]).as("the mark's centre at %.1f s", t).isCloseTo(80 + zoom * 20 - 0.5,
                    org.assertj.core.data.Offset.offset(1.5));
        }
        // half way through the fade, half way between the dark picture and the orange clip
        int[] middle = Decoded.rgb(Decoded.frameAt(result, 1.25), 20, 100);
        assertThat(middle[0]).as("red half way").isBetween(131, 171);
        assertThat(middle[1]).as("green half way").isBetween(86, 126);
        assertThat(Decoded.rgb(Decoded.frameAt(result, 1.8), 20, 100)[0]).as("the clip alone").isGreaterThan(230);
    }

    @Test
    void aCaptionJobReadsAnSrtFileUploadedUnderTheCallersOwnPrefix() throws Exception {
        Path srt = Files.writeString(directory.resolve("subs.srt"), "1\r\n00:00:00,200 --> 00:00:00,900\r\nHello\r\n",
                StandardCharsets.UTF_8);
        String source = upload(srt, "application/x-subrip");
        assertThat(source).startsWith("s3://" + DevStack.BUCKET + "/inputs/anonymous/");

        HttpResponse<String> accepted = call("POST", "/v1/videocreate", """
                {"width": 320, "height": 240, "fps": 10, "duration": 1.5, "response_type": "async", "elements": [
                  {"type": "caption", "source": "%s", "font_size": 28, "color": "#00FF00"}]}""".formatted(source));

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String jobId = json(accepted).get("job_id").asText();
        JsonNode done = null;
        for (long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos(); System.nanoTime() < deadline; ) {
            done = json(call("GET", "/v1/videoresult/" + jobId, null));
            if (!done.path("status").asText().matches("pending|processing")) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        Path video = directory.resolve("srt.mp4");
        HTTP.send(HttpRequest.newBuilder(URI.create(done.get("result_url").asText())).build(),
                HttpResponse.BodyHandlers.ofFile(video));
        java.util.function.Predicate<int[]> green = c -> c[1] > 170 && c[0] < 90 && c[2] < 90;
        assertThat(colour(Decoded.frameAt(video, 0.5), 170, 240, green)[0]).as("the cue while it shows")
                .isGreaterThan(30);
        assertThat(colour(Decoded.frameAt(video, 1.2), 0, 240, green)[0]).as("nothing after the cue").isZero();
    }

    /** Pixels of rows {@code y0..y1} whose colour passes {@code wanted}: {count, mean x}. */
    private static double[] colour(java.awt.image.BufferedImage frame, int y0, int y1,
                                   java.util.function.Predicate<int[]> wanted) {
        int count = 0;
        long sumX = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                if (wanted.test(Decoded.rgb(frame, x, y))) {
                    count++;
                    sumX += x;
                }
            }
        }
        return new double[] {count, count == 0 ? -1 : (double) sumX / count};
    }

    @Test
    void submitUploadsTheLocalFilesFollowsTheJobAndDownloadsTheResult() throws Exception {
        Path request = Files.writeString(directory.resolve("request.json"), """
                {"width": 160, "height": 120, "response_type": "async",
                 "elements": [{"type": "video", "source": "clip.mp4"},
                              {"type": "image", "source": "logo.png", "width": "25%", "height": "25%"}]}""");
        Path output = directory.resolve("out/submitted.mp4");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = submit(out, err, request.toString(), "--api", stack.apiUrl(), "-o", output.toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SubmitCommand.DONE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("uploaded clip.mp4").contains("uploaded logo.png")
                .contains("100%");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("completed");
        assertThat(Decoded.videoFrames(output)).as("one second at 30 fps").isBetween(29, 31);
    }

    @Test
    void submitExitsWithAClearCodeForEachKindOfFailure() throws Exception {
        Path missing = Files.writeString(directory.resolve("missing.json"),
                "{\"width\": 160, \"height\": 120, \"elements\": [{\"type\": \"video\", \"source\": \"gone.mp4\"}]}");
        Path invalid = Files.writeString(directory.resolve("invalid.json"),
                "{\"width\": 161, \"height\": 120, \"duration\": 1, \"elements\": [{\"type\": \"text\", \"text\": \"x\"}]}");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(submit(new ByteArrayOutputStream(), err, missing.toString(), "--api", stack.apiUrl()))
                .isEqualTo(SubmitCommand.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("elements[0].source: no file");
        err.reset();
        assertThat(submit(new ByteArrayOutputStream(), err, invalid.toString(), "--api", stack.apiUrl()))
                .isEqualTo(SubmitCommand.INVALID);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("400").contains("width:");
        err.reset();
        assertThat(submit(new ByteArrayOutputStream(), err, invalid.toString(), "--api", "http://127.0.0.1:9"))
                .isEqualTo(SubmitCommand.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect");
    }

    private static int submit(ByteArrayOutputStream out, ByteArrayOutputStream err, String... arguments) {
        SubmitCommand command = new SubmitCommand();
        command.key = null;
        command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(command).execute(arguments);
    }

    private static Map<String, Object> row(String sql, Object... parameters) throws Exception {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                stack.service().config().databaseUrl(), stack.service().config().databaseUser(),
                stack.service().config().databasePassword());
             java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (java.sql.ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as(sql).isTrue();
                Map<String, Object> row = new java.util.HashMap<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.put(rows.getMetaData().getColumnLabel(column), rows.getObject(column));
                }
                return row;
            }
        }
    }
}
