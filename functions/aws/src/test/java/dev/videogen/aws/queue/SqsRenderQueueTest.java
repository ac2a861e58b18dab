package dev.videogen.aws.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.inprocess.FaultInjectingProxy;
import dev.videogen.inprocess.InProcessSqs;
import dev.videogen.jobs.ports.QueueException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsRenderQueueTest {

    private static InProcessSqs sqs;
    private static SqsClient client;
    private static SqsRenderQueue queue;

    @BeforeAll
    static void startSqs() {
        sqs = InProcessSqs.builder().start();
        client = sqs.newClient();
        queue = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build(), sqs.queueUrl());
    }

    @AfterAll
    static void stopSqs() {
        queue.close();
        client.close();
        sqs.stop();
    }

    @BeforeEach
    void emptyQueue() {
        client.purgeQueue(b -> b.queueUrl(sqs.queueUrl()));
    }

    @Test
    void enqueueSendsTheJobIdAsAJsonObject() {
        queue.enqueue("vg_01HZX3");

        List<Message> messages = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).waitTimeSeconds(2)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("{\"job_id\":\"vg_01HZX3\"}");
    }

    @Test
    void somethingThatIsNotAJobIdIsRefusedBeforeSending() {
        assertThatThrownBy(() -> queue.enqueue("vg_1\",\"x\":\"y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.enqueue("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(client.receiveMessage(b -> b.queueUrl(sqs.queueUrl())).messages()).isEmpty();
    }

    @Test
    void liveQueueIsAvailable() {
        queue.checkAvailable();
        assertThat(queue.queueUrl()).isEqualTo(sqs.queueUrl());
    }

    @Test
    void queueThatDoesNotExistIsUnavailable() {
        try (SqsRenderQueue missing = new SqsRenderQueue(client, sqs.endpoint() + "/000000000000/no-such-queue")) {
            assertThatThrownBy(missing::checkAvailable)
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("no-such-queue");
            assertThatThrownBy(() -> missing.enqueue("vg_1")).isInstanceOf(QueueException.class);
        }
    }

    @Test
    void refusingQueueRaisesQueueExceptionAfterTheConfiguredAttempts() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(sqs.endpoint());
                SqsRenderQueue throughProxy = SqsRenderQueue.create(
                        AwsClientSettings.forLocalEndpoint(proxy.endpoint()).maxAttempts(3).build(), sqs.queueUrl())) {
            proxy.refuse();

            assertThatThrownBy(() -> throughProxy.enqueue("vg_refused"))
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("vg_refused")
                    .hasMessageContaining("ServiceUnavailable (HTTP 503)");
            assertThat(proxy.refusedRequests()).isEqualTo(3);
        }
    }

    @Test
    void queueServerThatIsAwayRaisesQueueExceptionAndKeepsEarlierMessages() {
        queue.enqueue("vg_before_outage");
        sqs.suspend();
        try {
            assertThatThrownBy(() -> queue.enqueue("vg_during_outage")).isInstanceOf(QueueException.class);
            assertThatThrownBy(queue::checkAvailable).isInstanceOf(QueueException.class);
        } finally {
            sqs.resume();
        }

        List<Message> messages = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages();
        assertThat(messages).extracting(Message::body).containsExactly("{\"job_id\":\"vg_before_outage\"}");
    }

    @Test
    void enqueueAllSendsEveryMessageOnceInRequestsOfTenAndReportsBadIdsByPosition() {
        List<String> jobIds = new java.util.ArrayList<>();
        for (int i = 0; i < 23; i++) {
            jobIds.add(i == 7 ? "not a job id" : "vg_batch_" + i);
        }

        java.util.Map<Integer, RuntimeException> failures = queue.enqueueAll(jobIds);

        assertThat(failures).containsOnlyKeys(7);
        assertThat(failures.get(7)).isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.batchLimit()).isEqualTo(10);
        List<String> bodies = receiveAll(22);
        assertThat(bodies).containsExactlyInAnyOrderElementsOf(jobIds.stream().filter(id -> id.startsWith("vg_"))
                .map(id -> "{\"job_id\":\"" + id + "\"}").toList());
    }

    @Test
    void enqueueAllToAQueueThatIsAwayReportsEveryMessage() {
        sqs.suspend();
        try {
            java.util.Map<Integer, RuntimeException> failures = queue.enqueueAll(List.of("vg_a", "vg_b", "vg_c"));
            assertThat(failures).containsOnlyKeys(0, 1, 2);
            assertThat(failures.values()).allSatisfy(failure -> assertThat(failure).isInstanceOf(QueueException.class)
                    .hasMessageContaining("SendMessageBatch"));
        } finally {
            sqs.resume();
        }
        assertThat(client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).waitTimeSeconds(1)).messages()).isEmpty();
    }

    @Test
    void enqueueChunksSendsEveryPieceOnceInRequestsOfTen() {
        List<String> operations = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        List<Integer> pieces = java.util.stream.IntStream.range(0, 23).boxed().toList();
        try (SqsClient counted = AwsClientSettings.forLocalEndpoint(sqs.endpoint()).build()
                .configure(SqsClient.builder()).overrideConfiguration(o -> o.addExecutionInterceptor(counter)).build()) {
            new SqsRenderQueue(counted, sqs.queueUrl()).enqueueChunks("vg_long", pieces);
        }

        assertThat(operations).containsExactly("SendMessageBatch", "SendMessageBatch", "SendMessageBatch");
        assertThat(receiveAll(23)).containsExactlyInAnyOrderElementsOf(pieces.stream()
                .map(index -> "{\"job_id\":\"vg_long\",\"chunk\":" + index + "}").toList());
    }

    @Test
    void enqueueChunksToAQueueThatIsAwayThrowsNamingTheJob() {
        sqs.suspend();
        try {
            assertThatThrownBy(() -> queue.enqueueChunks("vg_long", List.of(0, 1, 2)))
                    .isInstanceOf(QueueException.class)
                    .hasMessageContaining("3 of the 3 piece messages of vg_long were not sent")
                    .hasMessageContaining("SendMessageBatch");
        } finally {
            sqs.resume();
        }
    }

    @Test
    void aPieceWithoutAJobIdIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> queue.enqueueChunks("not a job", List.of(0, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.enqueueChunks("vg_long", List.of(0, -1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).waitTimeSeconds(1)).messages()).isEmpty();
    }

    private List<String> receiveAll(int expected) {
        List<String> bodies = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message message : client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                client.deleteMessage(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(message.receiptHandle()));
            }
        }
        return bodies;
    }
}
