package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.testing.TestMedia;
import dev.videogen.jobs.auth.ApiKeys;
import dev.videogen.jobs.sources.InputPrefixes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cross-owner part of the bad-input suite: a local stack with API keys, where alice has uploaded a clip, rendered
 * a result, left a job waiting and used an idempotency key, and bob, holding a valid key of his own, tries to reach
 * all of it: as sources (render, inline render, dry run), as jobs (status, cancel, download, events), through the
 * figures and through alice's idempotency key; callers without a key try too. Each attempt must be refused with the
 * right code, and no answer may carry anything of alice's that the attempt did not itself name (her result's key, a
 * signed URL, her job ids, the marker in her job's metadata).
 */
final class CrossOwnerProbes implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "alice-private-marker-5f2c";

    private final DevStack stack;
    private final String aliceKey;
    private final String bobKey;
    private final String aliceUpload;
    private final String aliceDone;
    private final String aliceWaiting;
    private final String aliceIdempotent;
    private final String aliceTemplate;
    private final String idempotencyKey = "alice-order-42";
    int tried;
    int refusedRight;
    int leaked;

    /** One attempt of bob's (or of a caller without a key) and the answer it must get. */
    record Attempt(String name, String method, String path, String key, Map<String, String> headers, String body,
                   int status, String error, String field) {
    }

    private CrossOwnerProbes(Path directory) throws IOException {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        stack = DevStack.start(new DevStack.Options(0, directory.resolve("tenants"), 1, false,
                Map.of("AUTH_MODE", "api_key", "RATE_LIMIT_PER_MINUTE", "100000")), quiet);
        ApiKeys keys = new ApiKeys(stack.service().database());
        aliceKey = keys.create("alice", "suite").key();
        bobKey = keys.create("bob", "suite").key();

        Path clip = TestMedia.clip(directory.resolve("alice-clip.mp4"), 160, 120, 1, "orange", 440);
        String key = InputPrefixes.ownerPrefix("alice") + "u1/clip.mp4";
        RawHttp.Response put = RawHttp.send(URI.create(stack.storageUrl()), "PUT", "/" + DevStack.BUCKET + "/" + key,
                Map.of(), Files.readAllBytes(clip));
        assertThat(put.status()).isEqualTo(200);
        aliceUpload = "s3://" + DevStack.BUCKET + "/" + key;

        RawHttp.Response done = post(aliceKey, render(aliceUpload, "immediate"), Map.of());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        aliceDone = JSON.readTree(done.body()).path("job_id").asText();
        // alice's own download works: what bob is refused is there to be had
        RawHttp.Response own = RawHttp.send(URI.create(stack.apiUrl()), "GET", "/v1/videoresult/" + aliceDone
                + "/download", Map.of("x-api-key", aliceKey), new byte[0]);
        assertThat(own.status()).isEqualTo(302);
        assertThat(own.headers().get("location")).contains("processed/");

        RawHttp.Response waiting = post(aliceKey, "{\"width\": 64, \"height\": 64, \"duration\": 600, \"fps\": 1,"
                + " \"response_type\": \"async\", \"elements\": [{\"type\": \"text\", \"text\": \"wait\"}]}", Map.of());
        aliceWaiting = JSON.readTree(waiting.body()).path("job_id").asText();
        RawHttp.Response idempotent = post(aliceKey, render(aliceUpload, "async"),
                Map.of("Idempotency-Key", idempotencyKey));
        aliceIdempotent = JSON.readTree(idempotent.body()).path("job_id").asText();
        RawHttp.Response template = RawHttp.send(URI.create(stack.apiUrl()), "POST", "/v1/templates",
                Map.of("Content-Type", "application/json", "x-api-key", aliceKey),
                ("{\"name\": \"alice's\", \"template\": " + render(aliceUpload, "async") + "}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(template.status()).as(template.body()).isEqualTo(201);
        aliceTemplate = JSON.readTree(template.body()).path("template_id").asText();
    }

    static CrossOwnerProbes start(Path directory) throws IOException {
        return new CrossOwnerProbes(directory);
    }

    private static String render(String source, String responseType) {
        return "{\"width\": 160, \"height\": 120, \"response_type\": \"" + responseType + "\", \"metadata\": {\"note\": \""
                + MARKER + "\"}, \"elements\": [{\"type\": \"video\", \"source\": \"" + source + "\"}]}";
    }

    private RawHttp.Response post(String key, String body, Map<String, String> extra) throws IOException {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Content-Type", "application/json");
        headers.put("x-api-key", key);
        return RawHttp.send(URI.create(stack.apiUrl()), "POST", "/v1/videocreate", headers,
                body.getBytes(StandardCharsets.UTF_8));
    }

    List<Attempt> attempts() {
        List<Attempt> attempts = new ArrayList<>();
        String resultKey = "s3://" + DevStack.BUCKET + "/processed/" + aliceDone + ".mp4";
        Map<String, String> json = Map.of("Content-Type", "application/json");
        List<String> foreignSources = List.of(aliceUpload, resultKey,
                "s3://" + DevStack.BUCKET + "/" + InputPrefixes.ownerPrefix("alice"),
                "s3://" + DevStack.BUCKET + "/inputs/bob/../alice/u1/clip.mp4",
                "s3://" + DevStack.BUCKET + "/inputs/bob%2F..%2Falice/u1/clip.mp4",
                "s3://" + DevStack.BUCKET + "/INPUTS/alice/u1/clip.mp4",
                "s3://" + DevStack.BUCKET + "/inputs/clip.mp4");
        for (String source : foreignSources) {
            for (String responseType : List.of("async", "immediate")) {
                attempts.add(new Attempt("source " + source + " (" + responseType + ")", "POST", "/v1/videocreate",
                        bobKey, json, render(source, responseType), 400, "INVALID_INPUT", "elements[0].source"));
            }
            attempts.add(new Attempt("source " + source + " (dry run)", "POST", "/v1/videocreate?dry_run=true",
                    bobKey, json, render(source, "async"), 400, "INVALID_INPUT", "elements[0].source"));
            // the v1.1 overlay and audio elements name sources the same way
            attempts.add(new Attempt("overlay source " + source, "POST", "/v1/videocreate", bobKey, json,
                    render(source, "async").replace("\"type\": \"video\"", "\"type\": \"overlay\"")
                            .replace("\"height\": 120,", "\"height\": 120, \"duration\": 1,"), 400,
                    "INVALID_INPUT", "elements[0].source"));
        }
        for (String job : List.of(aliceDone, aliceWaiting, aliceIdempotent)) {
            attempts.add(new Attempt("status of " + job, "GET", "/v1/videoresult/" + job, bobKey, Map.of(), "",
                    404, "JOB_NOT_FOUND", "job_id"));
            attempts.add(new Attempt("cancel " + job, "DELETE", "/v1/videoresult/" + job, bobKey, Map.of(), "",
                    404, "JOB_NOT_FOUND", "job_id"));
            attempts.add(new Attempt("download " + job, "GET", "/v1/videoresult/" + job + "/download", bobKey,
                    Map.of(), "", 404, "JOB_NOT_FOUND", "job_id"));
            attempts.add(new Attempt("events of " + job, "GET", "/v1/videoresult/" + job + "/events", bobKey,
                    Map.of("Accept", "text/event-stream"), "", 404, "JOB_NOT_FOUND", "job_id"));
            for (String path : List.of("/v1/videoresult/" + job, "/v1/videoresult/" + job + "/download")) {
                attempts.add(new Attempt("no key: " + path, "GET", path, null, Map.of(), "", 401, "UNAUTHORIZED",
                        null));
            }
            attempts.add(new Attempt("wrong key: " + job, "GET", "/v1/videoresult/" + job + "/download",
                    "vg_live_" + "0".repeat(40), Map.of(), "", 403, "FORBIDDEN", null));
        }
        for (String method : List.of("GET", "DELETE")) {
            attempts.add(new Attempt(method + " alice's template", method, "/v1/templates/" + aliceTemplate, bobKey,
                    Map.of(), "", 404, "TEMPLATE_NOT_FOUND", "template_id"));
        }
        attempts.add(new Attempt("PUT alice's template", "PUT", "/v1/templates/" + aliceTemplate, bobKey, json,
                "{\"name\": \"mine now\", \"template\": " + render("https://media.example.com/a.mp4", "async") + "}",
                404, "TEMPLATE_NOT_FOUND", "template_id"));
        attempts.add(new Attempt("render alice's template", "POST", "/v1/videocreate", bobKey, json,
                "{\"template_id\": \"" + aliceTemplate + "\", \"merge\": {}}", 400, "INVALID_INPUT", "template_id"));
        attempts.add(new Attempt("dry-run alice's template", "POST", "/v1/videocreate?dry_run=true", bobKey, json,
                "{\"template_id\": \"" + aliceTemplate + "\", \"merge\": {}}", 400, "INVALID_INPUT", "template_id"));
        attempts.add(new Attempt("alice's templates listed", "GET", "/v1/templates", bobKey, Map.of(), "", 200, null,
                null));
        attempts.add(new Attempt("metrics", "GET", "/v1/metrics", bobKey, Map.of(), "", 200, null, null));
        attempts.add(new Attempt("metrics as Prometheus text", "GET", "/v1/metrics", bobKey,
                Map.of("Accept", "text/plain"), "", 200, null, null));
        attempts.add(new Attempt("no key: metrics", "GET", "/v1/metrics", null, Map.of(), "", 401, "UNAUTHORIZED",
                null));
        Map<String, String> replay = new HashMap<>(json);
        replay.put("Idempotency-Key", idempotencyKey);
        attempts.add(new Attempt("alice's idempotency key", "POST", "/v1/videocreate", bobKey, replay,
                render("https://media.example.com/clip.mp4", "async"), 202, null, null));
        return attempts;
    }

    void check(Attempt attempt) throws IOException {
        Map<String, String> headers = new HashMap<>(attempt.headers());
        if (attempt.key() != null) {
            headers.put("x-api-key", attempt.key());
        }
        RawHttp.Response response = RawHttp.send(URI.create(stack.apiUrl()), attempt.method(), attempt.path(),
                headers, attempt.body().getBytes(StandardCharsets.UTF_8));
        String context = attempt.name() + " -> " + response.status() + " " + response.body();
        boolean leak = leaks(attempt, response);
        boolean right = response.status() == attempt.status() && rightError(attempt, response) && rightFigures(
                attempt, response);
        synchronized (this) {
            tried++;
            refusedRight += right ? 1 : 0;
            leaked += leak ? 1 : 0;
        }
        assertThat(leak).as("leaked something of alice's: " + context).isFalse();
        assertThat(right).as(context).isTrue();
    }

    private boolean rightError(Attempt attempt, RawHttp.Response response) throws IOException {
        if (attempt.error() == null) {
            return true;
        }
        JsonNode body = JSON.readTree(response.body());
        if (!attempt.error().equals(body.path("error").asText())) {
            return false;
        }
        if (attempt.field() == null) {
            return true;
        }
        if (body.has("details")) {
            for (JsonNode detail : body.path("details")) {
                if (attempt.field().equals(detail.path("field").asText())) {
                    return true;
                }
            }
            return false;
        }
        return attempt.field().equals(body.path("field").asText());
    }

    /** Bob's figures hold his own jobs only (he has none but what the suite made him create). */
    private boolean rightFigures(Attempt attempt, RawHttp.Response response) throws IOException {
        if (!attempt.path().equals("/v1/metrics") || response.status() != 200) {
            return true;
        }
        if (attempt.headers().containsKey("Accept")) {
            return !response.body().contains("status=\"completed\"");
        }
        JsonNode body = JSON.readTree(response.body());
        return body.path("scope").asText().equals("owner") && body.path("jobs_by_status").path("completed").asLong() == 0;
    }

    /** Whether the answer carries anything of alice's that the attempt did not name itself. */
    private boolean leaks(Attempt attempt, RawHttp.Response response) {
        String answer = (response.body() + " " + response.headers()).toLowerCase(Locale.ROOT);
        String asked = (attempt.path() + " " + attempt.body()).toLowerCase(Locale.ROOT);
        List<String> secrets = List.of(MARKER, "processed/" + aliceDone, aliceDone, aliceWaiting, aliceIdempotent,
                aliceTemplate, "x-amz-signature", "alice");
        for (String secret : secrets) {
            String lower = secret.toLowerCase(Locale.ROOT);
            if (answer.contains(lower) && !asked.contains(lower)) {
                return true;
            }
        }
        return false;
    }

    /** Rows of {@code url_access_logs} with {@code status}, for the figures. */
    long accessLogRows(int status) {
        return stack.service().database().withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) FROM url_access_logs WHERE response_code = ?")) {
                select.setInt(1, status);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    String line() {
        return String.format(Locale.ROOT, "cross-owner attempts: %d tried; %d refused with the right code; %d leaked;"
                        + " url_access_logs: %d downloads handed out, %d refused", tried, refusedRight, leaked,
                accessLogRows(302), accessLogRows(404));
    }

    @Override
    public void close() {
        stack.close();
    }
}
