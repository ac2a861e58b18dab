package dev.videogen.aws.endtoend;

import static dev.videogen.aws.endtoend.HandlerStack.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.endtoend.HandlerStack.Answer;
import dev.videogen.aws.endtoend.HandlerStack.Delivery;
import dev.videogen.engine.testing.Decoded;
import dev.videogen.inprocess.LocalLambdaContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The api, render and dead-letter functions end to end: the real handler classes fed aws-lambda-java-events objects
 * (API Gateway events from the fixtures, SQS events from the pollers that play the event source mappings), over
 * embedded PostgreSQL with the migrations applied and the S3 and SQS servers a subclass provides. Media is generated
 * with FFmpeg and served from a loopback web server; results are downloaded over plain HTTP and decoded.
 *
 * <p>After every case nothing may be left behind: no job pending or processing, no file in any render work directory,
 * no result object without its completed job (nor the reverse), no message on either queue, no FFmpeg process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HandlersEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMPLETION_RANGES = Set.of("under a minute", "1-2 minutes", "2-5 minutes",
            "5-10 minutes", "10-20 minutes", "over 20 minutes");

    HandlerStack stack;
    MediaServer media;
    Compositions compose;
    private Path scratch;
    private int cases;

    /** Starts the S3 and SQS servers with a bucket named {@link HandlerStack#BUCKET} and queues of these settings. */
    abstract Backends startBackends(Backends.QueueSettings settings);

    /** The name printed with the figures. */
    abstract String backendName();

    @BeforeAll
    void startStack() throws IOException {
        media = MediaServer.withTestMedia();
        compose = new Compositions(media);
        scratch = Files.createTempDirectory("videogen-e2e-downloads-");
        stack = HandlerStack.start(this::startBackends, 3);
    }

    @AfterEach
    void nothingIsLeftBehind() {
        HandlerStack.Leftovers left = stack.settle();
        cases++;
        left.assertNothingLeft();
    }

    @AfterAll
    void stopStack() throws IOException {
        if (stack != null) {
            Map<String, Integer> endings = new TreeMap<>();
            for (Map<String, Object> row : stack.rows("SELECT status::text AS s, count(*) AS n FROM jobs GROUP BY 1")) {
                endings.put((String) row.get("s"), ((Number) row.get("n")).intValue());
            }
            HandlerStack.Leftovers left = stack.settle();
            System.out.printf(Locale.ROOT, "end-to-end (%s): %d cases, jobs %s, left pending/processing %d, orphan "
                            + "objects %d, temp dirs left %d%n", backendName(), cases, endings,
                    left.unfinishedJobs().size(), left.orphanObjects().size(), left.temporaryFiles().size());
            stack.close();
        }
        if (media != null) {
            media.close();
        }
        deleteTree(scratch);
    }

    Path downloadResult(String url, String name) {
        try {
            return Files.write(scratch.resolve(name), stack.download(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSourceInTheServicesBucketIsReadThroughS3AndTheReadIsRecorded() {
        stack.putObject("inputs/clip.mp4", media.directory().resolve("clip.mp4"));
        long size = fileSize(media.directory().resolve("clip.mp4"));

        Answer answer = stack.create(compose.request("immediate", 160, 120,
                compose.video("background", "s3://" + HandlerStack.BUCKET + "/inputs/clip.mp4")));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        List<Map<String, Object>> operations = stack.storageOperations(answer.jobId());
        assertThat(operations).extracting(operation -> operation.get("operation")).containsExactly("download", "upload");
        assertThat(operations.get(0)).containsEntry("state", "completed").containsEntry("success", true)
                .containsEntry("key", "inputs/clip.mp4");
        assertThat(((Number) operations.get(0).get("file_size_bytes")).longValue()).isEqualTo(size);
        assertThat(operations.get(0).get("duration_ms")).isNotNull();
    }

    @Test
    void aMissingObjectInTheServicesBucketFailsTheJobAndTheFailedReadIsRecorded() {
        Answer answer = stack.create(compose.request("immediate", 160, 120,
                compose.video("background", "s3://" + HandlerStack.BUCKET + "/inputs/not-there.mp4")));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(422);
        assertThat(answer.body().path("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(stack.storageOperations(answer.jobId())).singleElement().satisfies(operation -> {
            assertThat(operation).containsEntry("operation", "download").containsEntry("state", "failed")
                    .containsEntry("success", false).containsEntry("key", "inputs/not-there.mp4");
            assertThat((String) operation.get("error_message")).isNotBlank();
        });
    }

    @Test
    void inlineJobAnswersWithADownloadableVideoAndRecordsEveryStep() {
        Answer answer = stack.create(compose.request("immediate", 160, 120, compose.clipWithLogo()));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode body = answer.body();
        String jobId = answer.jobId();
        assertThat(body.path("status").asText()).isEqualTo("completed");
        Path video = downloadResult(body.path("result_url").asText(), "inline.mp4");
        Decoded.Streams streams = Decoded.streams(video);
        assertThat(streams.width()).isEqualTo(160);
        assertThat(streams.height()).isEqualTo(120);
        assertThat(streams.videoCodec()).isEqualTo("h264");
        assertThat(streams.audioCodec()).isEqualTo("aac");
        assertThat(Decoded.videoFrames(video)).as("2 s at 30 fps").isCloseTo(60, within(1));

        Map<String, Object> job = stack.job(jobId);
        assertThat(job.get("state")).isEqualTo("completed");
        assertThat(job.get("is_quick_response")).isEqualTo(true);
        assertThat(job.get("response_type").toString()).isEqualTo("immediate");
        assertThat(((Number) job.get("file_size_bytes")).longValue()).isEqualTo(fileSize(video));
        assertThat((String) job.get("s3_key")).matches("processed/video_" + jobId + "_\\d+_1\\.mp4");
        assertThat(job.get("s3_bucket")).isEqualTo(HandlerStack.BUCKET);
        assertThat(((BigDecimal) job.get("duration_seconds")).doubleValue()).isEqualTo(2.0);
        assertThat(((BigDecimal) job.get("actual_processing_seconds")).doubleValue()).isPositive();
        assertThat(job.get("completed_at")).isNotNull();

        List<Map<String, Object>> operations = stack.storageOperations(jobId);
        assertThat(operations).hasSize(1);
        assertThat(operations.get(0)).containsEntry("operation", "upload").containsEntry("state", "completed")
                .containsEntry("success", true).containsEntry("key", job.get("s3_key"));
        assertThat(((Number) operations.get(0).get("file_size_bytes")).longValue()).isEqualTo(fileSize(video));
        assertThat((String) operations.get(0).get("etag")).isNotBlank();
        assertThat(operations.get(0).get("duration_ms")).isNotNull();

        assertThat(stack.timelineSteps(jobId)).containsExactly("validation", "download", "processing", "composition",
                "encoding", "upload");
        assertThat(stack.count("""
                SELECT count(*) FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? AND (t.success IS NOT TRUE OR t.completed_at IS NULL)""", jobId))
                .as("steps not completed successfully").isZero();

        List<Map<String, Object>> elements = stack.rows("""
                SELECT e.element_key, e.downloaded, e.processed, e.source_size_bytes, e.source_duration_seconds,
                       e.source_width, e.source_height
                  FROM elements e JOIN jobs j ON j.id = e.job_id WHERE j.job_id = ? ORDER BY e.element_order""", jobId);
        assertThat(elements).hasSize(2);
        assertThat(elements.get(0)).containsEntry("element_key", "background").containsEntry("downloaded", true)
                .containsEntry("processed", true)
                .containsEntry("source_width", 160).containsEntry("source_height", 120);
        assertThat(((Number) elements.get(0).get("source_size_bytes")).longValue())
                .isEqualTo(fileSize(media.directory().resolve("clip.mp4")));
        assertThat(((BigDecimal) elements.get(0).get("source_duration_seconds")).doubleValue()).isCloseTo(2.0,
                within(0.05));
        assertThat(elements.get(1)).containsEntry("element_key", "logo").containsEntry("downloaded", true)
                .containsEntry("source_width", 40).containsEntry("source_height", 20);
        assertThat(((Number) elements.get(1).get("source_size_bytes")).longValue())
                .isEqualTo(fileSize(media.directory().resolve("logo.png")));

        Map<String, BigDecimal> metrics = new TreeMap<>();
        stack.rows("SELECT metric_name, value FROM system_metrics WHERE labels->>'job_id' = ?", jobId)
                .forEach(row -> metrics.put((String) row.get("metric_name"), (BigDecimal) row.get("value")));
        assertThat(metrics).containsKeys("render_seconds", "encode_seconds", "bytes_in", "bytes_out");
        assertThat(metrics.get("bytes_out").longValue()).isEqualTo(fileSize(video));
        assertThat(metrics.get("bytes_in").longValue()).isEqualTo(fileSize(media.directory().resolve("clip.mp4"))
                + fileSize(media.directory().resolve("logo.png")));
    }

    @Test
    void aStillIsOnePictureStoredAsPngWithItsContentTypeAndExtension() {
        Answer answer = stack.create("""
                {"width": 161, "height": 121, "output_format": "png", "snapshot_time": 1.5,
                 "response_type": "immediate", "elements": [%s]}""".formatted(compose.clipWithLogo()));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        JsonNode body = answer.body();
        assertThat(body.path("output_format").asText()).isEqualTo("png");
        assertThat(body.path("duration_seconds").asDouble()).isZero();
        Path picture = downloadResult(body.path("result_url").asText(), "still.png");
        Decoded.Streams streams = Decoded.streams(picture);
        assertThat(streams.videoCodec()).isEqualTo("png");
        assertThat(streams.audioCodec()).isNull();
        assertThat(streams.width()).isEqualTo(161);
        assertThat(streams.height()).isEqualTo(121);
        assertThat(Decoded.videoFrames(picture)).isEqualTo(1);
        String key = (String) stack.job(answer.jobId()).get("s3_key");
        assertThat(key).matches("processed/video_" + answer.jobId() + "_\\d+_1\\.png");
        assertThat(stack.contentType(key)).isEqualTo("image/png");

        Answer late = stack.create("""
                {"width": 160, "height": 120, "output_format": "jpg", "snapshot_time": 9,
                 "response_type": "immediate", "elements": [%s]}""".formatted(compose.clip()));
        // the clip's 2 s are known once it is probed: the job fails naming the field
        assertThat(late.status()).as(late.body().toString()).isEqualTo(400);
        assertThat(late.body().path("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(late.body().path("details").findValuesAsText("field")).containsExactly("snapshot_time");
        assertThat(stack.resultObjectsOf(late.jobId())).isEmpty();
    }

    @Test
    void aVideoWithAThumbnailStoresAJpegPosterBesideItsResultWithASignedUrl() {
        stack.startRenderPoller();
        Answer accepted = stack.create("""
                {"width": 160, "height": 120, "response_type": "async", "thumbnail": {"time": 1, "width": 80},
                 "elements": [%s]}""".formatted(compose.clipWithLogo()));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String jobId = accepted.jobId();
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(60));
        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");

        JsonNode body = stack.result(jobId).body();
        String resultKey = (String) job.get("s3_key");
        String posterKey = resultKey.replaceAll("\\.mp4$", ".thumbnail.jpg");
        assertThat(stack.resultObjectsOf(jobId)).containsExactlyInAnyOrder(resultKey, posterKey);
        assertThat(stack.contentType(posterKey)).isEqualTo("image/jpeg");
        String url = body.path("thumbnail_url").asText();
        // signed and expiring like the result's URL
        assertThat(url).contains(posterKey).contains("X-Amz-Signature=").contains("X-Amz-Expires=");
        assertThat(body.path("result_url").asText()).contains("X-Amz-Expires=");
        Path poster = downloadResult(url, "poster.jpg");
        Decoded.Streams streams = Decoded.streams(poster);
        assertThat(streams.videoCodec()).isEqualTo("mjpeg");
        assertThat(streams.width()).isEqualTo(80);
        assertThat(streams.height()).isEqualTo(60);
        assertThat(stack.storageOperations(jobId)).extracting(operation -> operation.get("key"))
                .containsExactly(resultKey, posterKey);
    }

    @Test
    void asyncJobIsAcceptedAndCompletedThroughTheQueue() {
        stack.startRenderPoller();

        Answer accepted = stack.create(compose.request("async", 160, 120, compose.clip()));

        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String jobId = accepted.jobId();
        assertThat(accepted.header("Location")).isEqualTo("/v1/videoresult/" + jobId);
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(60));
        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        assertThat(job.get("is_quick_response")).isEqualTo(false);
        assertThat(job.get("response_type").toString()).isEqualTo("async");
        assertThat(stack.deliveriesOf(jobId)).containsExactly(new Delivery(jobId, 1, false));

        Answer result = stack.result(jobId);
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().path("status").asText()).isEqualTo("completed");
        Path video = downloadResult(result.body().path("result_url").asText(), "async.mp4");
        assertThat(Decoded.streams(video).width()).isEqualTo(160);
        assertThat(result.body().path("file_size_bytes").asLong()).isEqualTo(fileSize(video));
        assertThat(stack.timelineSteps(jobId)).containsExactly("validation", "download", "processing", "composition",
                "encoding", "upload");
        assertThat(stack.count("SELECT count(*) FROM system_metrics WHERE metric_name = 'queue_wait_seconds' "
                + "AND labels->>'job_id' = ?", jobId)).isEqualTo(1);
    }

    @Test
    void aQueuedJobWithMotionAndCaptionsRendersThroughTheRenderFunction() {
        stack.startRenderPoller();
        // the white logo slides from x=0 to x=100 over the first second; the caption's second word is spoken from 1 s
        String elements = compose.clip() + """
                , {"id": "logo", "type": "image", "source": "%s", "y": 10, "width": 40, "height": 20,
                   "keyframes": {"x": [{"time": 0, "value": 0}, {"time": 1, "value": 100}]}},
                  {"id": "words", "type": "caption", "font_size": 20, "highlight_color": "#0000FF", "captions": [
                    {"start": 0, "end": 2, "text": "one two", "words": [
                      {"start": 0, "end": 1, "text": "one"}, {"start": 1, "end": 2, "text": "two"}]}]}"""
                .formatted(media.url("logo.png"));

        Answer accepted = stack.create(compose.request("async", 160, 120, elements));

        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        Map<String, Object> job = stack.awaitEnd(accepted.jobId(), Duration.ofSeconds(90));
        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        Path video = downloadResult(stack.result(accepted.jobId()).body().path("result_url").asText(), "moving.mp4");
        // white has blue, the orange clip has none
        for (double t : new double[] {0.25, 0.5, 1.5}) {
            var frame = Decoded.frameAt(video, t);
            int edge = -1;
            for (int x = 0; x < 160 && edge < 0; x++) {
                edge = Decoded.rgb(frame, x, 20)[2] > 128 ? x : -1;
            }
            assertThat((double) edge).as("the logo's left edge at %.2f s", t)
                    .isCloseTo(Math.min(1, t) * 100, within(1.5));
        }
        double[] first = blueWord(Decoded.frameAt(video, 0.5));
        double[] second = blueWord(Decoded.frameAt(video, 1.5));
        assertThat(first[0]).as("the first word highlighted").isGreaterThan(15);
        assertThat(second[0]).as("the second word highlighted").isGreaterThan(15);
        assertThat(first[1]).as("the highlight moves right").isLessThan(second[1] - 10);
    }

    @Test
    void kenBurnsAndACrossfadeRenderThroughTheApiFunction() {
        // a dark picture with a white 8x8 mark centred on (100, 60), zoomed 1 to 1.5 about the centre over its
        // 1.5 s, then the orange clip fading in over it from 1 s to 1.5 s
        var made = dev.videogen.engine.testing.TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-y",
                "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x303030:s=160x120,drawbox=x=96:y=56:w=8:h=8:"
                        + "color=white:t=fill,format=rgb24", "-frames:v", "1",
                media.directory().resolve("marks.png").toString()), Duration.ofSeconds(30));
        assertThat(made.succeeded()).as(made.log()).isTrue();
        String elements = """
                {"id": "photo", "type": "image", "source": "%s", "track": 1, "duration": 1.5,
                 "ken_burns": {"zoom_start": 1, "zoom_end": 1.5}},
                {"id": "clip", "type": "video", "source": "%s", "track": 1, "time": 1,
                 "transition": {"type": "fade", "duration": 0.5}}""".formatted(media.url("marks.png"),
                media.url("clip.mp4"));

        Answer answer = stack.create(compose.request("immediate", 160, 120, elements));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        Path video = downloadResult(answer.body().path("result_url").asText(), "motion.mp4");
        assertThat(Decoded.videoFrames(video)).as("3 s at 30 fps").isEqualTo(90);
        for (double t : new double[] {0.1, 0.9}) {
            double zoom = 1 + 0.5 * t / 1.5;
            assertThat(whiteCentreX(Decoded.frameAt(video, t))).as("the mark's centre at %.1f s", t)
                    .isCloseTo(80 + zoom * 20 - 0.5, within(1.5));
        }
        // half way through the fade, half way between the dark picture and the orange clip
        int[] middle = Decoded.rgb(Decoded.frameAt(video, 1.25), 20, 100);
        assertThat(middle[0]).as("red half way").isBetween(131, 171);
        assertThat(middle[1]).as("green half way").isBetween(86, 126);
        assertThat(Decoded.rgb(Decoded.frameAt(video, 2), 20, 100)[0]).as("the clip alone").isGreaterThan(230);
    }

    /** The mean x of the frame's white pixels, as pixel indexes (a pixel's centre is half a pixel further). */
    private static double whiteCentreX(java.awt.image.BufferedImage frame) {
        long sum = 0;
        int count = 0;
        for (int y = 0; y < frame.getHeight(); y++) {
            for (int x = 0; x < frame.getWidth(); x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[0] > 150 && c[1] > 150 && c[2] > 150) {
                    sum += x;
                    count++;
                }
            }
        }
        return count == 0 ? -1 : (double) sum / count;
    }

    /** Blue pixels in the caption's box (the lowest fifth of the 160x120 frame): {count, mean x}. */
    private static double[] blueWord(java.awt.image.BufferedImage frame) {
        int count = 0;
        long sum = 0;
        for (int y = 90; y < 120; y++) {
            for (int x = 0; x < 160; x++) {
                int[] c = Decoded.rgb(frame, x, y);
                if (c[2] > 150 && c[0] < 100 && c[1] < 100) {
                    count++;
                    sum += x;
                }
            }
        }
        return new double[] {count, count == 0 ? -1 : (double) sum / count};
    }

    @Test
    void duplicateDeliveryRendersOnce() throws Exception {
        String jobId = stack.create(compose.request("async", 160, 120, compose.clip())).jobId();
        SQSEvent delivery = stack.receiveRenderMessage();

        // the same message handed to two execution environments at once, as at-least-once delivery allows
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SQSBatchResponse>> invocations = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            invocations.add(CompletableFuture.supplyAsync(() -> {
                awaitLatch(start);
                return stack.function().render().handleRequest(delivery,
                        new LocalLambdaContext("videogen-render", "us-east-1", 1769, Duration.ofMinutes(3)));
            }));
        }
        start.countDown();
        List<SQSBatchResponse> responses = new ArrayList<>();
        for (CompletableFuture<SQSBatchResponse> invocation : invocations) {
            responses.add(invocation.get(60, TimeUnit.SECONDS));
        }

        assertThat(responses).as("one of the two rendered and succeeded")
                .anySatisfy(response -> assertThat(response.getBatchItemFailures()).isEmpty());
        assertThat(stack.status(jobId)).isEqualTo("completed");
        assertThat(stack.encodings(jobId)).as("encoding steps").isEqualTo(1);
        assertThat(stack.storageOperations(jobId)).singleElement().satisfies(operation ->
                assertThat(operation).containsEntry("operation", "upload").containsEntry("success", true));
        assertThat(stack.resultObjectsOf(jobId)).hasSize(1);
        assertThat(stack.job(jobId).get("retry_count")).isEqualTo(0);

        // the copy that asked to come back is delivered again after its visibility timeout, then acknowledged
        if (responses.stream().allMatch(response -> response.getBatchItemFailures().isEmpty())) {
            stack.sqs().deleteMessage(b -> b.queueUrl(stack.backends().queueUrl())
                    .receiptHandle(delivery.getRecords().get(0).getReceiptHandle()));
        }
        stack.startRenderPoller();
        await(Duration.ofSeconds(20), "the render queue empties",
                () -> stack.messagesOn(stack.backends().queueUrl()) == 0);
        assertThat(stack.deliveriesOf(jobId)).allSatisfy(again -> assertThat(again.reportedFailure()).isFalse());
        assertThat(stack.encodings(jobId)).isEqualTo(1);
        assertThat(stack.resultObjectsOf(jobId)).hasSize(1);
    }

    @Test
    void workerThatDiesMidRenderIsReplacedOnceItsMessageComesBack() throws Exception {
        FunctionEnvironment doomed = stack.anotherEnvironment();
        String jobId = stack.create(compose.longRender(12)).jobId();
        SQSEvent delivery = stack.receiveRenderMessage();
        Thread invocation = new Thread(() -> {
            try {
                doomed.render().handleRequest(delivery,
                        new LocalLambdaContext("videogen-render", "us-east-1", 1769, Duration.ofMinutes(3)));
            } catch (RuntimeException e) {
                // a dying environment's last words go nowhere
            }
        }, "doomed-environment");
        invocation.start();
        stack.awaitEncoding(jobId);
        String firstWorker = (String) stack.job(jobId).get("lease_owner");

        // the environment dies: it loses its database and its FFmpeg, and never settles its message
        doomed.databaseLink().cut();
        HandlerStack.runningFfmpeg().forEach(ProcessHandle::destroyForcibly);
        invocation.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(invocation.isAlive()).isFalse();
        assertThat(stack.status(jobId)).as("the dead worker's claim is still on the row").isEqualTo("processing");
        await(Duration.ofSeconds(10), "the dead worker's lease lapses", () -> stack.count(
                "SELECT count(*) FROM jobs WHERE job_id = ? AND lease_until < now()", jobId) == 1);

        stack.startRenderPoller();
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(90));

        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        assertThat(job.get("retry_count")).isEqualTo(1);
        assertThat(stack.deliveriesOf(jobId)).as("the redelivered message, as the replacement saw it")
                .containsExactly(new Delivery(jobId, 2, false));
        assertThat(firstWorker).isNotEqualTo(job.get("lease_owner"));
        assertThat(stack.encodings(jobId)).as("the interrupted render and the one that finished").isEqualTo(2);
        assertThat(stack.rows("""
                SELECT t.status::text AS state, t.error_message FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? AND t.step = 'encoding' ORDER BY t.step_order""", jobId))
                .extracting(row -> row.get("state")).containsExactly("failed", "completed");
        assertThat(stack.storageOperations(jobId)).singleElement().satisfies(operation ->
                assertThat(operation).containsEntry("success", true));
        assertThat(stack.resultObjectsOf(jobId)).hasSize(1);
        Path video = downloadResult(stack.result(jobId).body().path("result_url").asText(), "replaced.mp4");
        assertThat(Decoded.streams(video).width()).isEqualTo(1280);
        assertThat(Decoded.videoFrames(video)).as("12 s at 30 fps").isCloseTo(360, within(1));
    }

    @Test
    void sourceAnswering404FailsTheJobNamingTheElement() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.request("async", 160, 120, """
                {"id": "intro", "type": "video", "source": "%s"}""".formatted(media.url("missing.mp4")))).jobId();

        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(60));

        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat((String) job.get("error_message")).contains("intro").contains("404");
        assertThat(stack.deliveriesOf(jobId)).as("a 404 is not worth another delivery")
                .containsExactly(new Delivery(jobId, 1, false));
        JsonNode result = stack.result(jobId).body();
        assertThat(result.path("status").asText()).isEqualTo("failed");
        assertThat(result.path("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(result.path("message").asText()).contains("intro");
        assertThat(stack.rows("SELECT downloaded FROM elements e JOIN jobs j ON j.id = e.job_id WHERE j.job_id = ?",
                jobId)).singleElement().satisfies(row -> assertThat(row).containsEntry("downloaded", false));
        assertThat(stack.resultObjectsOf(jobId)).isEmpty();
        assertThat(stack.storageOperations(jobId)).isEmpty();
    }

    @Test
    void corruptSourceFailsAsInvalidInput() {
        Answer answer = stack.create(compose.request("immediate", 160, 120, """
                {"id": "broken", "type": "video", "source": "%s"}""".formatted(media.url("corrupt.mp4"))));

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.body().path("status").asText()).isEqualTo("failed");
        assertThat(answer.body().path("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(answer.body().path("details").findValuesAsText("field")).contains("elements[0].source");
        Map<String, Object> job = stack.job(answer.jobId());
        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).isEqualTo("INVALID_INPUT");
        assertThat(stack.resultObjectsOf(answer.jobId())).isEmpty();
    }

    @Test
    void uploadRefusedByS3GoesBackToTheQueueAndCompletesOnceS3Answers() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        String jobId = stack.create(compose.request("async", 160, 120, compose.clip())).jobId();

        await(Duration.ofSeconds(30), "the first delivery gives the job back",
                () -> stack.deliveriesOf(jobId).stream().anyMatch(Delivery::reportedFailure));
        // given back, the job waits for its next delivery, unless that delivery has already taken it again
        // (its retry count below shows that it was taken again)
        assertThat(stack.status(jobId)).isIn("pending", "processing");
        assertThat(stack.storageProxy().refusedRequests()).isPositive();
        stack.storageProxy().pass();
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(60));

        assertThat(job.get("state")).as(String.valueOf(job.get("error_message"))).isEqualTo("completed");
        assertThat(((Number) job.get("retry_count")).intValue()).isPositive();
        List<Map<String, Object>> operations = stack.storageOperations(jobId);
        assertThat(operations).allSatisfy(operation -> assertThat(operation).containsEntry("operation", "upload"));
        assertThat(operations.stream().filter(operation -> Boolean.TRUE.equals(operation.get("success")))).hasSize(1);
        assertThat(operations.get(operations.size() - 1)).containsEntry("success", true);
        assertThat(operations.get(0)).containsEntry("success", false);
        assertThat((String) operations.get(0).get("error_message")).contains("503");
        List<Delivery> deliveries = stack.deliveriesOf(jobId);
        assertThat(deliveries.get(deliveries.size() - 1).reportedFailure()).isFalse();
        assertThat(stack.resultObjectsOf(jobId)).hasSize(1);
    }

    @Test
    void uploadRefusedPastTheMaximumReceivesFailsWithoutLeavingAnObject() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        String jobId = stack.create(compose.request("async", 160, 120, compose.clip())).jobId();

        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(60));

        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).isEqualTo("S3_UPLOAD_FAILED");
        assertThat((String) job.get("error_message")).contains("after " + stack.maxReceiveCount() + " attempts");
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::receiveCount).containsExactly(1, 2, 3);
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::reportedFailure).containsExactly(true, true, false);
        assertThat(stack.storageOperations(jobId)).isNotEmpty()
                .allSatisfy(operation -> assertThat(operation).containsEntry("success", false));
        assertThat(stack.resultObjectsOf(jobId)).isEmpty();
        assertThat(stack.result(jobId).body().path("error").asText()).isEqualTo("S3_UPLOAD_FAILED");
    }

    @Test
    void cancellingMidRenderStopsFfmpegAndUploadsNothing() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.longRender()).jobId();
        stack.awaitEncodingPast(jobId, 20);

        JsonNode progress = stack.result(jobId).body();
        assertThat(progress.path("status").asText()).isEqualTo("processing");
        assertThat(progress.path("current_step").asText()).isEqualTo("encoding");
        assertThat(progress.path("progress").asText()).isEqualTo(progress.path("progress_percentage").asInt() + "%");
        assertThat(progress.path("message").asText()).isEqualTo("Video processing in progress");
        assertThat(progress.has("estimated_time_remaining_seconds")).isTrue();

        Answer cancelled = stack.cancel(jobId);

        assertThat(cancelled.status()).as(cancelled.body().toString()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.body().has("error")).isTrue();
        assertThat(cancelled.body().path("error").isNull()).as("cancelling is no failure: no error code").isTrue();
        assertThat(cancelled.body().path("message").asText()).isNotBlank();
        await(Duration.ofSeconds(15), "FFmpeg stops", () -> HandlerStack.runningFfmpeg().isEmpty());
        await(Duration.ofSeconds(15), "the invocation returns", () -> !stack.deliveriesOf(jobId).isEmpty());
        assertThat(stack.deliveriesOf(jobId)).containsExactly(new Delivery(jobId, 1, false));
        assertThat(stack.status(jobId)).isEqualTo("cancelled");
        assertThat(stack.rows("""
                SELECT t.success FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? AND t.step = 'encoding'""", jobId))
                .singleElement().satisfies(row -> assertThat(row).containsEntry("success", false));
        assertThat(stack.storageOperations(jobId)).isEmpty();
        assertThat(stack.resultObjectsOf(jobId)).isEmpty();
        assertThat(stack.function().temporaryFiles()).isEmpty();
        Answer again = stack.cancel(jobId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").asText()).isEqualTo("JOB_ALREADY_ENDED");
    }

    @Test
    void messageGivenUpOnLandsInTheDeadLetterQueueAndFailsTheJobOnceTheDatabaseIsBack() {
        String jobId = stack.create(compose.request("async", 160, 120, compose.clip())).jobId();
        stack.function().databaseLink().cut();
        stack.startRenderPoller();

        await(Duration.ofSeconds(40), "the message moves to the dead-letter queue",
                () -> stack.messagesOn(stack.backends().deadLetterQueueUrl()) == 1
                        && stack.messagesOn(stack.backends().queueUrl()) == 0);
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::receiveCount)
                .containsExactly(1, 2, stack.maxReceiveCount());
        assertThat(stack.deliveriesOf(jobId)).allSatisfy(delivery -> assertThat(delivery.reportedFailure()).isTrue());
        assertThat(stack.status(jobId)).isEqualTo("pending");

        stack.function().databaseLink().restore();
        stack.startDeadLetterPoller();
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(30));

        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).isEqualTo("PROCESSING_FAILED");
        assertThat((String) job.get("error_message")).contains("given up on");
        await(Duration.ofSeconds(15), "the dead letter is acknowledged",
                () -> stack.messagesOn(stack.backends().deadLetterQueueUrl()) == 0);
        assertThat(stack.encodings(jobId)).isZero();
    }

    @Test
    void messagesForFinishedOrCancelledJobsAreAcknowledgedAndIgnored() {
        String finished = stack.create(compose.request("immediate", 160, 120, compose.clip())).jobId();
        String cancelled = stack.create(compose.request("async", 160, 120, compose.clip())).jobId();
        assertThat(stack.cancel(cancelled).status()).isEqualTo(200);
        Map<String, Object> finishedBefore = stack.job(finished);
        Map<String, Object> cancelledBefore = stack.job(cancelled);
        List<String> finishedSteps = stack.timelineSteps(finished);

        // the cancelled job's own message is still queued; a stray one names the finished job
        stack.function().queue().enqueue(finished);
        stack.startRenderPoller();
        await(Duration.ofSeconds(20), "both messages are consumed",
                () -> stack.messagesOn(stack.backends().queueUrl()) == 0);

        assertThat(stack.deliveriesOf(finished)).containsExactly(new Delivery(finished, 1, false));
        assertThat(stack.deliveriesOf(cancelled)).containsExactly(new Delivery(cancelled, 1, false));
        assertThat(stack.job(finished)).isEqualTo(finishedBefore);
        assertThat(stack.job(cancelled)).isEqualTo(cancelledBefore);
        assertThat(stack.timelineSteps(finished)).isEqualTo(finishedSteps);
        assertThat(stack.timelineSteps(cancelled)).containsExactly("validation");
        assertThat(stack.resultObjectsOf(finished)).hasSize(1);
        assertThat(stack.resultObjectsOf(cancelled)).isEmpty();
    }

    @Test
    void repeatedIdempotencyKeyReturnsTheFirstJobAndADifferentBodyConflicts() {
        String key = "order-" + UUID.randomUUID();
        String body = compose.request("immediate", 160, 120, compose.clip());
        long jobsBefore = stack.count("SELECT count(*) FROM jobs");

        Answer first = stack.create(body, Map.of("Idempotency-Key", key), "");
        Answer repeat = stack.create(body, Map.of("Idempotency-Key", key), "");
        Answer different = stack.create(compose.request("immediate", 128, 96, compose.clip()),
                Map.of("Idempotency-Key", key), "");

        assertThat(first.status()).isEqualTo(200);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.jobId()).isEqualTo(first.jobId());
        assertThat(repeat.body().path("status").asText()).isEqualTo("completed");
        assertThat(repeat.body().path("file_size_bytes").asLong())
                .isEqualTo(first.body().path("file_size_bytes").asLong());
        assertThat(different.status()).isEqualTo(409);
        assertThat(different.body().path("error").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(stack.count("SELECT count(*) FROM jobs")).isEqualTo(jobsBefore + 1);
        assertThat(stack.count("SELECT count(*) FROM jobs WHERE idempotency_key = ?", key)).isEqualTo(1);
        assertThat(stack.resultObjectsOf(first.jobId())).hasSize(1);
    }

    @Test
    void dryRunProbesEverySourceAndCreatesNothing() {
        String[] tables = {"jobs", "elements", "processing_timeline", "storage_operations", "system_metrics"};
        List<Long> before = Stream.of(tables).map(table -> stack.count("SELECT count(*) FROM " + table)).toList();
        int clipRequests = media.requestsFor("clip.mp4");
        int logoRequests = media.requestsFor("logo.png");

        Answer valid = stack.create(compose.request("auto", 160, 120, compose.clipWithLogo()), Map.of(),
                "dry_run=true");
        Answer unreachable = stack.create(compose.request("auto", 160, 120, """
                {"id": "gone", "type": "video", "source": "%s"}""".formatted(media.url("gone.mp4"))), Map.of(),
                "dry_run=true");

        assertThat(valid.status()).as(valid.body().toString()).isEqualTo(200);
        JsonNode body = valid.body();
        assertThat(body.path("status").asText()).isEqualTo("valid");
        assertThat(body.path("estimated_seconds").isInt()).isTrue();
        assertThat(body.path("response_type").asText()).isIn("immediate", "async");
        assertThat(body.path("duration_seconds").asDouble()).isEqualTo(2.0);
        assertThat(body.path("sources")).hasSize(2);
        JsonNode background = body.path("sources").get(0);
        assertThat(background.path("id").asText()).isEqualTo("background");
        assertThat(background.path("duration").asDouble()).isCloseTo(2.0, within(0.05));
        assertThat(background.path("width").asInt()).isEqualTo(160);
        assertThat(background.path("height").asInt()).isEqualTo(120);
        JsonNode logo = body.path("sources").get(1);
        assertThat(logo.path("id").asText()).isEqualTo("logo");
        assertThat(logo.path("width").asInt()).isEqualTo(40);
        assertThat(logo.path("height").asInt()).isEqualTo(20);
        assertThat(media.requestsFor("clip.mp4")).as("the clip was fetched to be probed").isGreaterThan(clipRequests);
        assertThat(media.requestsFor("logo.png")).isGreaterThan(logoRequests);

        assertThat(unreachable.status()).isEqualTo(422);
        assertThat(unreachable.body().path("error").asText()).isEqualTo("SOURCE_DOWNLOAD_FAILED");
        assertThat(unreachable.body().path("message").asText()).contains("gone");

        assertThat(Stream.of(tables).map(table -> stack.count("SELECT count(*) FROM " + table)).toList())
                .as("rows in " + String.join(", ", tables)).isEqualTo(before);
    }

    @Test
    void everyContractFieldIsPresentWithItsHumanString() {
        stack.startRenderPoller();
        Answer completed = stack.create(compose.request("immediate", 160, 120, compose.clip())
                .replace("\"elements\"", "\"metadata\": {\"order\": 42}, \"elements\""));
        Answer accepted = stack.create(compose.request("async", 160, 120, compose.clip()));
        Answer invalid = stack.create("""
                {"width": "wide", "height": 120, "elements": [{"type": "video", "source": "%s", "x": "left"}]}"""
                .formatted(media.url("clip.mp4")));
        Answer unknown = stack.result("vg_" + "a".repeat(20));

        assertThat(completed.status()).isEqualTo(200);
        JsonNode done = completed.body();
        assertThat(fieldNames(done)).containsExactlyInAnyOrder("status", "job_id", "result_url", "file_size",
                "file_size_bytes", "duration", "duration_seconds", "processing_time", "processing_time_seconds",
                "width", "height", "output_format", "message", "metadata");
        assertThat(done.path("job_id").asText()).matches("vg_[a-z2-7]{20}");
        assertThat(done.path("result_url").asText()).startsWith("http");
        assertThat(done.path("file_size").asText()).isEqualTo(humanSize(done.path("file_size_bytes").asLong()));
        assertThat(done.path("duration").asText()).isEqualTo("2 seconds");
        assertThat(done.path("duration_seconds").asDouble()).isEqualTo(2.0);
        long processing = Math.round(done.path("processing_time_seconds").asDouble());
        assertThat(done.path("processing_time").asText())
                .isEqualTo(processing + (processing == 1 ? " second" : " seconds"));
        assertThat(done.path("width").asInt()).isEqualTo(160);
        assertThat(done.path("height").asInt()).isEqualTo(120);
        assertThat(done.path("output_format").asText()).isEqualTo("mp4");
        assertThat(done.path("message").asText()).isEqualTo("Video processed successfully");
        assertThat(done.path("metadata").path("order").asInt()).isEqualTo(42);

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode pending = accepted.body();
        assertThat(fieldNames(pending)).containsExactlyInAnyOrder("status", "job_id", "message", "estimated_seconds",
                "estimated_completion", "status_check_endpoint");
        assertThat(pending.path("status").asText()).isEqualTo("pending");
        assertThat(pending.path("message").asText())
                .isEqualTo("Video processing started - use job ID to check status");
        assertThat(pending.path("estimated_seconds").isInt()).isTrue();
        assertThat(pending.path("estimated_completion").asText()).isIn(COMPLETION_RANGES);
        assertThat(pending.path("status_check_endpoint").asText()).isEqualTo("/v1/videoresult/" + accepted.jobId());
        assertThat(accepted.header("Location")).isEqualTo("/v1/videoresult/" + accepted.jobId());
        assertThat(stack.awaitEnd(accepted.jobId(), Duration.ofSeconds(60)).get("state")).isEqualTo("completed");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body().path("error").asText()).isEqualTo("INVALID_INPUT");
        assertThat(invalid.body().path("message").asText()).matches("\\d+ problems? in the request");
        assertThat(invalid.body().path("details").findValuesAsText("field")).contains("width", "elements[0].x");
        assertThat(invalid.body().path("details")).allSatisfy(detail ->
                assertThat(detail.path("message").asText()).isNotBlank());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("error").asText()).isEqualTo("JOB_NOT_FOUND");
        assertThat(unknown.body().path("message").asText()).isNotBlank();
    }

    @Test
    void clientAddressUserAgentAndRequestMetadataAreRecordedFromTheEvent() {
        String body = compose.request("immediate", 160, 120, compose.clip());
        Answer answer = stack.create(body);

        Map<String, Object> job = stack.rows("""
                SELECT host(client_ip) AS address, user_agent, request_metadata::text AS metadata
                  FROM jobs WHERE job_id = ?""", answer.jobId()).get(0);
        assertThat(job).containsEntry("address", "198.51.100.23")
                .containsEntry("user_agent", "videogen-studio/2.3 (+https://studio.example.com)");
        JsonNode metadata = parse((String) job.get("metadata"));
        assertThat(metadata.path("request_id").asText()).isEqualTo(answer.requestId());
        assertThat(metadata.path("requested_response_type").asText()).isEqualTo("immediate");
        assertThat(metadata.path("element_count").asInt()).isEqualTo(1);
        assertThat(metadata.path("origin").asText()).isEqualTo("https://studio.example.com");
        assertThat(metadata.path("referer").asText()).isEqualTo("https://studio.example.com/projects/42");
        assertThat(metadata.path("x-forwarded-for").asText()).isEqualTo("198.51.100.23");
        assertThat(metadata.path("body_bytes").asInt()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The contract's size string, worked out here independently: units of 1024 ("15.2MB" for 15938355), one decimal. */
    private static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"KB", "MB", "GB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (Math.round(value * 10) >= 10_240 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
