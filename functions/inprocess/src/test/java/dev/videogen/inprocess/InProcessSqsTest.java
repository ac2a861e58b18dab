package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class InProcessSqsTest {

    private static InProcessSqs sqs;
    private static SqsClient client;

    @BeforeAll
    static void startServer() {
        sqs = InProcessSqs.builder()
                .queueName("render-test")
                .visibilityTimeout(Duration.ofSeconds(1))
                .maxReceiveCount(2)
                .start();
        client = sqs.newClient();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        sqs.stop();
    }

    @BeforeEach
    void emptyQueues() {
        client.purgeQueue(b -> b.queueUrl(sqs.queueUrl()));
        client.purgeQueue(b -> b.queueUrl(sqs.deadLetterQueueUrl()));
    }

    @Test
    void queueUrlsAndArnAreTheOnesTheServerReports() {
        assertThat(client.getQueueUrl(b -> b.queueName("render-test")).queueUrl()).isEqualTo(sqs.queueUrl());
        assertThat(client.getQueueUrl(b -> b.queueName("render-test-dlq")).queueUrl()).isEqualTo(sqs.deadLetterQueueUrl());
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b.queueUrl(sqs.queueUrl())
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes.get(QueueAttributeName.QUEUE_ARN)).isEqualTo(sqs.queueArn());
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("1");
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY))
                .contains("\"maxReceiveCount\":2")
                .contains("render-test-dlq");
    }

    @Test
    void sentMessageIsReceivedWithItsAttributesAndDeleted() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{\"job_id\":\"vg_1\"}"));

        Message message = receiveOne(sqs.queueUrl(), Duration.ofSeconds(2));

        assertThat(message.body()).isEqualTo("{\"job_id\":\"vg_1\"}");
        assertThat(message.attributes())
                .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")
                .containsKey(MessageSystemAttributeName.SENT_TIMESTAMP);
        client.deleteMessage(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(message.receiptHandle()));
        assertThat(receive(sqs.queueUrl(), Duration.ofMillis(1500))).isEmpty();
    }

    @Test
    void undeletedMessageIsDeliveredAgainAfterTheVisibilityTimeout() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("again"));
        Message first = receiveOne(sqs.queueUrl(), Duration.ofSeconds(2));

        assertThat(receive(sqs.queueUrl(), Duration.ZERO)).as("hidden while in flight").isEmpty();
        Message second = receiveOne(sqs.queueUrl(), Duration.ofSeconds(5));

        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @Test
    void messageMovesToTheDeadLetterQueueAfterMaxReceiveCount() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("poison"));
        receiveOne(sqs.queueUrl(), Duration.ofSeconds(2));
        receiveOne(sqs.queueUrl(), Duration.ofSeconds(3));

        assertThat(receive(sqs.queueUrl(), Duration.ofSeconds(2))).as("third receive moves it").isEmpty();
        Message dead = receiveOne(sqs.deadLetterQueueUrl(), Duration.ofSeconds(2));

        assertThat(dead.body()).isEqualTo("poison");
    }

    @Test
    void restartKeepsQueuedMessages() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("survivor"));

        sqs.restart();

        assertThat(receiveOne(sqs.queueUrl(), Duration.ofSeconds(2)).body()).isEqualTo("survivor");
    }

    @Test
    void restartKeepsAnInFlightMessageAndItsReceiptHandle() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("in flight"));
        Message first = receiveOne(sqs.queueUrl(), Duration.ofSeconds(2));
        // Hidden long enough that a slow restart cannot let the visibility timeout run out.
        client.changeMessageVisibility(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(first.receiptHandle())
                .visibilityTimeout(30));

        sqs.restart();

        assertThat(receive(sqs.queueUrl(), Duration.ZERO)).as("still in flight").isEmpty();
        client.changeMessageVisibility(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(first.receiptHandle())
                .visibilityTimeout(0));
        Message again = receiveOne(sqs.queueUrl(), Duration.ofSeconds(2));
        assertThat(again.messageId()).isEqualTo(first.messageId());
        assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    }

    @Test
    void suspendedServerRefusesConnectionsAndKeepsMessagesForResume() {
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("waits out the outage"));

        sqs.suspend();
        try {
            assertThat(sqs.isRunning()).isFalse();
            assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("lost?")))
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(ConnectException.class);
        } finally {
            sqs.resume();
        }

        assertThat(receiveOne(sqs.queueUrl(), Duration.ofSeconds(2)).body()).isEqualTo("waits out the outage");
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() {
        LoopbackOnly.assertUnreachableFromTheNetwork(sqs.port());
    }

    @Test
    void aStoppedServerCannotBeResumed() {
        InProcessSqs stopped = InProcessSqs.builder().start();
        stopped.stop();

        assertThat(stopped.isRunning()).isFalse();
        assertThatThrownBy(stopped::resume).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void portInUseIsReportedInOneLine() {
        assertThatThrownBy(() -> InProcessSqs.builder().port(sqs.port()).start())
                .isInstanceOf(ServerStartException.class)
                .hasMessage("sqs: port " + sqs.port() + " is already in use");
    }

    private static Message receiveOne(String queueUrl, Duration wait) {
        List<Message> messages = receive(queueUrl, wait);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    private static List<Message> receive(String queueUrl, Duration wait) {
        return client.receiveMessage(b -> b.queueUrl(queueUrl)
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }
}
