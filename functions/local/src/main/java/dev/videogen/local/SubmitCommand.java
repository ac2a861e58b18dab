package dev.videogen.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code videogen submit request.json --api URL}: the request file a user wrote for {@code render}, sent to a running
 * service instead. Local files it names are uploaded through {@code POST /v1/uploads} and their sources rewritten to
 * the returned {@code s3://} names; the job's progress is shown from its event stream (or by polling where the service
 * has none), and {@code -o} downloads the result.
 */
@Command(name = "submit", description = "Send a request file to a Videogen API: upload the local files it names, "
        + "follow the job, download the result.", exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the video was made (and downloaded with -o)", "1:the job failed, timed out or was cancelled",
                "2:the request is invalid (a local file is missing, or the API answered 400 naming the fields)",
                "3:the API refused the credentials (401/403)",
                "4:the API could not be reached, or answered something unexpected"})
final class SubmitCommand implements Callable<Integer> {

    static final int DONE = 0;
    static final int JOB_FAILED = 1;
    static final int INVALID = 2;
    static final int REFUSED = 3;
    static final int UNREACHABLE = 4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MEDIA_TYPES = Map.ofEntries(
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"), Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"), Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"),
            Map.entry("aac", "audio/aac"), Map.entry("wav", "audio/wav"), Map.entry("ogg", "audio/ogg"),
            Map.entry("opus", "audio/ogg"), Map.entry("flac", "audio/flac"), Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"), Map.entry("srt", "application/x-subrip"), Map.entry("vtt", "text/vtt"));
    /** Element fields that name a file to fetch. */
    private static final String[] FILE_FIELDS = {"source", "font_url"};

    @Parameters(index = "0", paramLabel = "REQUEST", description = "The request, as POSTed to /v1/videocreate. "
            + "Sources may be local paths (relative to the request file): they are uploaded first.")
    Path requestFile;

    @Option(names = "--api", required = true, paramLabel = "URL",
            description = "The API, e.g. http://127.0.0.1:3000 (with or without /v1).")
    String api;

    @Option(names = "--key", paramLabel = "KEY", description = "An API key, sent as x-api-key (default: $VIDEOGEN_API_KEY).")
    String key = System.getenv("VIDEOGEN_API_KEY");

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Download the finished video here.")
    Path output;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds = 3600;

    PrintStream out = System.out;
    PrintStream err = System.err;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** A failure that ends the command with an exit code and a one-line message. */
    static final class Stop extends Exception {

        private static final long serialVersionUID = 1L;
        final int code;

