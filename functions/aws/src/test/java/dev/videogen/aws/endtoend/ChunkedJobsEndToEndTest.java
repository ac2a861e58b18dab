package dev.videogen.aws.endtoend;

import static dev.videogen.aws.endtoend.HandlerStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.engine.validation.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Long jobs split into chunks through the real handlers, over embedded PostgreSQL and the in-process S3 and SQS, with
 * {@code CHUNK_SECONDS=1} so a few seconds of video make several pieces: each piece a message of its own, the sound
 * mixed once, the last piece stitching; cancellation and a piece failing for good end the job with nothing left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChunkedJobsEndToEndTest {

    private MediaServer media;
    private Compositions compose;
    private HandlerStack stack;
    private Path scratch;

    @BeforeAll
    void startStack() throws IOException {
        media = MediaServer.withTestMedia();
        compose = new Compositions(media);
        scratch = Files.createTempDirectory("videogen-chunked-");
        stack = HandlerStack.start(settings -> InProcessBackends.start(HandlerStack.BUCKET, settings), 3,
                Map.of("CHUNK_SECONDS", "1"));
    }

    @AfterEach
    void nothingIsLeftBehind() {
        stack.settle().assertNothingLeft();
    }

    @AfterAll
    void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
        if (media != null) {
            media.close();
        }
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private String fiveSeconds() {
        return seconds(5);
    }

    private String seconds(int duration) {
        return compose.request("async", 160, 120, compose.video("background", media.url("long.mp4")))
                .replace("\"elements\"", "\"duration\": " + duration + ", \"elements\"");
    }

    @Test
    void aLongJobRendersInChunksAndStitchesToTheSinglePassVideo() throws Exception {
        stack.startRenderPoller();
        String jobId = stack.create(fiveSeconds()).jobId();
        List<Integer> progress = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                JsonNode body = stack.result(jobId).body();
                if (body.has("progress_percentage")) {
                    progress.add(body.path("progress_percentage").asInt());
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.start();
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(120));
        watching.set(false);
        watcher.join();

        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        List<Map<String, Object>> pieces = stack.rows("""
                SELECT c.kind::text AS kind, c.chunk_index, c.start_frame, c.end_frame, c.status::text AS state,
                       c.attempt, c.frames_rendered, c.render_ms IS NOT NULL AS timed
                  FROM render_chunks c JOIN jobs j ON j.id = c.job_id WHERE j.job_id = ? ORDER BY c.chunk_index""",
                jobId);
        assertThat(pieces).hasSize(6);
        for (int i = 0; i < 5; i++) {
            assertThat(pieces.get(i)).containsEntry("kind", "segment").containsEntry("start_frame", 30L * i)
                    .containsEntry("end_frame", 30L * (i + 1)).containsEntry("state", "rendered")
                    .containsEntry("attempt", 1).containsEntry("frames_rendered", 30L).containsEntry("timed", true);
        }
        assertThat(pieces.get(5)).containsEntry("kind", "sound").containsEntry("state", "rendered");
        // the stitcher deletes the pieces right after completing the job, before its invocation returns
        await(Duration.ofSeconds(15), "the pieces are deleted after the stitch",
                () -> stack.objectsUnder("chunks/").isEmpty());
        assertThat(progress).isSorted();
        assertThat(stack.rows("""
                SELECT t.details FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? AND t.step = 'encoding' AND t.success ORDER BY t.step_order""", jobId)
                .stream().map(row -> String.valueOf(row.get("details"))).toList())
                .hasSize(7).anyMatch(d -> d.contains("\"chunk\": 4")).anyMatch(d -> d.contains("\"sound\": true"))
                .last().asString().contains("\"stitch\": true");
        assertThat(stack.timelineSteps(jobId)).endsWith("upload");

        Path chunked = download(stack.result(jobId).body().path("result_url").asText(), "chunked.mp4");
        Path single = scratch.resolve("single.mp4");
        stack.function().service().renderer().render(RequestParser.forApi().parse(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(fiveSeconds())), single,
                RenderListener.NONE, Cancellation.NEVER);
        assertThat(Decoded.videoFrames(chunked)).isEqualTo(Decoded.videoFrames(single)).isEqualTo(150);
        assertThat(Decoded.streams(chunked).audioCodec()).isEqualTo("aac");
        assertThat(Decoded.audioLevels(chunked, 0.5, 4.5).mean())
                .isCloseTo(Decoded.audioLevels(single, 0.5, 4.5).mean(), org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void cancellingAChunkedJobStopsEveryPieceAndLeavesNothing() {
        stack.startRenderPoller();
        String jobId = stack.create(seconds(12)).jobId();
        await(Duration.ofSeconds(60), "a first piece is rendered", () -> stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.status = 'rendered'""", jobId) > 0);

        assertThat(stack.cancel(jobId).status()).isEqualTo(200);

        await(Duration.ofSeconds(60), "every piece stops", () -> stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.status IN ('pending', 'rendering')""", jobId) == 0);
        await(Duration.ofSeconds(60), "the pieces' messages are consumed", () -> stack.messagesOn(
                stack.backends().queueUrl()) == 0);
        assertThat(stack.status(jobId)).isEqualTo("cancelled");
        assertThat(stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.status = 'cancelled'""", jobId)).isPositive();
        await(Duration.ofSeconds(20), "stored pieces deleted", () -> stack.objectsUnder("chunks/").isEmpty());
        assertThat(stack.resultObjectsOf(jobId)).isEmpty();
    }

    @Test
    void aPieceThatFailsForGoodFailsTheJobWithItsCode() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        String jobId = stack.create(seconds(3)).jobId();

        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(120));

        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).isEqualTo("S3_UPLOAD_FAILED");
        assertThat((String) job.get("error_message")).containsPattern("^(chunk \\d|the sound)")
                .contains("after 3 attempts");
        assertThat(stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.status = 'failed' AND c.attempt = 3""", jobId)).isEqualTo(1);
        stack.storageProxy().pass();
    }

    /**
     * Each attempt of a piece stores its own object: an attempt whose lease passes to another while its upload is
     * held up finds its finish refused and removes only its own key, never the one the attempt that took over
     * completed, and the stitch reads the key recorded for the completed attempt.
     */
    @Test
    void aPieceTakenOverDuringItsUploadRemovesOnlyItsOwnObject() throws Exception {
        AtomicBoolean firstUpload = new AtomicBoolean(true);
        stack.storageProxy().delay(Duration.ofSeconds(4), "PUT");
        stack.storageProxy().inject(dev.videogen.inprocess.FaultInjectingProxy.Mode.DELAY,
                head -> head.method().equals("PUT") && head.target().contains("/segment-0000_1.")
                        && firstUpload.compareAndSet(true, false));
        stack.startRenderPoller();
        String jobId = stack.create(seconds(3)).jobId();
        await(Duration.ofSeconds(60), "the first attempt of chunk 0 is uploading", () -> stack.count("""
                SELECT count(*) FROM storage_operations s JOIN jobs j ON j.id = s.job_id
                 WHERE j.job_id = ? AND s.operation = 'upload' AND s.status = 'in_progress'
                   AND s.key LIKE '%/segment-0000_1.mp4'""", jobId) == 1);

        // its lease lapses and another worker takes the piece over, rendering and storing it before that upload ends
        assertThat(stack.rows("""
                UPDATE render_chunks c SET lease_until = clock_timestamp() - interval '1 second'
                  FROM jobs j WHERE j.id = c.job_id AND j.job_id = ? AND c.chunk_index = 0 RETURNING c.id""", jobId))
                .hasSize(1);
        stack.function().service().chunkWorker().deliver(jobId, 0, "worker-taking-over", 2);

        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(120));
        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        assertThat(stack.rows("""
                SELECT c.attempt, c.s3_key FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.chunk_index = 0""", jobId).get(0))
                .containsEntry("attempt", 2).containsEntry("s3_key", "chunks/" + jobId + "/segment-0000_2.mp4");
        await(Duration.ofSeconds(20), "the first attempt removes its own upload", () -> stack.count("""
                SELECT count(*) FROM storage_operations s JOIN jobs j ON j.id = s.job_id
                 WHERE j.job_id = ? AND s.operation = 'delete' AND s.success
                   AND s.key LIKE '%/segment-0000_1.mp4'""", jobId) == 1);
        assertThat(stack.count("""
                SELECT count(*) FROM storage_operations s JOIN jobs j ON j.id = s.job_id
                 WHERE j.job_id = ? AND s.operation = 'download' AND s.success
                   AND s.key LIKE '%/segment-0000_2.mp4'""", jobId)).as("the stitch read the completed attempt's key")
                .isEqualTo(1);
        await(Duration.ofSeconds(15), "no piece left", () -> stack.objectsUnder("chunks/").isEmpty());
        Path chunked = download(stack.result(jobId).body().path("result_url").asText(), "taken-over.mp4");
        assertThat(Decoded.videoFrames(chunked)).isEqualTo(90);
        stack.storageProxy().pass();
    }

    private Path download(String url, String name) {
        try {
            return Files.write(scratch.resolve(name), stack.download(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
