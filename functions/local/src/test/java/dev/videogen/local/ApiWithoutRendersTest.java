package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.aws.RenderHandler;
import dev.videogen.inprocess.SqsEventSourcePoller;
import dev.videogen.jobs.JobStatus;
import dev.videogen.jobs.db.JobRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code videogen dev --workers 0}: the API and the queue without rendering. Jobs are accepted and wait in the queue
 * until a worker, which may run anywhere the queue and the database can be reached, takes them.
 */
class ApiWithoutRendersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void withNoWorkersJobsWaitInTheQueueUntilAWorkerElsewhereTakesThem() throws Exception {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (DevStack stack = DevStack.start(new DevStack.Options(0, directory.resolve("data"), 0, true, Map.of()),
                quiet); SqsClient sqs = stack.newQueueClient()) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(stack.apiUrl() + "/videocreate"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"width": 32, "height": 32, "duration": 0.5, "response_type": "async",
                             "elements": [{"type": "text", "text": "later"}]}""")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String jobId = JSON.readTree(created.body()).get("job_id").asText();

            String queueUrl = stack.renderQueueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertThat(attributes).as("the message waits, taken by nobody")
                    .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "1")
                    .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
            assertThat(stack.service().jobs().find(jobId).orElseThrow().status()).isEqualTo(JobStatus.PENDING);

            try (SqsEventSourcePoller worker = SqsEventSourcePoller.builder(sqs, queueUrl,
                    new RenderHandler(stack.service()::worker)).functionName("worker-elsewhere").start()) {
                JobRecord job = awaitEnd(stack, jobId, Duration.ofMinutes(2));
                assertThat(worker.statistics().invocations()).as("the worker elsewhere rendered it").isPositive();
                assertThat(job.status()).as(job.errorMessage()).isEqualTo(JobStatus.COMPLETED);
            }
        }
    }

    private static JobRecord awaitEnd(DevStack stack, String jobId, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JobRecord job = stack.service().jobs().find(jobId).orElseThrow();
        while (!job.status().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            job = stack.service().jobs().find(jobId).orElseThrow();
        }
        return job;
    }
}
