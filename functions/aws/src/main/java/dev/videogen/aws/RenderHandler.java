package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videogen.aws.queue.SqsRenderQueue;
import dev.videogen.engine.Redaction;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.chunks.ChunkWorker;
import dev.videogen.jobs.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render function: each SQS message names a job, which the worker renders (or splits into pieces when it is long),
 * or one piece of a split job, which the chunk worker renders (stitching the job after its last piece). A message
 * whose job or piece should be tried again later (a passing failure, a retry not yet due, an unreachable database)
 * has its visibility shortened to the wait the retry policy chose ({@code ChangeMessageVisibility}) and is then
 * reported as a batch item failure, so SQS delivers it again after seconds or minutes, never after the queue's long
 * visibility timeout (six times the function's); after the queue's maximum receives it moves to the dead-letter queue.
 */
public final class RenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(RenderHandler.class);

    private final Supplier<RenderWorker> worker;
    private final Supplier<ChunkWorker> chunkWorker;
    private final Supplier<SqsRenderQueue> queue;

    public RenderHandler() {
        this(() -> LambdaRuntime.shared().service().worker(), () -> LambdaRuntime.shared().service().chunkWorker(),
                () -> LambdaRuntime.shared().queue());
    }

    /** A handler for jobs only, whose retries wait for the queue's visibility timeout (tests of other concerns). */
    public RenderHandler(Supplier<RenderWorker> worker) {
        this(worker, () -> {
            throw new IllegalStateException("this render handler takes no pieces of chunked jobs");
        }, () -> {
            throw new IllegalStateException("this render handler shortens no message's visibility");
        });
    }

    /**
     * @param queue the render queue the messages come from, whose visibility it shortens for retries
     */
    public RenderHandler(Supplier<RenderWorker> worker, Supplier<ChunkWorker> chunkWorker,
                         Supplier<SqsRenderQueue> queue) {
        this.worker = worker;
        this.chunkWorker = chunkWorker;
        this.queue = queue;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        String invocation = context == null || context.getAwsRequestId() == null ? "local" : context.getAwsRequestId();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Optional<String> jobId = QueueMessages.jobId(message);
            if (jobId.isEmpty()) {
                LOG.warn("message {} does not name a job; dropped", message.getMessageId());
                continue;
            }
            int receiveCount = QueueMessages.receiveCount(message);
            try {
                OptionalInt chunk = QueueMessages.chunk(message);
                if (chunk.isPresent()) {
                    ChunkWorker.Delivery delivery = chunkWorker.get().deliver(jobId.get(), chunk.getAsInt(),
                            "render-" + invocation, receiveCount);
                    if (delivery.outcome() == ChunkWorker.Outcome.RETRY_LATER) {
                        if (delivery.retryAfter() != null) {
                            comeBackAfter(message, delivery.retryAfter());
                        }
                        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    }
                    continue;
                }
                RenderWorker.Result result = worker.get().processDelivery(jobId.get(), "render-" + invocation,
                        receiveCount);
                if (result.outcome() == RenderWorker.Outcome.RETRY_LATER) {
                    comeBackAfter(message, result.retryAfter());
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (RuntimeException e) {
                LOG.error("job {} could not be processed; its message will be delivered again: {}", jobId.get(),
                        Redaction.failure(e));
                // the same schedule as a failed attempt: a database back within seconds costs seconds
                comeBackAfter(message, redeliveryDelay(receiveCount));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private Duration redeliveryDelay(int receiveCount) {
        try {
            return worker.get().redeliveryDelay(receiveCount);
        } catch (RuntimeException e) {
            // the function could not even be assembled: the service's default schedule
            return RetryPolicy.standard(1, Duration.ZERO).delayAfter(receiveCount,
                    ThreadLocalRandom.current().nextDouble());
        }
    }

    private void comeBackAfter(SQSEvent.SQSMessage message, Duration delay) {
        try {
            queue.get().redeliverAfter(message.getReceiptHandle(), delay);
        } catch (RuntimeException e) {
            // the message comes back after the queue's visibility timeout instead; the sweeper re-queues the job
            // sooner when its retry is overdue
            LOG.warn("the retry of message {} could not be scheduled: {}", message.getMessageId(), e.getMessage());
        }
    }
}
