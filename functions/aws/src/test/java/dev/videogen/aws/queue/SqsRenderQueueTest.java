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
}
