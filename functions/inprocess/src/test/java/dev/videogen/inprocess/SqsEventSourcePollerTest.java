package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsEventSourcePollerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private InProcessSqs sqs;
    private SqsClient client;
    private SqsEventSourcePoller poller;

    @BeforeEach
    void startQueue() {
        // A server per test (about 0.1 s once warm): no message or long poll of one test can reach another.
        sqs = InProcessSqs.builder().visibilityTimeout(Duration.ofSeconds(1)).maxReceiveCount(2).start();
        client = sqs.newClient();
    }

    @AfterEach
    void stopQueue() {
        if (poller != null) {
            poller.stop(Duration.ofSeconds(5));
        }
        client.close();
        sqs.stop();
    }

    @Test
    void handlerGetsALambdaShapedEventAndSucceededMessagesAreDeleted() {
        List<SQSEvent> events = new CopyOnWriteArrayList<>();
        List<Context> contexts = new CopyOnWriteArrayList<>();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            events.add(event);
            contexts.add(context);
            return new SQSBatchResponse(List.of());
        }).functionName("render-under-test").functionTimeout(Duration.ofMinutes(2)));

        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{\"job_id\":\"vg_abc\"}")
                .messageAttributes(Map.of("origin", MessageAttributeValue.builder().dataType("String")
                        .stringValue("test").build())));

        Eventually.await(PATIENCE, "message deleted", () -> poller.statistics().messagesDeleted() == 1);
        assertThat(events).hasSize(1);
        SQSEvent.SQSMessage record = events.get(0).getRecords().get(0);
        assertThat(record.getBody()).isEqualTo("{\"job_id\":\"vg_abc\"}");
        assertThat(record.getMessageId()).isNotBlank();
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo(sqs.queueArn());
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1").containsKey("SentTimestamp");
        assertThat(record.getMessageAttributes().get("origin").getStringValue()).isEqualTo("test");
        assertThat(contexts.get(0).getFunctionName()).isEqualTo("render-under-test");
        assertThat(contexts.get(0).getRemainingTimeInMillis()).isBetween(1, 120_000);
        assertThat(queueIsEmpty()).isTrue();
    }

    @Test
    void reportedBatchItemFailureIsDeliveredAgainAfterTheVisibilityTimeout() {
        List<String> receiveCounts = new CopyOnWriteArrayList<>();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            SQSEvent.SQSMessage record = event.getRecords().get(0);
            receiveCounts.add(record.getAttributes().get("ApproximateReceiveCount"));
            return receiveCounts.size() == 1
                    ? new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure(record.getMessageId())))
                    : new SQSBatchResponse(List.of());
        }));

        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("retry me"));

        Eventually.await(PATIENCE, "second delivery deleted", () -> poller.statistics().messagesDeleted() == 1);
        assertThat(receiveCounts).containsExactly("1", "2");
        assertThat(poller.statistics().messagesLeftForRedelivery()).isEqualTo(1);
        assertThat(queueIsEmpty()).isTrue();
    }

    @Test
    void handlerThatAlwaysThrowsSendsTheMessageToTheDeadLetterQueue() {
        AtomicInteger attempts = new AtomicInteger();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("render crashed");
        }));

        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("poison"));

        Eventually.await(PATIENCE, "message in the dead-letter queue", () -> !client.receiveMessage(b -> b
                .queueUrl(sqs.deadLetterQueueUrl())).messages().isEmpty());
        assertThat(attempts).hasValue(sqs.maxReceiveCount());
        assertThat(poller.statistics().failedInvocations()).isEqualTo(sqs.maxReceiveCount());
        assertThat(poller.statistics().messagesDeleted()).isZero();
    }

    @Test
    void unknownBatchItemIdentifierFailsTheWholeBatch() {
        AtomicInteger attempts = new AtomicInteger();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            attempts.incrementAndGet();
            return new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-in-this-batch")));
        }));

        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("odd response"));

        // the statistics are settled after the handler returns: wait on them, not on the handler's own count
        Eventually.await(PATIENCE, "two invocations settled as failed",
                () -> poller.statistics().failedInvocations() >= 2);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
        assertThat(poller.statistics().messagesDeleted()).isZero();
    }

    @Test
    void invocationOverrunningTheFunctionTimeoutFailsAndIsDeliveredAgain() {
        AtomicInteger attempts = new AtomicInteger();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            if (attempts.incrementAndGet() == 1) {
                sleep(Duration.ofSeconds(3));
            }
            return null;
        }).functionTimeout(Duration.ofMillis(300)));

        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("slow first time"));

        Eventually.await(PATIENCE, "second delivery deleted", () -> poller.statistics().messagesDeleted() == 1);
        assertThat(attempts).hasValue(2);
        assertThat(poller.statistics().failedInvocations()).isEqualTo(1);
    }

    @Test
    void workersInvokeTheHandlerConcurrentlyOnNamedThreads() throws InterruptedException {
        CountDownLatch allRunning = new CountDownLatch(3);
        Set<String> threadNames = ConcurrentHashMap.newKeySet();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            threadNames.add(Thread.currentThread().getName());
            allRunning.countDown();
            await(allRunning);
            return null;
        }).workers(3).functionName("render"));

        for (int i = 0; i < 3; i++) {
            String body = "job " + i;
            client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody(body));
        }

        assertThat(allRunning.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("three invocations at once").isTrue();
        Eventually.await(PATIENCE, "all deleted", () -> poller.statistics().messagesDeleted() == 3);
        assertThat(threadNames).containsExactlyInAnyOrder("lambda-render-1", "lambda-render-2", "lambda-render-3");
    }

    @Test
    void stopLetsAnInFlightInvocationFinishWithinTheGracePeriod() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            started.countDown();
            sleep(Duration.ofMillis(500));
            return null;
        }));
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("finish me"));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        int returned = poller.stop(Duration.ofSeconds(5));

        assertThat(returned).isZero();
        assertThat(poller.statistics().messagesDeleted()).isEqualTo(1);
        assertThat(queueIsEmpty()).isTrue();
    }

    @Test
    void stopReturnsTheMessageOfAnInvocationStillRunningAfterTheGracePeriod() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        }));
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("abandon me"));
        assertThat(started.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        int returned = poller.stop(Duration.ofMillis(200));

        assertThat(returned).isEqualTo(1);
        assertThat(interrupted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("handler interrupted").isTrue();
        List<Message> again = client.receiveMessage(b -> b.queueUrl(sqs.queueUrl())
                .messageSystemAttributeNamesWithStrings("All")).messages();
        assertThat(again).as("visible again at once, not after the visibility timeout").hasSize(1);
        assertThat(again.get(0).body()).isEqualTo("abandon me");
        assertThat(poller.statistics().messagesDeleted()).isZero();
    }

    @Test
    void pollerKeepsPollingThroughAQueueOutage() {
        AtomicInteger handled = new AtomicInteger();
        poller = start(SqsEventSourcePoller.builder(client, sqs.queueUrl(), (event, context) -> {
            handled.incrementAndGet();
            return null;
        }).receiveRetryDelay(Duration.ofMillis(100)));

        sqs.suspend();
        try {
            Eventually.await(PATIENCE, "a receive failed", () -> poller.statistics().failedReceives() > 0);
        } finally {
            sqs.resume();
        }
        client.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("after the outage"));

        Eventually.await(PATIENCE, "handled after the outage", () -> handled.get() == 1);
        Eventually.await(PATIENCE, "deleted", () -> poller.statistics().messagesDeleted() == 1);
    }

    private SqsEventSourcePoller start(SqsEventSourcePoller.Builder builder) {
        // Short long polls so that stop() in the clean-up returns quickly.
        return builder.waitTime(Duration.ofSeconds(1)).start();
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> attributes = client.getQueueAttributes(b -> b.queueUrl(sqs.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
