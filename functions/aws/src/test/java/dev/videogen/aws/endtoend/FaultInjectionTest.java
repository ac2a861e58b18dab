package dev.videogen.aws.endtoend;

import static dev.videogen.aws.endtoend.HandlerStack.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.videogen.aws.endtoend.HandlerStack.Answer;
import dev.videogen.aws.endtoend.HandlerStack.Delivery;
import dev.videogen.inprocess.InProcessSqs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults injected into the in-process servers while jobs run through the real handlers: S3 refusing or dropping
 * uploads, the SQS server restarted or away, PostgreSQL restarted, the render process killed halfway, a source that
 * never answers, a full disk under the output. Each scenario ends with its job completed after a retry, or failed
 * with the contract's code for what broke; after each, nothing is left behind (no job pending or processing, no
 * result object of a job that did not complete, no temporary file, no message). The suite prints its figures.
 *
 * <p>Queues give up after four receives here rather than three, so that a database restart slowed down by a busy
 * machine does not exhaust a message's deliveries before the database is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionTest {

    private static final int MAX_RECEIVE_COUNT = 4;

    private HandlerStack stack;
    private MediaServer media;
    private Compositions compose;
    private InProcessSqs sqs;
    private int scenarios;
    private int completed;
    private int failedWithTheRightCode;
    private int unfinished;
    private int orphanObjects;
    private int temporaryFiles;
    private int duplicates;
    private long started;

    @BeforeAll
    void startStack() {
        started = System.nanoTime();
        media = MediaServer.withTestMedia();
        compose = new Compositions(media);
        stack = HandlerStack.start(settings -> InProcessBackends.start(HandlerStack.BUCKET, settings),
                MAX_RECEIVE_COUNT);
        sqs = ((InProcessBackends) stack.backends()).sqs();
    }

    @AfterEach
    void nothingIsLeftBehind() {
        sqs.resume();
        HandlerStack.Leftovers left = stack.settle();
        scenarios++;
        unfinished += left.unfinishedJobs().size();
        orphanObjects += left.orphanObjects().size();
        temporaryFiles += left.temporaryFiles().size();
        left.assertNothingLeft();
    }

    @AfterAll
    void stopStack() throws IOException {
        System.out.printf(Locale.ROOT, "faults: %d scenarios, jobs completed %d, failed-with-right-code %d, left "
                        + "pending/processing %d, duplicates %d, orphan objects %d, temp dirs left %d, %.0f s%n",
                scenarios, completed, failedWithTheRightCode, unfinished, duplicates, orphanObjects, temporaryFiles,
                (System.nanoTime() - started) / 1e9);
        if (stack != null) {
            stack.close();
        }
        if (media != null) {
            media.close();
        }
    }

    private Map<String, Object> endsCompleted(String jobId) {
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(120));
        assertThat(job.get("state")).as(job.get("error_code") + ": " + job.get("error_message")).isEqualTo("completed");
        List<String> objects = stack.resultObjectsOf(jobId);
        long uploads = stack.storageOperations(jobId).stream()
                .filter(operation -> Boolean.TRUE.equals(operation.get("success"))).count();
        if (objects.size() > 1 || uploads > 1) {
            duplicates++;
        }
        assertThat(objects).as("stored results").hasSize(1);
        assertThat(uploads).as("successful uploads").isEqualTo(1);
        completed++;
        return job;
    }

    private Map<String, Object> endsFailedWith(String jobId, String code) {
        Map<String, Object> job = stack.awaitEnd(jobId, Duration.ofSeconds(120));
        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).as(String.valueOf(job.get("error_message"))).isEqualTo(code);
        assertThat(stack.resultObjectsOf(jobId)).as("objects of the failed job").isEmpty();
        assertThat(stack.result(jobId).body().path("error").asText()).isEqualTo(code);
        failedWithTheRightCode++;
        return job;
    }

    private String submitTinyAsyncJob() {
        Answer accepted = stack.create(compose.request("async", 160, 120, compose.clip()));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        return accepted.jobId();
    }

    @Test
    void uploadsRefusedForAWhileAreRetriedUntilTheJobCompletes() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        String jobId = submitTinyAsyncJob();

        await(Duration.ofSeconds(30), "a delivery gives the job back",
                () -> stack.deliveriesOf(jobId).stream().anyMatch(Delivery::reportedFailure));
        stack.storageProxy().pass();

        Map<String, Object> job = endsCompleted(jobId);
        assertThat(((Number) job.get("retry_count")).intValue()).isPositive();
        assertThat(stack.storageProxy().refusedRequests()).isPositive();
    }

    @Test
    void uploadConnectionsDroppedForAWhileAreRetriedUntilTheJobCompletes() {
        stack.storageProxy().drop("PUT");
        stack.startRenderPoller();
        String jobId = submitTinyAsyncJob();

        await(Duration.ofSeconds(30), "a delivery gives the job back",
                () -> stack.deliveriesOf(jobId).stream().anyMatch(Delivery::reportedFailure));
        stack.storageProxy().pass();

        endsCompleted(jobId);
        assertThat(stack.storageProxy().droppedRequests()).isPositive();
        assertThat(stack.storageOperations(jobId).get(0)).containsEntry("success", false);
    }

    @Test
    void uploadConnectionsDroppedPastTheMaximumReceivesFailTheJobWithoutAnObject() {
        stack.storageProxy().drop("PUT");
        stack.startRenderPoller();
        String jobId = submitTinyAsyncJob();

        Map<String, Object> job = endsFailedWith(jobId, "S3_UPLOAD_FAILED");

        assertThat((String) job.get("error_message")).contains("after " + MAX_RECEIVE_COUNT + " attempts");
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::receiveCount).containsExactly(1, 2, 3, 4);
        assertThat(stack.storageOperations(jobId)).allSatisfy(operation ->
                assertThat(operation).containsEntry("success", false));
    }

    @Test
    void queueServerRestartedMidJobLosesNothing() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.longRender(12)).jobId();
        stack.awaitEncoding(jobId);

        sqs.restart();

        endsCompleted(jobId);
        assertThat(stack.encodings(jobId)).isEqualTo(1);
        await(Duration.ofSeconds(10), "the message is acknowledged",
                () -> stack.messagesOn(stack.backends().queueUrl()) == 0);
        assertThat(stack.deliveriesOf(jobId)).containsExactly(new Delivery(jobId, 1, false));
    }

    @Test
    void queueAwayWhenTheRenderEndsRedeliversTheMessageAndTheCopyIsIgnored() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.longRender(12)).jobId();
        stack.awaitEncoding(jobId);

        sqs.suspend();
        await(Duration.ofSeconds(60), "the invocation returns", () -> !stack.deliveriesOf(jobId).isEmpty());
        assertThat(stack.status(jobId)).isEqualTo("completed");
        // the mapping's worker deletes the message before it polls again: a failed poll means the delete failed too
        await(Duration.ofSeconds(30), "the mapping finds the queue away",
                () -> stack.renderPollerStatistics().failedReceives() > 0);
        sqs.resume();

        // the acknowledgement was lost with the queue: the message comes back, and finds the job done
        await(Duration.ofSeconds(30), "the message comes back and is acknowledged",
                () -> stack.deliveriesOf(jobId).size() == 2 && stack.messagesOn(stack.backends().queueUrl()) == 0);
        assertThat(stack.deliveriesOf(jobId)).containsExactly(new Delivery(jobId, 1, false),
                new Delivery(jobId, 2, false));
        endsCompleted(jobId);
        assertThat(stack.encodings(jobId)).as("the copy was not rendered again").isEqualTo(1);
    }

    @Test
    void queueAwayAtSubmissionAnswers503AndLeavesNoJobWaiting() {
        sqs.suspend();

        Answer answer = stack.create(compose.request("async", 160, 120, compose.clip()));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(answer.body().path("error").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        List<Map<String, Object>> created = stack.rows("""
                SELECT job_id, status::text AS state, error_code FROM jobs WHERE request_metadata->>'request_id' = ?""",
                answer.requestId());
        assertThat(created).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("state", "failed").containsEntry("error_code", "PROCESSING_FAILED"));
        failedWithTheRightCode++;
    }

    @Test
    void databaseRestartedMidJobIsRiddenOut() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.longRender(12)).jobId();
        stack.awaitEncoding(jobId);

        stack.database().restart();

        endsCompleted(jobId);
        assertThat(stack.count("""
                SELECT count(*) FROM jobs WHERE job_id = ?
                   AND started_at < pg_postmaster_start_time() AND completed_at > pg_postmaster_start_time()""", jobId))
                .as("the server restarted while the job ran").isEqualTo(1);
    }

    @Test
    void renderProcessKilledHalfwayIsTriedAgainAndCompletes() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.longRender()).jobId();
        stack.awaitEncodingPast(jobId, 50);

        List<ProcessHandle> ffmpeg = HandlerStack.runningFfmpeg();
        assertThat(ffmpeg).as("the render's FFmpeg, a child of this JVM").hasSize(1);
        ffmpeg.forEach(ProcessHandle::destroyForcibly);

        endsCompleted(jobId);
        // the killed pass is recorded as failed, the next delivery's pass as completed
        assertThat(stack.rows("""
                SELECT t.success FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? AND t.step = 'encoding' ORDER BY t.step_order""", jobId))
                .extracting(row -> row.get("success")).containsExactly(false, true);
    }

    @Test
    void sourceThatNeverAnswersFailsWithNetworkTimeoutOnceEveryDeliveryTimedOut() {
        stack.startRenderPoller();
        String jobId = stack.create(compose.request("async", 160, 120,
                compose.video("stalled", media.stallingUrl("stalled.mp4")))).jobId();

        Map<String, Object> job = endsFailedWith(jobId, "NETWORK_TIMEOUT");

        assertThat((String) job.get("error_message")).contains("stalled");
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::reportedFailure)
                .containsExactly(true, true, true, false);
        assertThat(media.stalledConnections()).isGreaterThanOrEqualTo(MAX_RECEIVE_COUNT);
        assertThat(stack.encodings(jobId)).isZero();
    }

    /**
     * The render's output file is made a link to {@code /dev/full}, a device whose every write fails with ENOSPC: what
     * FFmpeg meets when the disk fills while it writes. (A small filesystem would need privileges to mount.)
     */
    @Test
    void diskFullWhileWritingTheOutputFailsWithInsufficientStorage() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "needs /dev/full");
        String jobId = submitTinyAsyncJob();
        Path outputs = Files.createDirectories(stack.function().work().resolve("outputs"));
        Path output = Files.createSymbolicLink(outputs.resolve("output-" + jobId + ".mp4"), full);
        stack.startRenderPoller();

        endsFailedWith(jobId, "INSUFFICIENT_STORAGE");

        assertThat(output).doesNotExist();
        assertThat(stack.deliveriesOf(jobId)).containsExactly(new Delivery(jobId, 1, false));
    }
}
