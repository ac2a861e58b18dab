package dev.videogen.aws.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.inprocess.EmbeddedDatabase;
import dev.videogen.inprocess.FaultInjectingProxy;
import dev.videogen.inprocess.LocalLambdaContext;
import dev.videogen.inprocess.SqsEventSourcePoller;
import dev.videogen.jobs.api.OpenApiContract;
import dev.videogen.migrations.DatabaseMigrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Embedded PostgreSQL with the migrations applied, the given S3/SQS servers with a fault-injecting proxy in front of
 * S3, and one {@link FunctionEnvironment} running the product's handlers against them; plus what the tests need to
 * drive and inspect it all: API Gateway events made from the fixtures in {@code events/}, pollers playing Lambda's
 * event source mappings, and direct reads of rows, objects and queues.
 */
final class HandlerStack implements AutoCloseable {

    static final String BUCKET = "videogen-e2e";
    static final String OUTPUT_PREFIX = "processed/";
    static final List<String> WORKING = List.of("pending", "downloading", "processing", "uploading", "storing");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicInteger POLLERS = new AtomicInteger();

    private final EmbeddedDatabase database;
    private final int maxReceiveCount;
    private final StackTimings timings;
    private final Map<String, String> settings;
    private java.util.concurrent.ScheduledExecutorService sweeps;
    private final Backends backends;
    private final FaultInjectingProxy storageProxy;
    private final FunctionEnvironment function;
    private final List<FunctionEnvironment> otherEnvironments = new ArrayList<>();
    private final SqsClient sqs;
    private final S3Client s3;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private SqsEventSourcePoller renderPoller;
    private SqsEventSourcePoller deadLetterPoller;

    /** One delivery of a render message as the render handler saw it, and how it answered. */
    record Delivery(String jobId, int receiveCount, boolean reportedFailure) {
    }

    /** An API Gateway response with its body parsed. */
    record Answer(int status, Map<String, String> headers, JsonNode body, String requestId) {
        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }

