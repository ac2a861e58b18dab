package dev.videogen.aws.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.inprocess.FaultInjectingProxy;
import dev.videogen.inprocess.InProcessSqs;
import dev.videogen.jobs.ports.QueueException;
import dev.videogen.jobs.queue.CoalescingRenderQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Concurrent creates share requests to the queue: against the in-process SQS server, behind a proxy that counts the
 * requests and slows each one down so that callers pile up behind the one in flight, as they do under load.
 */
class CoalescingRenderQueueTest {

    private static final Duration SLOW_QUEUE = Duration.ofMillis(300);

    private static InProcessSqs sqs;
    private static SqsClient client;
    private static FaultInjectingProxy proxy;
    private static SqsRenderQueue throughProxy;

    @BeforeAll
    static void startSqs() {
        sqs = InProcessSqs.builder().start();
        client = sqs.newClient();
        proxy = FaultInjectingProxy.start(sqs.endpoint());
        throughProxy = SqsRenderQueue.create(AwsClientSettings.forLocalEndpoint(proxy.endpoint()).maxAttempts(1)
                .build(), sqs.queueUrl());
    }

    @AfterAll
    static void stopSqs() {
        throughProxy.close();
        proxy.close();
        client.close();
        sqs.stop();
    }

    @BeforeEach
    void emptyQueue() {
        proxy.pass();
        client.purgeQueue(b -> b.queueUrl(sqs.queueUrl()));
    }

    @Test
    void aLoneMessageIsSentAtOnceInItsOwnRequest() {
        CoalescingRenderQueue queue = new CoalescingRenderQueue(throughProxy);
        long before = proxy.forwardedRequests();

        queue.enqueue("vg_alone");

        assertThat(proxy.forwardedRequests() - before).isEqualTo(1);
        assertThat(receive(1)).containsExactly("{\"job_id\":\"vg_alone\"}");
    }

    @Test
    void callersThatArriveWhileASendIsInFlightShareRequestsAndEachMessageArrivesOnce() throws Exception {
        CoalescingRenderQueue queue = new CoalescingRenderQueue(throughProxy);
        proxy.delay(SLOW_QUEUE);
        long before = proxy.forwardedRequests();
        int callers = 31;

        List<String> sent = runTogether(callers, queue, new ConcurrentLinkedQueue<>());

        assertThat(sent).hasSize(callers);
        long requests = proxy.forwardedRequests() - before;
        // the first caller goes alone; the thirty behind it need at least three requests of ten
        assertThat(requests).isBetween(4L, 12L);
        assertThat(receive(callers)).containsExactlyInAnyOrderElementsOf(
                sent.stream().map(id -> "{\"job_id\":\"" + id + "\"}").toList());
    }

    @Test
    void whenTheQueueRefusesEveryCallerGetsItsOwnFailureAndNothingIsQueued() throws Exception {
        CoalescingRenderQueue queue = new CoalescingRenderQueue(throughProxy);
        proxy.refuse();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

        List<String> sent = runTogether(12, queue, failures);

        assertThat(sent).isEmpty();
        assertThat(failures).hasSize(12).allSatisfy(failure -> assertThat(failure).isInstanceOf(QueueException.class));
        assertThat(failures.stream().distinct().count()).isEqualTo(12);
        proxy.pass();
        assertThat(client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).waitTimeSeconds(1)).messages()).isEmpty();
    }

    /** Starts {@code callers} threads at once, each enqueueing its own job; returns the ids whose enqueue returned. */
    private static List<String> runTogether(int callers, CoalescingRenderQueue queue,
                                            ConcurrentLinkedQueue<Throwable> failures) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                String jobId = "vg_together_" + i;
                running.add(pool.submit(() -> {
                    start.await();
                    try {
                        queue.enqueue(jobId);
                        sent.add(jobId);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : running) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(sent);
    }

    private static List<String> receive(int expected) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (bodies.size() < expected && System.nanoTime() < deadline) {
            for (Message message : client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                bodies.add(message.body());
                client.deleteMessage(b -> b.queueUrl(sqs.queueUrl()).receiptHandle(message.receiptHandle()));
            }
        }
        // a second message for the same job would show up here too
        for (Message extra : client.receiveMessage(b -> b.queueUrl(sqs.queueUrl()).maxNumberOfMessages(10)
                .waitTimeSeconds(1)).messages()) {
            bodies.add(extra.body());
        }
        return bodies;
    }
}