        Stop(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    @Override
    public Integer call() {
        try {
            return submit();
        } catch (Stop e) {
            err.println("videogen submit: " + e.getMessage());
            return e.code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("videogen submit: interrupted");
            return UNREACHABLE;
        }
    }

    private int submit() throws Stop, InterruptedException {
        String base = api.replaceAll("/+$", "").replaceAll("/v1$", "");
        ObjectNode request = readRequest();
        uploadLocalFiles(request, base);

        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/v1/videocreate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())), "POST /v1/videocreate");
        JsonNode answer = parse(created);
        refuseUnlessAccepted(created.statusCode(), answer, "POST /v1/videocreate", 200, 202);
        JsonNode job = created.statusCode() == 202 ? follow(base, answer.path("job_id").asText()) : answer;
        String status = job.path("status").asText();
        if (!status.equals("completed")) {
            err.println("job " + job.path("job_id").asText() + " " + status + ": "
                    + (job.hasNonNull("error") ? job.get("error").asText() + ": " : "") + job.path("message").asText());
            return JOB_FAILED;
        }
        out.println("job " + job.path("job_id").asText() + " completed: " + job.path("duration").asText() + ", "
                + job.path("file_size").asText() + ", " + job.path("width").asInt() + "x" + job.path("height").asInt()
                + " " + job.path("output_format").asText());
        if (output != null) {
            download(base, job);
            out.println(output);
        } else {
            out.println(job.path("result_url").asText());
        }
        return DONE;
    }

    private ObjectNode readRequest() throws Stop {
        JsonNode body;
        try {
            body = JSON.readTree(requestFile.toFile());
        } catch (IOException e) {
            throw new Stop(INVALID, "cannot read " + requestFile + ": " + e.getMessage());
        }
        if (!(body instanceof ObjectNode object)) {
            throw new Stop(INVALID, requestFile + " does not hold a JSON object");
        }
        return object;
    }

    /** Uploads every element file given as a local path and puts the returned source in its place. */
    private void uploadLocalFiles(ObjectNode request, String base) throws Stop, InterruptedException {
        JsonNode elements = request.path("elements");
        Path directory = requestFile.toAbsolutePath().getParent();
        for (int i = 0; i < elements.size(); i++) {
            if (!(elements.get(i) instanceof ObjectNode element)) {
                continue;
            }
            for (String field : FILE_FIELDS) {
                JsonNode value = element.get(field);
                if (value == null || !value.isTextual() || hasScheme(value.textValue())) {
                    continue;
                }
                Path file = directory.resolve(value.textValue()).normalize();
                if (!Files.isRegularFile(file)) {
                    throw new Stop(INVALID, "elements[" + i + "]." + field + ": no file " + file);
                }
                element.put(field, upload(base, file));
            }
        }
    }

    private static boolean hasScheme(String location) {
        return location.matches("(?i)[a-z][a-z0-9+.-]*://.*");
    }

    private String upload(String base, Path file) throws Stop, InterruptedException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new Stop(INVALID, "cannot read " + file + ": " + e.getMessage());
        }
        String name = file.getFileName().toString();
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        String type = MEDIA_TYPES.getOrDefault(extension, "application/octet-stream");
        ObjectNode ask = JSON.createObjectNode().put("filename", name).put("content_type", type).put("size_bytes", size);
        HttpResponse<String> granted = send(HttpRequest.newBuilder(URI.create(base + "/v1/uploads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ask.toString())), "POST /v1/uploads");
        JsonNode grant = parse(granted);
        refuseUnlessAccepted(granted.statusCode(), grant, "POST /v1/uploads for " + name, 201);
        HttpResponse<String> put;
        try {
            HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(grant.path("upload_url").asText()))
                    .header("Content-Type", type).timeout(Duration.ofMinutes(15));
            // the other signed headers (the upload's tag); the client sets Content-Length itself
            grant.path("upload_headers").properties().forEach(header -> {
                if (!header.getKey().equalsIgnoreCase("Content-Type")
                        && !header.getKey().equalsIgnoreCase("Content-Length")) {
                    upload.header(header.getKey(), header.getValue().asText());
                }
            });
            put = http.send(upload.PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Stop(UNREACHABLE, "uploading " + name + " failed: " + message(e));
        }
        if (put.statusCode() / 100 != 2) {
            throw new Stop(UNREACHABLE, "uploading " + name + ": storage answered " + put.statusCode());
        }
        err.println("uploaded " + name + " (" + size + " bytes) as " + grant.path("source").asText());
        return grant.path("source").asText();
    }

    /** Follows the job to its end: its Server-Sent Events where the API has them, else polling. */
    private JsonNode follow(String base, String jobId) throws Stop, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        try {
            HttpResponse<InputStream> stream = http.send(withKey(HttpRequest.newBuilder(
                            URI.create(base + "/v1/videoresult/" + jobId + "/events")))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = stream.headers().firstValue("Content-Type").orElse("");
            if (stream.statusCode() == 200 && type.startsWith("text/event-stream")) {
                JsonNode last = null;
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("data:")) {
                            last = JSON.readTree(line.substring(5).trim());
                            progress.show(last);
                            if (ended(last)) {
                                progress.finish();
                                return last;
                            }
                        }
                    }
                }
            } else {
                stream.body().close();
            }
        } catch (IOException e) {
            // no stream (a deployed API answers it with 404, or the connection dropped): poll instead
        }
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = send(HttpRequest.newBuilder(URI.create(base + "/v1/videoresult/" + jobId))
                    .GET(), "GET /v1/videoresult/" + jobId);
            JsonNode job = parse(polled);
            refuseUnlessAccepted(polled.statusCode(), job, "GET /v1/videoresult/" + jobId, 200);
            progress.show(job);
            if (ended(job)) {
                progress.finish();
                return job;
            }
            Thread.sleep(1000);
        }
        progress.finish();
        throw new Stop(UNREACHABLE, "job " + jobId + " did not end within " + timeoutSeconds + " s");
    }

    private static boolean ended(JsonNode job) {
        return switch (job.path("status").asText()) {
            case "completed", "failed", "timeout", "cancelled", "expired" -> true;
            default -> false;
        };
    }

    /** Downloads through the API's download route, or the result URL where the API has no such route. */
    private void download(String base, JsonNode job) throws Stop, InterruptedException {
        Path target = output.toAbsolutePath();
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            HttpResponse<Path> viaApi = http.send(withKey(HttpRequest.newBuilder(URI.create(base + "/v1/videoresult/"
                    + job.path("job_id").asText() + "/download"))).GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            if (viaApi.statusCode() == 200) {
                return;
            }
            HttpResponse<Path> direct = http.send(HttpRequest.newBuilder(URI.create(job.path("result_url").asText()))
                    .GET().build(), HttpResponse.BodyHandlers.ofFile(target));
            if (direct.statusCode() != 200) {
                Files.deleteIfExists(target);
                throw new Stop(UNREACHABLE, "downloading the result failed: HTTP " + direct.statusCode());
            }
        } catch (IOException e) {
            throw new Stop(UNREACHABLE, "downloading the result to " + target + " failed: " + message(e));
        }
    }

    private HttpRequest.Builder withKey(HttpRequest.Builder builder) {
        return key == null || key.isBlank() ? builder : builder.header("x-api-key", key);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what) throws Stop, InterruptedException {
        try {
            return http.send(withKey(request).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Stop(UNREACHABLE, what + " failed: " + message(e));
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", response.body());
        }
    }

    /** Turns an answer other than the expected ones into the exit code and message it calls for. */
    private static void refuseUnlessAccepted(int status, JsonNode body, String what, int... expected) throws Stop {
        for (int ok : expected) {
            if (status == ok) {
                return;
            }
        }
        StringBuilder message = new StringBuilder(what).append(" answered ").append(status);
        if (body.hasNonNull("error")) {
            message.append(' ').append(body.get("error").asText());
        }
        if (body.hasNonNull("message")) {
            message.append(": ").append(body.get("message").asText());
        }
        for (JsonNode detail : body.path("details")) {
            message.append(System.lineSeparator()).append("  ").append(detail.path("field").asText()).append(": ")
                    .append(detail.path("message").asText());
        }
        int code = switch (status) {
            case 400, 404, 409, 413, 415, 422 -> INVALID;
            case 401, 403 -> REFUSED;
            default -> body.path("status").asText().equals("failed") ? JOB_FAILED : UNREACHABLE;
        };
        throw new Stop(code, message.toString());
    }

    private static String message(IOException e) {
        if (e instanceof ConnectException) {
            return "cannot connect (is the API running, and is --api right?)";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** A progress bar on a terminal, else one line per change of step or tenth of progress. */
    static final class ProgressLine {

        private static final int WIDTH = 30;
        private final PrintStream out;
        private final boolean terminal;
        private String lastShown = "";

        ProgressLine(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(JsonNode job) {
            int percent = job.path("status").asText().equals("completed") ? 100 : job.path("progress_percentage").asInt();
            String step = job.path("current_step").asText(job.path("status").asText());
            int filled = percent * WIDTH / 100;
            String line = "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + String.format(Locale.ROOT,
                    "%3d%%", percent) + " " + step;
            String key = terminal ? line : (percent / 10) + step;
            if (key.equals(lastShown)) {
                return;
            }
            lastShown = key;
            if (terminal) {
                out.print("\r" + line);
            } else {
                out.println(line);
            }
            out.flush();
        }

        void finish() {
            if (terminal && !lastShown.isEmpty()) {
                out.println();
            }
        }
    }
}
