package dev.videogen.inprocess;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

/**
 * Plays Lambda's SQS event source mapping for a handler running in this JVM: it long-polls the queue, hands each
 * batch to the handler as an {@link SQSEvent}, and settles the batch the way Lambda does with
 * {@code ReportBatchItemFailures} enabled.
 *
 * <ul>
 *   <li>Messages not named in the response's {@code batchItemFailures} are deleted; named ones are left alone and
 *       come back after the queue's visibility timeout, until the queue's redrive policy moves them to the
 *       dead-letter queue (that is the server's job, as in SQS).</li>
 *   <li>A handler that throws, overruns the function timeout, or names an item the batch does not contain fails
 *       the whole batch: nothing is deleted.</li>
 *   <li>{@code workers} pollers run concurrently, each invoking the handler on its own thread
 *       ({@code lambda-<function>-<n>}), like that many concurrent execution environments.</li>
 * </ul>
 *
 * <p>{@link #stop(Duration)} stops receiving, lets in-flight invocations finish within the grace period, and
 * returns the messages of those still running to the queue at once ({@code ChangeMessageVisibility 0}); their
 * handlers are interrupted and their outcome ignored. Delivery is at least once, as in production: a message can be
 * handled again after any failure.
 */
public final class SqsEventSourcePoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSourcePoller.class);

    /** Counts since the poller started. */
    public record Statistics(
            long invocations,
            long messagesDeleted,
            long messagesLeftForRedelivery,
            long failedInvocations,
            long messagesReturnedOnStop,
            long failedReceives) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
    private final int batchSize;
    private final Duration waitTime;
    private final String functionName;
    private final Duration functionTimeout;
    private final int memoryLimitMb;
    private final Duration receiveRetryDelay;
    private final List<Thread> workers;
    private final Set<Invocation> inFlight = ConcurrentHashMap.newKeySet();
    private final Object inFlightChanged = new Object();
    private volatile boolean running = true;

    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong leftForRedelivery = new AtomicLong();
    private final AtomicLong failedInvocations = new AtomicLong();
    private final AtomicLong returnedOnStop = new AtomicLong();
    private final AtomicLong failedReceives = new AtomicLong();

    private SqsEventSourcePoller(Builder builder) {
        this.sqs = builder.sqs;
        this.queueUrl = builder.queueUrl;
        this.handler = builder.handler;
        this.batchSize = builder.batchSize;
        this.waitTime = builder.waitTime;
        this.functionName = builder.functionName;
        this.functionTimeout = builder.functionTimeout;
        this.memoryLimitMb = builder.memoryLimitMb;
        this.receiveRetryDelay = builder.receiveRetryDelay;
        this.queueArn = builder.queueArn != null ? builder.queueArn : lookUpQueueArn(sqs, queueUrl);
        this.region = builder.region != null ? builder.region : regionOf(queueArn);
        this.workers = IntStream.rangeClosed(1, builder.workers)
                .mapToObj(n -> {
                    Thread worker = new Thread(() -> poll(n), "sqs-poller-" + functionName + "-" + n);
                    worker.setDaemon(true);
                    return worker;
                })
                .toList();
        workers.forEach(Thread::start);
    }

    /**
     * A builder for a poller that feeds messages from {@code queueUrl} to {@code handler}.
     *
     * @param sqs the client to poll with; the caller keeps ownership and closes it after {@link #stop(Duration)}
     */
    public static Builder builder(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        return new Builder(sqs, queueUrl, handler);
    }

    /** The ARN put into every record's {@code eventSourceARN}. */
    public String queueArn() {
        return queueArn;
    }

    public boolean isRunning() {
        return running;
    }

    public Statistics statistics() {
        return new Statistics(invocations.get(), deleted.get(), leftForRedelivery.get(), failedInvocations.get(),
                returnedOnStop.get(), failedReceives.get());
    }

    /**
     * Stops receiving, waits up to {@code grace} for in-flight invocations to finish, then returns the messages of the
     * ones still running to the queue for immediate redelivery. Workers idle in a long poll are not waited for (that
     * could take the whole wait time): whatever such a poll still receives goes straight back to the queue, with its
     * receive count raised by one, and the worker ends. Close the SQS client only after this returns.
     *
     * @return how many messages of unfinished invocations were returned to the queue
     */
    public int stop(Duration grace) {
        if (!running) {
            return 0;
        }
        running = false;
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (inFlightChanged) {
            while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
                try {
                    inFlightChanged.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        int returned = 0;
        for (Invocation invocation : List.copyOf(inFlight)) {
            if (invocation.abandon()) {
                returned += returnToQueue(invocation.messages);
                LOG.warn("{}: stopped while invocation {} was running; its {} message(s) went back to the queue",
                        functionName, invocation.requestId, invocation.messages.size());
            }
        }
        returnedOnStop.addAndGet(returned);
        return returned;
    }

    /**
     * The execution environments die at once, as when their host is lost or Lambda stops an invocation without a
     * response: nothing is received any more, running handlers are interrupted, and their messages are neither
     * deleted nor returned, so they stay invisible until the queue's visibility timeout brings them back.
     *
     * @return how many invocations were running
     */
    public int kill() {
        running = false;
        int killed = 0;
        for (Invocation invocation : List.copyOf(inFlight)) {
            if (invocation.abandon()) {
                killed++;
                LOG.warn("{}: killed while invocation {} was running; its {} message(s) stay invisible", functionName,
                        invocation.requestId, invocation.messages.size());
            }
        }
        return killed;
    }

    /** Stops with a grace period of 30 seconds. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void poll(int workerNumber) {
        ExecutorService invoker = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "lambda-" + functionName + "-" + workerNumber);
            thread.setDaemon(true);
            return thread;
        });
        ReceiveMessageRequest receive = ReceiveMessageRequest.builder()
                .queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds((int) waitTime.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")
                .build();
        boolean receiveFailing = false;
        try {
            while (running) {
                List<Message> messages;
                try {
                    messages = sqs.receiveMessage(receive).messages();
                    if (receiveFailing) {
                        LOG.info("{}: receiving from {} again", functionName, queueUrl);
                        receiveFailing = false;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    failedReceives.incrementAndGet();
                    if (!receiveFailing) {
                        LOG.warn("{}: cannot receive from {} ({}); retrying every {} ms", functionName, queueUrl,
                                e.getMessage(), receiveRetryDelay.toMillis());
                    }
                    receiveFailing = true;
                    pause(receiveRetryDelay);
                    continue;
                }
                if (messages.isEmpty()) {
                    continue;
                }
                if (!running) {
                    returnedOnStop.addAndGet(returnToQueue(messages));
                    break;
                }
                invoke(new Invocation(messages), invoker);
            }
        } finally {
            invoker.shutdownNow();
        }
    }

    private void invoke(Invocation invocation, ExecutorService invoker) {
        inFlight.add(invocation);
        try {
            invocations.incrementAndGet();
            SQSEvent event = toEvent(invocation.messages);
            LocalLambdaContext context = new LocalLambdaContext(functionName, region, memoryLimitMb, functionTimeout);
            invocation.requestId = context.getAwsRequestId();
            Future<SQSBatchResponse> result = invoker.submit(() -> handler.handleRequest(event, context));
            invocation.running.set(result);
            if (invocation.isAbandoned()) {
                // stop() gave the messages back before the handler was even submitted.
                result.cancel(true);
                return;
            }
            SQSBatchResponse response;
            try {
                response = result.get(functionTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                failWholeBatch(invocation, "timed out after " + functionTimeout.toMillis() + " ms", null);
                return;
            } catch (ExecutionException e) {
                failWholeBatch(invocation, "threw", e.getCause());
                return;
            } catch (CancellationException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (invocation.finish()) {
                settle(invocation, response);
            }
        } finally {
            inFlight.remove(invocation);
            synchronized (inFlightChanged) {
                inFlightChanged.notifyAll();
            }
        }
    }

    private void failWholeBatch(Invocation invocation, String what, Throwable cause) {
        if (invocation.finish()) {
            recordWholeBatchFailure(invocation, what, cause);
        }
    }

    private void recordWholeBatchFailure(Invocation invocation, String what, Throwable cause) {
        failedInvocations.incrementAndGet();
        leftForRedelivery.addAndGet(invocation.messages.size());
        LOG.warn("{}: invocation {} {}; its {} message(s) stay on the queue for redelivery", functionName,
                invocation.requestId, what, invocation.messages.size(), cause);
    }

    /** Deletes what succeeded, following Lambda's reading of {@code batchItemFailures}. */
    private void settle(Invocation invocation, SQSBatchResponse response) {
        List<SQSBatchResponse.BatchItemFailure> failures =
                response == null || response.getBatchItemFailures() == null ? List.of() : response.getBatchItemFailures();
        Set<String> batchIds = invocation.messages.stream().map(Message::messageId).collect(Collectors.toSet());
        Set<String> failedIds = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure failure : failures) {
            String id = failure == null ? null : failure.getItemIdentifier();
            if (id == null || id.isBlank() || !batchIds.contains(id)) {
                recordWholeBatchFailure(invocation, "reported a batch item failure for unknown item '" + id + "'", null);
                return;
            }
            failedIds.add(id);
        }
        List<Message> succeeded = invocation.messages.stream().filter(m -> !failedIds.contains(m.messageId())).toList();
        leftForRedelivery.addAndGet(failedIds.size());
        delete(succeeded);
    }

    private void delete(List<Message> messages) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle())
                    .build());
        }
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            deleted.addAndGet(response.successful().size());
            if (response.hasFailed() && !response.failed().isEmpty()) {
                LOG.warn("{}: {} handled message(s) could not be deleted and will be delivered again: {}", functionName,
                        response.failed().size(), response.failed());
            }
        } catch (SdkException e) {
            // As with Lambda: the handler's work stands, and the message comes back after its visibility timeout.
            LOG.warn("{}: could not delete {} handled message(s) ({}); they will be delivered again", functionName,
                    messages.size(), e.getMessage());
        }
    }

    private int returnToQueue(List<Message> messages) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(i))
                    .receiptHandle(messages.get(i).receiptHandle())
                    .visibilityTimeout(0)
                    .build());
        }
        try {
            return sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries)).successful().size();
        } catch (SdkException e) {
            LOG.warn("{}: could not return {} message(s) to the queue ({}); they come back after the visibility timeout",
                    functionName, messages.size(), e.getMessage());
            return 0;
        }
    }

    private SQSEvent toEvent(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            record.setAttributes(new HashMap<>(message.attributesAsStrings()));
            record.setMessageAttributes(toEventAttributes(message.messageAttributes()));
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(region);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static Map<String, SQSEvent.MessageAttribute> toEventAttributes(Map<String, MessageAttributeValue> attributes) {
        Map<String, SQSEvent.MessageAttribute> converted = new HashMap<>();
        attributes.forEach((name, value) -> {
            SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
            attribute.setDataType(value.dataType());
            attribute.setStringValue(value.stringValue());
            if (value.binaryValue() != null) {
                attribute.setBinaryValue(value.binaryValue().asByteBuffer());
            }
            attribute.setStringListValues(new ArrayList<>(value.stringListValues()));
            attribute.setBinaryListValues(value.binaryListValues().stream().map(b -> b.asByteBuffer()).toList());
            converted.put(name, attribute);
        });
        return converted;
    }

    private static String lookUpQueueArn(SqsClient sqs, String queueUrl) {
        try {
            return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
        } catch (SdkException e) {
            throw new IllegalStateException("cannot read the ARN of " + queueUrl + ": " + e.getMessage(), e);
        }
    }

    private static String regionOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":");
        return parts.length > 3 && !parts[3].isEmpty() ? parts[3] : "us-east-1";
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One batch handed to the handler; finished by its worker or abandoned by stop(), whichever comes first. */
    private static final class Invocation {

        private static final int RUNNING = 0;
        private static final int FINISHED = 1;
        private static final int ABANDONED = 2;

        final List<Message> messages;
        final AtomicReference<Future<?>> running = new AtomicReference<>();
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        volatile String requestId = "(not started)";

        Invocation(List<Message> messages) {
            this.messages = List.copyOf(messages);
        }

        boolean finish() {
            return state.compareAndSet(RUNNING, FINISHED);
        }

        boolean isAbandoned() {
            return state.get() == ABANDONED;
        }

        boolean abandon() {
            if (!state.compareAndSet(RUNNING, ABANDONED)) {
                return false;
            }
            Future<?> future = running.get();
            if (future != null) {
                future.cancel(true);
            }
            return true;
        }
    }

    /** Settings of an {@link SqsEventSourcePoller}; the defaults are those of the deployed render function. */
    public static final class Builder {

        private final SqsClient sqs;
        private final String queueUrl;
        private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
        private int batchSize = 1;
        private int workers = 1;
        private Duration waitTime = Duration.ofSeconds(20);
        private String functionName = "videogen-render";
        private Duration functionTimeout = Duration.ofMinutes(15);
        private int memoryLimitMb = 1769;
        private Duration receiveRetryDelay = Duration.ofSeconds(1);
        private String queueArn;
        private String region;

        private Builder(SqsClient sqs, String queueUrl, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
            this.sqs = Objects.requireNonNull(sqs, "sqs");
            this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Messages per invocation, 1..10; 1 by default, as for renders. */
        public Builder batchSize(int size) {
            if (size < 1 || size > 10) {
                throw new IllegalArgumentException("batchSize must be within 1..10, was " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Concurrent invocations; 1 by default. */
        public Builder workers(int count) {
            if (count < 1 || count > 256) {
                throw new IllegalArgumentException("workers must be within 1..256, was " + count);
            }
            this.workers = count;
            return this;
        }

        /** Long-poll wait per receive, whole seconds within 0..20; 20 s by default, as Lambda polls. */
        public Builder waitTime(Duration wait) {
            if (wait.isNegative() || wait.compareTo(Duration.ofSeconds(20)) > 0 || wait.toNanosPart() != 0) {
                throw new IllegalArgumentException("waitTime must be whole seconds within 0..20, was " + wait);
            }
            this.waitTime = wait;
            return this;
        }

        /** The name in the context, the log category and the thread names; {@code videogen-render} by default. */
        public Builder functionName(String name) {
            if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("not a valid function name: " + name);
            }
            this.functionName = name;
            return this;
        }

        /** How long an invocation may run before it counts as failed; 15 min by default. */
        public Builder functionTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
                throw new IllegalArgumentException("functionTimeout must be within (0, 15 min], was " + timeout);
            }
            this.functionTimeout = timeout;
            return this;
        }

        /** The memory size reported by the context; 1769 MB by default. */
        public Builder memoryLimitMb(int megabytes) {
            if (megabytes < 128 || megabytes > 10_240) {
                throw new IllegalArgumentException("memoryLimitMb must be within 128..10240, was " + megabytes);
            }
            this.memoryLimitMb = megabytes;
            return this;
        }

        /** The pause after a failed receive (queue unreachable); 1 s by default. */
        public Builder receiveRetryDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("receiveRetryDelay must not be negative, was " + delay);
            }
            this.receiveRetryDelay = delay;
            return this;
        }

        /** The queue's ARN for {@code eventSourceARN}; read from the queue at start when not given. */
        public Builder queueArn(String arn) {
            this.queueArn = Objects.requireNonNull(arn, "arn");
            return this;
        }

        /** The region in records and the context; taken from the queue ARN when not given. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Starts the workers. */
        public SqsEventSourcePoller start() {
            return new SqsEventSourcePoller(this);
        }
    }
}
