package dev.videogen.aws.endtoend;

import static dev.videogen.aws.endtoend.HandlerStack.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.aws.endtoend.HandlerStack.Answer;
import dev.videogen.aws.endtoend.HandlerStack.Delivery;
import dev.videogen.engine.validation.RequestParser;
import dev.videogen.jobs.db.JobRecord;
import dev.videogen.jobs.db.NewJob;
import dev.videogen.jobs.JobIds;
import dev.videogen.inprocess.SqsEventSourcePoller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults injected while jobs run through the real handlers with the deployed timings divided by 30
 * ({@link StackTimings#PRODUCTION_RATIOS}): the queue's visibility timeout is six times the render function's, so a
 * message left to come back by itself returns only after 180 s here (90 minutes deployed) — later than every test
 * waits. Retries therefore have to come from the backoff (ChangeMessageVisibility), lost jobs from the sweeper, and
 * an inline render from its hand-over before the api function's timeout. After each scenario nothing is left behind.
 * The suite prints its figures for the README.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionRatioFaultTest {

    private static final int MAX_ATTEMPTS = 5;
    /** Well below the visibility timeout: a job that needed the message's own return would miss it. */
    private static final Duration WELL_BEFORE_VISIBILITY = Duration.ofSeconds(90);

    private HandlerStack stack;
    private MediaServer media;
    private Compositions compose;
    private HttpServer receiver;
    private final AtomicInteger receiverAnswer = new AtomicInteger(200);
    private final Set<String> deliveredIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger receivedPosts = new AtomicInteger();
    private int faults;
    private int retriedAndCompleted;
    private int failedWithTheRightCode;
    private int stranded;
    private int duplicates;
    private int orphans;
    private int webhooksExpected;
    private int webhooksDelivered;
    private long started;

    @BeforeAll
    void startStack() throws IOException {
        started = System.nanoTime();
        media = MediaServer.withTestMedia();
        compose = new Compositions(media);
        // jobs longer than 8 s are split into pieces (CHUNK_SECONDS 30 deployed; the other scenarios' jobs are shorter)
        stack = HandlerStack.start(settings -> InProcessBackends.start(HandlerStack.BUCKET, settings), MAX_ATTEMPTS,
                StackTimings.PRODUCTION_RATIOS, Map.of("CHUNK_SECONDS", "4"));
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            receivedPosts.incrementAndGet();
            int status = receiverAnswer.get();
            if (status == 200) {
                deliveredIds.add(exchange.getRequestHeaders().getFirst("X-Videogen-Delivery"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void nothingIsLeftBehind() {
        stack.stopSweeper();
        HandlerStack.Leftovers left = stack.settle();
        faults++;
        stranded += left.unfinishedJobs().size();
        orphans += left.orphanObjects().size();
        left.assertNothingLeft();
    }

    @AfterAll
    void stopStack() throws IOException {
        System.out.printf(Locale.ROOT, "production-ratio faults: %d scenarios, retried and completed %d, failed with "
                        + "the right code %d, stranded %d, duplicated objects %d, orphan objects %d, webhooks "
                        + "delivered after a 10-minute receiver outage %d of %d, %.0f s%n", faults,
                retriedAndCompleted, failedWithTheRightCode, stranded, duplicates, orphans, webhooksDelivered,
                webhooksExpected, (System.nanoTime() - started) / 1e9);
        if (receiver != null) {
            receiver.stop(0);
        }
        if (stack != null) {
            stack.close();
        }
        if (media != null) {
            media.close();
        }
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /**
     * A job whose webhooks go to the test's receiver: requests name https URLs only, so the job is created with one
     * and its row then points at the plain-http loopback receiver the local stack's sender may reach.
     */
    private String createWithReceiver() {
        String body = compose.request("async", 160, 120, compose.clip())
                .replace("\"elements\"", "\"callback_url\": \"https://127.0.0.1/hook\", \"elements\"");
        Answer accepted = stack.create(body);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        stack.rows("UPDATE jobs SET callback_url = ? WHERE job_id = ? RETURNING 1", hookUrl(), accepted.jobId());
        return accepted.jobId();
    }

    private Map<String, Object> endsCompleted(String jobId, Duration within) {
        Map<String, Object> job = stack.awaitEnd(jobId, within);
        assertThat(job.get("state")).as(job.get("error_code") + ": " + job.get("error_message")).isEqualTo("completed");
        List<String> objects = stack.resultObjectsOf(jobId);
        if (objects.size() > 1) {
            duplicates++;
        }
        assertThat(objects).as("stored results").hasSize(1);
        return job;
    }

    private Map<String, Object> endsFailedWith(String jobId, String code, Duration within) {
        Map<String, Object> job = stack.awaitEnd(jobId, within);
        assertThat(job.get("state")).isEqualTo("failed");
        assertThat(job.get("error_code")).as(String.valueOf(job.get("error_message"))).isEqualTo(code);
        assertThat(stack.resultObjectsOf(jobId)).as("objects of the failed job").isEmpty();
        failedWithTheRightCode++;
        return job;
    }

    private String submitTinyAsyncJob() {
        Answer accepted = stack.create(compose.request("async", 160, 120, compose.clip()));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        return accepted.jobId();
    }

    /**
     * Without the backoff's ChangeMessageVisibility the second attempt would wait for the visibility timeout (180 s
     * here, 90 minutes deployed); while it waits, the job says so as the contract's "Status while retrying" does.
     */
    @Test
    void aPassingUploadFailureIsRetriedAfterSecondsAndTheStatusSaysSo() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        long start = System.nanoTime();
        String jobId = submitTinyAsyncJob();

        await(Duration.ofSeconds(40), "the first attempt fails",
                () -> stack.deliveriesOf(jobId).stream().anyMatch(Delivery::reportedFailure));
        JsonNode waiting = stack.result(jobId).body();
        stack.storageProxy().pass();

        assertThat(waiting.path("status").asText()).isIn("pending", "processing");
        if (waiting.path("status").asText().equals("pending")) {
            assertThat(waiting.path("attempt").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(waiting.path("max_attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
            assertThat(waiting.path("last_error").asText()).isEqualTo("S3_UPLOAD_FAILED");
            assertThat(waiting.path("message").asText()).startsWith("Retrying after S3_UPLOAD_FAILED")
                    .contains("of " + MAX_ATTEMPTS + ")");
            assertThat(Instant.parse(waiting.path("next_attempt_at").asText())).isAfter(Instant.now().minusSeconds(60));
        }
        endsCompleted(jobId, WELL_BEFORE_VISIBILITY);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(StackTimings.PRODUCTION_RATIOS.visibility());
        assertThat(stack.deliveriesOf(jobId).size()).isGreaterThan(1);
        retriedAndCompleted++;
    }

    /** The pieces of a chunked job are retried by the jobs' policy too: after seconds, not the visibility timeout. */
    @Test
    void aPieceWhoseUploadFailsIsRetriedAfterSecondsByTheSamePolicy() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        long start = System.nanoTime();
        String tenSeconds = compose.request("async", 160, 120, compose.video("background", media.url("long.mp4")))
                .replace("\"elements\"", "\"duration\": 10, \"elements\"");
        Answer accepted = stack.create(tenSeconds);
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
        String jobId = accepted.jobId();

        await(Duration.ofSeconds(60), "a piece's first attempt fails", () -> stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.error_code = 'S3_UPLOAD_FAILED'""", jobId) > 0);
        stack.storageProxy().pass();

        endsCompleted(jobId, WELL_BEFORE_VISIBILITY);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(StackTimings.PRODUCTION_RATIOS.visibility());
        assertThat(stack.count("""
                SELECT count(*) FROM render_chunks c JOIN jobs j ON j.id = c.job_id
                 WHERE j.job_id = ? AND c.attempt >= 2""", jobId)).as("pieces tried again").isPositive();
        retriedAndCompleted++;
    }

    @Test
    void spentRetriesFailTheJobWithItsLastErrorBeforeItsDeadline() {
        stack.storageProxy().refuse("PUT");
        stack.startRenderPoller();
        String jobId = submitTinyAsyncJob();

        Map<String, Object> job = endsFailedWith(jobId, "S3_UPLOAD_FAILED", WELL_BEFORE_VISIBILITY);

        assertThat((String) job.get("error_message")).contains("after " + MAX_ATTEMPTS + " attempts");
        assertThat(stack.deliveriesOf(jobId)).extracting(Delivery::receiveCount).containsExactly(1, 2, 3, 4, 5);
        assertThat(((Timestamp) job.get("completed_at")).toInstant())
                .isBefore(((Timestamp) job.get("processing_timeout_at")).toInstant());
        assertThat(stack.messagesOn(stack.backends().deadLetterQueueUrl())).as("nothing dead-lettered").isZero();
    }

    /** Connection refused three times within seconds is final: the job fails at once, not after its retries. */
    @Test
    void aSourceHostThatRefusesConnectionsFailsTheJobAtOnce() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        stack.startRenderPoller();
        String jobId = stack.create(compose.request("async", 160, 120,
                compose.video("gone", "http://127.0.0.1:" + closedPort + "/clip.mp4"))).jobId();

        Map<String, Object> job = endsFailedWith(jobId, "SOURCE_DOWNLOAD_FAILED", Duration.ofSeconds(40));

        assertThat((String) job.get("error_message")).contains("refused the connection 3 times");
        assertThat(stack.deliveriesOf(jobId)).hasSize(1);
    }

    /**
     * The render function's environment dies mid-render (no code of it runs any more: its database link and its
     * FFmpeg are gone, and nothing settles its message, which stays invisible for the visibility timeout). The lease
     * lapses within seconds and the sweeper queues the job again; another environment completes it.
     */
    @Test
    void aWorkerThatDiesMidRenderIsReplacedLongBeforeTheVisibilityTimeout() throws Exception {
        FunctionEnvironment doomed = stack.anotherEnvironment();
        String jobId = stack.create(compose.longRender(6)).jobId();
        var delivery = stack.receiveRenderMessage();
        Thread invocation = new Thread(() -> {
            try {
                doomed.service().worker().processDelivery(jobId, "render-doomed", 1);
            } catch (RuntimeException e) {
                // a dying environment's last words go nowhere
            }
        }, "doomed-environment");
        invocation.start();
        stack.awaitEncoding(jobId);
        doomed.databaseLink().cut();
        HandlerStack.runningFfmpeg().forEach(ProcessHandle::destroyForcibly);
        long died = System.nanoTime();
        stack.startSweeper();
        stack.startRenderPoller();

        Map<String, Object> job = endsCompleted(jobId, WELL_BEFORE_VISIBILITY);

        assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(StackTimings.PRODUCTION_RATIOS.visibility());
        assertThat(((Number) job.get("retry_count")).intValue()).isEqualTo(1);
        assertThat(stack.resultObjectsOf(jobId)).singleElement().asString().endsWith("_2.mp4");
        invocation.join(TimeUnit.SECONDS.toMillis(30));
        retriedAndCompleted++;
        // the dead environment's message would come back after the visibility timeout and be dropped then
        stack.sqs().deleteMessage(b -> b.queueUrl(stack.backends().queueUrl())
                .receiptHandle(delivery.getRecords().get(0).getReceiptHandle()));
    }

    /** The process died between the insert and the send: the sweeper sends the message. */
    @Test
    void aJobWhoseMessageWasNeverSentIsQueuedByTheSweeper() throws IOException {
        String payload = compose.request("async", 160, 120, compose.clip());
        // what the api function does before it sends the message, and nothing after
        JobRecord created = stack.function().service().jobs().insert(new NewJob(JobIds.newJobId(), null, "async", "mp4",
                160, 120, 30, null, "#000000", payload, null, 5, null, null, null, null, "{}", 600),
                RequestParser.forApi().parse(new ObjectMapper().readTree(payload)).elements(), "{}");
        stack.startRenderPoller();
        long start = System.nanoTime();
        stack.startSweeper();

        endsCompleted(created.jobId(), WELL_BEFORE_VISIBILITY);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within a scaled minute or two")
                .isLessThan(Duration.ofSeconds(30));
        retriedAndCompleted++;
    }

    /** The api function has 6 s left: the inline render is handed to the queue before Lambda stops it. */
    @Test
    void anInlineRenderIsHandedToTheQueueBeforeTheApiFunctionTimesOut() {
        stack.startRenderPoller();
        String body = compose.request("immediate", 320, 180, compose.video("long", media.url("long.mp4")))
                .replace("\"elements\"", "\"duration\": 8, \"elements\"");
        Answer answer = stack.createWithin(body, Duration.ofSeconds(6));

        assertThat(stack.lastApiInvocation()).as("the api function's own time").isLessThan(Duration.ofSeconds(6));
        assertThat(answer.status()).as(answer.body().toString()).isIn(200, 202);
        endsCompleted(answer.jobId(), WELL_BEFORE_VISIBILITY);
        if (answer.status() == 202) {
            retriedAndCompleted++;
        }
    }

    /**
     * An upload slower than three leases: the lease is renewed through it, so a second environment polling the same
     * queue and the sweeper never take the job over, and exactly one object is stored.
     */
    @Test
    void theLeaseIsRenewedThroughASlowUpload() {
        stack.storageProxy().delay(Duration.ofSeconds(13), "PUT");
        stack.startRenderPoller();
        stack.startSweeper();
        SqsEventSourcePoller second = stack.startRenderPoller(stack.anotherEnvironment());
        try {
            String jobId = submitTinyAsyncJob();
            Map<String, Object> job = endsCompleted(jobId, WELL_BEFORE_VISIBILITY);

            assertThat(((Number) job.get("retry_count")).intValue()).as("never taken over").isZero();
            assertThat(stack.encodings(jobId)).isEqualTo(1);
            assertThat(stack.storageOperations(jobId)).filteredOn(op -> Boolean.TRUE.equals(op.get("success")))
                    .hasSize(1);
        } finally {
            second.stop(Duration.ofSeconds(30));
        }
    }

    /** pg_cron's timeout sweep (the same function) reaches the webhook and the job's event stream. */
    @Test
    void aTimeoutMarkedInsideTheDatabaseReachesTheEventStreamAndIsAnnouncedByWebhook() throws Exception {
        // no render mapping: the job waits in the queue until its deadline passes
        String jobId = createWithReceiver();
        stack.rows("UPDATE jobs SET processing_timeout_at = now() - interval '1 second' WHERE job_id = ? RETURNING 1",
                jobId);
        // the job's event stream (Server-Sent Events in the local stack, Realtime deployed) is fed by this channel
        try (java.sql.Connection listener = stack.database().dataSource().getConnection()) {
            try (java.sql.Statement listen = listener.createStatement()) {
                listen.execute("LISTEN videogen_job_events");
            }
            // as pg_cron runs it, inside the database: no function of the service is involved
            stack.rows("SELECT mark_timed_out_jobs() AS timed_out");
            assertThat(stack.status(jobId)).isEqualTo("timeout");
            List<JsonNode> events = new ArrayList<>();
            org.postgresql.PGConnection notifications = listener.unwrap(org.postgresql.PGConnection.class);
            for (org.postgresql.PGNotification n : notifications.getNotifications(5_000)) {
                events.add(new ObjectMapper().readTree(n.getParameter()));
            }
            assertThat(events).as("the job's event stream").anySatisfy(event -> {
                assertThat(event.path("job_id").asText()).isEqualTo(jobId);
                assertThat(event.path("status").asText()).isEqualTo("timeout");
            });
        }
        stack.startSweeper();

        await(Duration.ofSeconds(20), "the job.timeout webhook is delivered", () -> stack.count("""
                SELECT count(*) FROM webhook_events e JOIN jobs j ON j.id = e.job_id
                 WHERE j.job_id = ? AND e.event = 'job.timeout' AND e.state = 'delivered'""", jobId) == 1);
        stack.sqs().purgeQueue(b -> b.queueUrl(stack.backends().queueUrl()));
    }

    /** Ten minutes of a receiver answering 503 (20 s here): every job's webhook arrives once it is back. */
    @Test
    void webhooksMissedDuringATenMinuteReceiverOutageAreAllDelivered() {
        receiverAnswer.set(503);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            jobIds.add(createWithReceiver());
        }
        stack.startRenderPoller();
        stack.startSweeper();
        Duration outage = Duration.ofMinutes(10).dividedBy(StackTimings.PRODUCTION_SCALE);
        long outageStart = System.nanoTime();
        jobIds.forEach(jobId -> endsCompleted(jobId, WELL_BEFORE_VISIBILITY));
        long left = outage.toNanos() - (System.nanoTime() - outageStart);
        if (left > 0) {
            sleep(Duration.ofNanos(left));
        }
        receiverAnswer.set(200);
        webhooksExpected += jobIds.size();

        await(Duration.ofSeconds(60), "every webhook is delivered", () -> stack.count("""
                SELECT count(*) FROM webhook_events e JOIN jobs j ON j.id = e.job_id
                 WHERE j.job_id = ANY(?) AND e.state = 'delivered'""", (Object) jobIds.toArray(String[]::new))
                == jobIds.size());
        webhooksDelivered += jobIds.size();
        assertThat(deliveredIds).hasSize(jobIds.size());
        assertThat(receivedPosts.get()).as("retried during the outage").isGreaterThan(jobIds.size());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