        String jobId() {
            return body.path("job_id").asText();
        }
    }

    private HandlerStack(EmbeddedDatabase database, Backends backends, int maxReceiveCount, StackTimings timings,
                         Map<String, String> settings) {
        this.database = database;
        this.maxReceiveCount = maxReceiveCount;
        this.timings = timings;
        this.settings = settings;
        this.backends = backends;
        this.storageProxy = FaultInjectingProxy.start(backends.storageEndpoint());
        this.function = new FunctionEnvironment(database, backends, storageProxy.endpoint(), BUCKET, maxReceiveCount,
                timings, settings);
        AwsClientSettings queueSettings = AwsClientSettings.forLocalEndpoint(backends.queueEndpoint())
                .region(backends.region()).build();
        this.sqs = queueSettings.configure(SqsClient.builder()).build();
        this.s3 = AwsClientSettings.forLocalEndpoint(backends.storageEndpoint()).region(backends.region()).build()
                .configure(S3Client.builder()).forcePathStyle(true).build();
    }

    /**
     * Starts the database and the servers {@code backends} makes, with queues that move a message to the dead-letter
     * queue after {@code maxReceiveCount} receives; the functions give up on a job after as many deliveries.
     */
    static HandlerStack start(Function<Backends.QueueSettings, Backends> backends, int maxReceiveCount) {
        return start(backends, maxReceiveCount, StackTimings.QUICK, Map.of());
    }

    /** With {@code settings} over the functions' usual test environment. */
    static HandlerStack start(Function<Backends.QueueSettings, Backends> backends, int maxReceiveCount,
                              Map<String, String> settings) {
        return start(backends, maxReceiveCount, StackTimings.QUICK, settings);
    }

    static HandlerStack start(Function<Backends.QueueSettings, Backends> backends, int maxReceiveCount,
                              StackTimings timings) {
        return start(backends, maxReceiveCount, timings, Map.of());
    }

    static HandlerStack start(Function<Backends.QueueSettings, Backends> backends, int maxReceiveCount,
                              StackTimings timings, Map<String, String> settings) {
        EmbeddedDatabase database = EmbeddedDatabase.start();
        try {
            DatabaseMigrator.migrate(database.dataSource());
            return new HandlerStack(database,
                    backends.apply(new Backends.QueueSettings(timings.visibility(), maxReceiveCount)), maxReceiveCount,
                    timings, settings);
        } catch (RuntimeException e) {
            database.stop();
            throw e;
        }
    }

    int maxReceiveCount() {
        return maxReceiveCount;
    }

    EmbeddedDatabase database() {
        return database;
    }

    FunctionEnvironment function() {
        return function;
    }

    FaultInjectingProxy storageProxy() {
        return storageProxy;
    }

    Backends backends() {
        return backends;
    }

    SqsClient sqs() {
        return sqs;
    }

    /** A second execution environment of the same functions: its own pool, its own /tmp, its own database link. */
    FunctionEnvironment anotherEnvironment() {
        FunctionEnvironment other = new FunctionEnvironment(database, backends, storageProxy.endpoint(), BUCKET,
                maxReceiveCount, timings, settings);
        otherEnvironments.add(other);
        return other;
    }

    Answer create(String body) {
        return create(body, Map.of(), "");
    }

    /** A create answered by an api function that has {@code remaining} time left before Lambda stops it. */
    Answer createWithin(String body, Duration remaining) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-videocreate.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRawQueryString("");
        event.setQueryStringParameters(new HashMap<>());
        return invokeApi(event, remaining);
    }

    Answer create(String body, Map<String, String> extraHeaders, String rawQuery) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-videocreate.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        extraHeaders.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        headers.put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.setHeaders(headers);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        event.setRawQueryString(rawQuery);
        Map<String, String> query = new HashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        event.setQueryStringParameters(query);
        return invokeApi(event);
    }

    Answer result(String jobId) {
        return onResult("events/api-videoresult-get.json", jobId);
    }

    Answer cancel(String jobId) {
        return onResult("events/api-videoresult-delete.json", jobId);
    }

    private Answer onResult(String fixture, String jobId) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
        event.setRawPath("/v1/videoresult/" + jobId);
        event.getRequestContext().getHttp().setPath("/v1/videoresult/" + jobId);
        return invokeApi(event);
    }

    private Answer invokeApi(APIGatewayV2HTTPEvent event) {
        return invokeApi(event, Duration.ofSeconds(30));
    }

    /** How long the api function took on the last request, as Lambda counts it (the test's checks excluded). */
    Duration lastApiInvocation() {
        return lastApiInvocation;
    }

    private volatile Duration lastApiInvocation = Duration.ZERO;

    private Answer invokeApi(APIGatewayV2HTTPEvent event, Duration functionTimeout) {
        // each request through API Gateway has its own id
        String requestId = UUID.randomUUID().toString();
        event.getRequestContext().setRequestId(requestId);
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = function.api().handleRequest(event,
                new LocalLambdaContext("videogen-api", backends.region(), 1769, functionTimeout));
        lastApiInvocation = Duration.ofNanos(System.nanoTime() - start);
        OpenApiContract.served().check(event.getRequestContext().getHttp().getMethod(), event.getRawPath(),
                response.getStatusCode(), response.getHeaders() == null ? null : response.getHeaders().get("Content-Type"),
                response.getBody());
        try {
            JsonNode body = response.getBody() == null ? JSON.nullNode() : JSON.readTree(response.getBody());
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            return new Answer(response.getStatusCode(), headers, body, requestId);
        } catch (IOException e) {
            throw new AssertionError("the API answered a body that is not JSON: " + response.getBody(), e);
        }
    }

    /** Starts the render queue's event source mapping (one concurrent invocation, batch size 1). */
    void startRenderPoller() {
        if (renderPoller == null) {
            renderPoller = poller(backends.queueUrl(), recording(function.render()), "render");
        }
    }

    void startDeadLetterPoller() {
        if (deadLetterPoller == null) {
            deadLetterPoller = poller(backends.deadLetterQueueUrl(), function.deadLetters(), "dead-letter");
        }
    }

    private SqsEventSourcePoller poller(String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler,
                                        String kind) {
        return SqsEventSourcePoller.builder(sqs, queueUrl, handler)
                .functionName("e2e-" + kind + "-" + POLLERS.incrementAndGet())
                .waitTime(Duration.ofSeconds(1))
                .receiveRetryDelay(Duration.ofMillis(200))
                .functionTimeout(timings.functionTimeout())
                .start();
    }

    /**
     * The render mapping's execution environment dies mid-invocation (its host is lost): the handler's thread is
     * stopped and nothing is reported, so its message stays invisible until the queue's visibility timeout.
     */
    void killRenderPoller() {
        if (renderPoller != null) {
            renderPoller.kill();
            renderPoller = null;
        }
    }

    /** Starts another render mapping, invoking the handler of {@code environment}. */
    SqsEventSourcePoller startRenderPoller(FunctionEnvironment environment) {
        return poller(backends.queueUrl(), recording(environment.render()), "render");
    }

    /** Runs the sweeper handler on its schedule, as EventBridge does. */
    void startSweeper() {
        if (sweeps == null) {
            sweeps = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "e2e-sweeper");
                thread.setDaemon(true);
                return thread;
            });
            long period = timings.sweepEvery().toMillis();
            sweeps.scheduleWithFixedDelay(() -> {
                try {
                    function.sweeper().handleRequest(Map.of(), null);
                } catch (RuntimeException e) {
                    // the next run tries again, as the schedule would
                }
            }, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void stopSweeper() {
        if (sweeps != null) {
            sweeps.shutdownNow();
            sweeps = null;
        }
    }

    /** The render handler, with each delivery it saw and whether it asked for the message back. */
    RequestHandler<SQSEvent, SQSBatchResponse> recording(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return (event, context) -> {
            SQSBatchResponse response = handler.handleRequest(event, context);
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                boolean failed = response.getBatchItemFailures().stream()
                        .anyMatch(failure -> failure.getItemIdentifier().equals(message.getMessageId()));
                int receiveCount = Integer.parseInt(
                        message.getAttributes().getOrDefault("ApproximateReceiveCount", "1"));
                deliveries.add(new Delivery(jobIdOf(message.getBody()), receiveCount, failed));
            }
            return response;
        };
    }

    List<Delivery> deliveriesOf(String jobId) {
        return deliveries.stream().filter(delivery -> jobId.equals(delivery.jobId())).toList();
    }

    /** Stops both mappings; invocations in flight finish first. */
    void stopPollers() {
        for (SqsEventSourcePoller poller : new SqsEventSourcePoller[] {renderPoller, deadLetterPoller}) {
            if (poller != null) {
                poller.stop(Duration.ofSeconds(60));
            }
        }
        renderPoller = null;
        deadLetterPoller = null;
        // a worker in a long poll ends within its wait time; until then it could still take a message
        await(Duration.ofSeconds(10), "the pollers' threads end", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("sqs-poller-e2e-") && thread.isAlive()));
    }

    SqsEventSourcePoller.Statistics renderPollerStatistics() {
        return renderPoller.statistics();
    }

    /** Takes one message off the render queue the way the event source mapping does, as an event from the fixture. */
    SQSEvent receiveRenderMessage() {
        var received = sqs.receiveMessage(b -> b.queueUrl(backends.queueUrl()).maxNumberOfMessages(1).waitTimeSeconds(5)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(received).as("a message on the render queue").hasSize(1);
        var message = received.get(0);
        SQSEvent event = EventLoader.loadSQSEvent("events/render-queue-message.json");
        SQSEvent.SQSMessage record = event.getRecords().get(0);
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setAttributes(new HashMap<>(message.attributesAsStrings()));
        return event;
    }

    /** Visible plus in-flight messages. */
    int messagesOn(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"))
                + Integer.parseInt(attributes.getOrDefault(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    /** Rows of a query on the database, read directly (not through the service's link). */
    List<Map<String, Object>> rows(String sql, Object... parameters) {
        DataSource dataSource = database.dataSource();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    Map<String, Object> job(String jobId) {
        List<Map<String, Object>> rows = rows("""
                SELECT j.*, j.status::text AS state, j.client_ip::text AS client_address,
                       j.request_metadata::text AS metadata_json, j.error_details::text AS details_json
                  FROM jobs j WHERE job_id = ?""", jobId);
        assertThat(rows).as("row of job " + jobId).hasSize(1);
        return rows.get(0);
    }

    String status(String jobId) {
        return (String) job(jobId).get("state");
    }

    long count(String sql, Object... parameters) {
        return ((Number) rows(sql, parameters).get(0).values().iterator().next()).longValue();
    }

    /** Waits for the job to reach a final state and returns its row. */
    Map<String, Object> awaitEnd(String jobId, Duration limit) {
        await(limit, "job " + jobId + " ends", () -> !WORKING.contains(status(jobId)));
        return job(jobId);
    }

    /** Keys of the result objects in the bucket. */
    List<String> resultObjects() {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(OUTPUT_PREFIX)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** Keys of every object under {@code prefix}, e.g. the pieces of chunked jobs under {@code chunks/}. */
    List<String> objectsUnder(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(S3Object::key).toList();
    }

    List<String> resultObjectsOf(String jobId) {
        return resultObjects().stream().filter(key -> key.contains(jobId)).toList();
    }

    /** The content type an object was stored with. */
    String contentType(String key) {
        return s3.headObject(b -> b.bucket(BUCKET).key(key)).contentType();
    }

    /** Downloads a URL the way a client does: plain HTTP, no SDK. */
    byte[] download(String url) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** FFmpeg processes started by this JVM that are still running. */
    static List<ProcessHandle> runningFfmpeg() {
        return ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.contains("ffmpeg")).orElse(false))
                .toList();
    }

    /** Waits until the job's render has reached FFmpeg's pass. */
    void awaitEncoding(String jobId) {
        awaitEncodingPast(jobId, 0);
    }

    /** Waits until the job is encoding, FFmpeg runs, and the job's progress has reached {@code percent}. */
    void awaitEncodingPast(String jobId, int percent) {
        await(Duration.ofSeconds(60), "job " + jobId + " encodes past " + percent + "%", () -> {
            Map<String, Object> job = job(jobId);
            if (!WORKING.contains((String) job.get("state"))) {
                throw new AssertionError("job " + jobId + " ended before it was interrupted: " + job.get("state"));
            }
            return "encoding".equals(String.valueOf(job.get("current_step")))
                    && ((Number) job.get("progress_percentage")).intValue() >= percent
                    && !runningFfmpeg().isEmpty();
        });
    }

    /** The job's processing_timeline steps in order. */
    List<String> timelineSteps(String jobId) {
        return rows("""
                SELECT t.step::text AS step FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE j.job_id = ? ORDER BY t.step_order""", jobId).stream()
                .map(row -> (String) row.get("step")).toList();
    }

    /** How many times the job was encoded (one timeline entry each). */
    long encodings(String jobId) {
        return timelineSteps(jobId).stream().filter("encoding"::equals).count();
    }

    /** The job's storage_operations rows, oldest first. */
    /** Puts {@code file} into the service's bucket under {@code key}, as a client uploading its media would. */
    void putObject(String key, Path file) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(file));
    }

    List<Map<String, Object>> storageOperations(String jobId) {
        return rows("""
                SELECT s.operation::text AS operation, s.status::text AS state, s.success, s.key, s.file_size_bytes,
                       s.etag, s.duration_ms, s.error_message
                  FROM storage_operations s JOIN jobs j ON j.id = s.job_id
                 WHERE j.job_id = ? ORDER BY s.started_at""", jobId);
    }

    /** What a test left that it should not have. */
    record Leftovers(List<String> unfinishedJobs, List<Path> temporaryFiles, List<String> orphanObjects,
                     List<String> missingObjects, List<String> stepsLeftRunning, int queuedMessages,
                     int ffmpegProcesses) {

        /** Fails on anything a finished run must not leave behind. */
        void assertNothingLeft() {
            assertThat(unfinishedJobs()).as("jobs left pending or processing").isEmpty();
            assertThat(temporaryFiles()).as("files left in the render work directories").isEmpty();
            assertThat(orphanObjects()).as("result objects of jobs that did not complete").isEmpty();
            assertThat(missingObjects()).as("completed jobs whose object is missing").isEmpty();
            assertThat(stepsLeftRunning()).as("timeline steps still running in jobs that ended").isEmpty();
            assertThat(queuedMessages()).as("messages left on the queues").isZero();
            assertThat(ffmpegProcesses()).as("FFmpeg processes still running").isZero();
        }
    }

    /**
     * Heals every injected fault, lets the mappings consume what is still queued (messages for finished jobs are
     * acknowledged and ignored), stops them, and reports what is left: unfinished jobs, temporary files in any
     * environment's work directory, result objects that belong to no completed job, completed jobs without their
     * object, timeline steps still running in jobs that ended, messages, FFmpeg processes.
     */
    Leftovers settle() {
        storageProxy.pass();
        function.databaseLink().restore();
        otherEnvironments.forEach(other -> other.databaseLink().restore());
        if (messagesOn(backends.queueUrl()) > 0) {
            startRenderPoller();
            awaitQuietly(Duration.ofSeconds(30), () -> messagesOn(backends.queueUrl()) == 0);
        }
        if (messagesOn(backends.deadLetterQueueUrl()) > 0) {
            startDeadLetterPoller();
            awaitQuietly(Duration.ofSeconds(30), () -> messagesOn(backends.deadLetterQueueUrl()) == 0);
        }
        stopPollers();
        awaitQuietly(Duration.ofSeconds(10), () -> runningFfmpeg().isEmpty());
        List<String> unfinished = rows("""
                SELECT job_id FROM jobs WHERE status IN ('pending','downloading','processing','uploading','storing')""")
                .stream().map(row -> (String) row.get("job_id")).toList();
        List<Path> temporary = new ArrayList<>(function.temporaryFiles());
        otherEnvironments.forEach(other -> temporary.addAll(other.temporaryFiles()));
        List<String> completedKeys = rows("SELECT s3_key FROM jobs WHERE status = 'completed'").stream()
                .map(row -> (String) row.get("s3_key")).toList();
        // a completed job's poster lies beside its result
        List<String> posterKeys = rows("SELECT thumbnail_key FROM jobs WHERE status = 'completed'"
                + " AND thumbnail_key IS NOT NULL").stream().map(row -> (String) row.get("thumbnail_key")).toList();
        List<String> objects = resultObjects();
        List<String> orphans = new ArrayList<>(objects.stream()
                .filter(key -> !completedKeys.contains(key) && !posterKeys.contains(key)).toList());
        // the pieces of chunked jobs never outlive their job
        orphans.addAll(objectsUnder("chunks/"));
        List<String> missing = completedKeys.stream().filter(key -> !objects.contains(key)).toList();
        List<String> stepsLeftRunning = rows("""
                SELECT j.job_id || ' ' || t.step::text AS step FROM processing_timeline t JOIN jobs j ON j.id = t.job_id
                 WHERE t.status IN ('pending', 'running')
                   AND j.status NOT IN ('pending','downloading','processing','uploading','storing')""").stream()
                .map(row -> (String) row.get("step")).toList();
        int messages = messagesOn(backends.queueUrl()) + messagesOn(backends.deadLetterQueueUrl());
        return new Leftovers(unfinished, temporary, orphans, missing, stepsLeftRunning, messages,
                runningFfmpeg().size());
    }

    static void await(Duration limit, String what, BooleanSupplier condition) {
        if (!awaitQuietly(limit, condition)) {
            throw new AssertionError("waited " + limit.toSeconds() + " s for: " + what);
        }
    }

    private static boolean awaitQuietly(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private static String jobIdOf(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body).get("job_id")).map(JsonNode::asText).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stopSweeper();
        stopPollers();
        otherEnvironments.forEach(FunctionEnvironment::close);
        function.close();
        sqs.close();
        s3.close();
        storageProxy.close();
        backends.close();
        database.stop();
    }
}
