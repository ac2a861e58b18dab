package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.client.AwsClientSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The load run: 500 tiny async jobs (32×32, text only, half a second) submitted by 32 concurrent clients to the local
 * stack with two render workers. Every job must end completed, with a consistent row, exactly one stored object and
 * exactly one encoding step: nothing lost, nothing rendered twice, nothing left pending.
 */
@Tag("load")
class LoadRunTest {

    private static final int JOBS = 500;
    private static final int CLIENTS = 32;
    private static final int WORKERS = 2;
    /** Generous: a stuck job is what this bound catches, not a slow machine. */
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(20);
    private static final Pattern JOB_ID = Pattern.compile("vg_[a-z2-7]{20}");
    private static final Set<String> UNFINISHED = Set.of("pending", "downloading", "processing", "uploading",
            "storing");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    /** What one client saw for one submission. */
    private record Submission(int status, String jobId, double millis, String body) {
    }

    @Test
    void fiveHundredJobsFromThirtyTwoClientsAllCompleteWithOneRenderAndOneObjectEach() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (DevStack stack = DevStack.start(new DevStack.Options(0, directory.resolve("data"), WORKERS, false,
                Map.of()), quiet)) {
            long started = System.nanoTime();
            List<Submission> submissions = submit(URI.create(stack.apiUrl() + "/videocreate"));
            List<String> accepted = submissions.stream().filter(s -> s.status() == 202).map(Submission::jobId).toList();

            Map<String, String> statuses = awaitSettled(stack, accepted);
            double totalSeconds = (System.nanoTime() - started) / 1e9;

            Map<String, JsonNode> rows = rows(stack);
            Map<String, Integer> encodingSteps = encodingSteps(stack);
            Map<String, List<S3Object>> objects = processedObjects(stack);

            int completed = (int) accepted.stream().filter(id -> "completed".equals(statuses.get(id))).count();
            int failed = (int) accepted.stream().filter(id -> statuses.get(id) != null
                    && !UNFINISHED.contains(statuses.get(id)) && !"completed".equals(statuses.get(id))).count();
            int lost = accepted.size() - completed - failed;
            int duplicateRenders = (int) encodingSteps.values().stream().filter(count -> count > 1).count();
            int duplicateObjects = (int) objects.values().stream().filter(list -> list.size() > 1).count();
            List<Double> latencies = new ArrayList<>(submissions.stream().map(Submission::millis).toList());
            Collections.sort(latencies);
            System.out.println(String.format(Locale.ROOT, "load run: %d jobs submitted by %d clients (%d workers, "
                            + "32x32 text 0.5 s); accepted %d, completed %d, failed %d, lost %d, duplicates %d "
                            + "(renders %d, objects %d); submission p50 %.1f ms, p95 %.1f ms; total %.1f s; "
                            + "%.2f jobs/s",
                    submissions.size(), CLIENTS, WORKERS, accepted.size(), completed, failed, lost,
                    duplicateRenders + duplicateObjects, duplicateRenders, duplicateObjects,
                    quantile(latencies, 0.50), quantile(latencies, 0.95), totalSeconds, completed / totalSeconds));

            assertThat(submissions).as("every submission answered 202").allSatisfy(
                    submission -> assertThat(submission.status()).as(submission.body()).isEqualTo(202));
            assertThat(Set.copyOf(accepted)).as("distinct job ids").hasSize(JOBS);
            assertThat(rows.keySet()).as("one row per accepted job, no others")
                    .containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(statuses.values().stream().filter(UNFINISHED::contains).count())
                    .as("jobs left pending or processing").isZero();
            assertThat(completed).as("completed jobs (failed: " + failedRows(rows) + ")").isEqualTo(JOBS);
            for (String jobId : accepted) {
                JsonNode row = rows.get(jobId);
                assertThat(row.path("result_url").asText()).as(jobId).isNotBlank();
                assertThat(row.path("s3_key").asText()).as(jobId).startsWith("processed/").contains(jobId);
                assertThat(row.path("file_size_bytes").asLong()).as(jobId).isPositive();
                assertThat(objects.get(jobId)).as("stored objects of " + jobId).hasSize(1);
                S3Object object = objects.get(jobId).get(0);
                assertThat(object.key()).as(jobId).isEqualTo(row.path("s3_key").asText());
                assertThat(object.size()).as(jobId).isEqualTo(row.path("file_size_bytes").asLong());
                assertThat(encodingSteps.get(jobId)).as("encoding steps of " + jobId).isEqualTo(1);
            }
            assertThat(objects.keySet()).as("no object under processed/ without a job").isEqualTo(Set.copyOf(accepted));
        }
    }

    private static List<Submission> submit(URI create) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        AtomicInteger next = new AtomicInteger();
        List<Submission> submissions = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < CLIENTS; client++) {
                running.add(clients.submit(() -> {
                    go.await();
                    for (int n = next.getAndIncrement(); n < JOBS; n = next.getAndIncrement()) {
                        String body = "{\"width\":32,\"height\":32,\"duration\":0.5,\"response_type\":\"async\","
                                + "\"elements\":[{\"type\":\"text\",\"text\":\"job " + n + "\"}]}";
                        long sent = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(create)
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        double millis = (System.nanoTime() - sent) / 1e6;
                        String jobId = response.statusCode() == 202
                                ? JSON.readTree(response.body()).path("job_id").asText() : null;
                        submissions.add(new Submission(response.statusCode(), jobId, millis, response.body()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            clients.shutdownNow();
        }
        return List.copyOf(submissions);
    }

    /** Polls the rows until none of {@code jobIds} is unfinished (or the limit passes); returns their statuses. */
    private static Map<String, String> awaitSettled(DevStack stack, List<String> jobIds) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        Map<String, String> statuses = statuses(stack, jobIds);
        while (statuses.values().stream().anyMatch(UNFINISHED::contains) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            statuses = statuses(stack, jobIds);
        }
        return statuses;
    }

    private static Map<String, String> statuses(DevStack stack, List<String> jobIds) {
        return stack.service().database().withConnection(connection -> {
            Map<String, String> statuses = new HashMap<>();
            Array ids = connection.createArrayOf("text", jobIds.toArray());
            try (PreparedStatement statement = connection.prepareStatement(
                    "select job_id, status::text from jobs where job_id = any(?)")) {
                statement.setArray(1, ids);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        statuses.put(result.getString(1), result.getString(2));
                    }
                }
            }
            return statuses;
        });
    }

    private static Map<String, JsonNode> rows(DevStack stack) {
        return stack.service().database().withConnection(connection -> {
            Map<String, JsonNode> rows = new TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select job_id, status::text, result_url, s3_key, file_size_bytes, error_code, error_message "
                            + "from jobs");
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    var row = JSON.createObjectNode();
                    row.put("status", result.getString(2));
                    row.put("result_url", result.getString(3));
                    row.put("s3_key", result.getString(4));
                    row.put("file_size_bytes", result.getObject(5) == null ? null : result.getLong(5));
                    row.put("error_code", result.getString(6));
                    row.put("error_message", result.getString(7));
                    rows.put(result.getString(1), row);
                }
            }
            return rows;
        });
    }

    /** Encoding steps recorded per job: more than one means the job was rendered more than once. */
    private static Map<String, Integer> encodingSteps(DevStack stack) {
        return stack.service().database().withConnection(connection -> {
            Map<String, Integer> steps = new HashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select j.job_id, count(t.id) filter (where t.step = 'encoding') from jobs j "
                            + "left join processing_timeline t on t.job_id = j.id group by j.job_id");
                 ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    steps.put(result.getString(1), result.getInt(2));
                }
            }
            return steps;
        });
    }

    /** The bucket's objects under processed/, listed through S3's own API, grouped by the job id in their key. */
    private static Map<String, List<S3Object>> processedObjects(DevStack stack) {
        Map<String, List<S3Object>> byJob = new HashMap<>();
        try (S3Client s3 = AwsClientSettings.forLocalEndpoint(URI.create(stack.storageUrl())).build()
                .configure(S3Client.builder()).forcePathStyle(true).build()) {
            s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(DevStack.BUCKET).prefix("processed/")
                            .build())
                    .contents()
                    .forEach(object -> {
                        Matcher id = JOB_ID.matcher(object.key());
                        byJob.computeIfAbsent(id.find() ? id.group() : "(no job id) " + object.key(),
                                key -> new ArrayList<>()).add(object);
                    });
        }
        return byJob;
    }

    private static String failedRows(Map<String, JsonNode> rows) {
        StringBuilder out = new StringBuilder();
        rows.forEach((jobId, row) -> {
            if (!"completed".equals(row.path("status").asText()) && out.length() < 2000) {
                out.append(jobId).append(' ').append(row.path("status").asText()).append(' ')
                        .append(row.path("error_code").asText()).append(": ")
                        .append(row.path("error_message").asText()).append("; ");
            }
        });
        return out.toString();
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
