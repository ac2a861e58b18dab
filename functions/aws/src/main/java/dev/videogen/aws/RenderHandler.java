package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videogen.engine.Redaction;
import dev.videogen.jobs.RenderWorker;
import dev.videogen.jobs.chunks.ChunkWorker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The render function: each SQS message names a job, which the worker renders (or splits into pieces when it is long),
 * or one piece of a split job, which the chunk worker renders (stitching the job after its last piece). A message whose job should be tried
 * again (a passing failure, an unreachable database) is reported as a batch item failure so SQS delivers it again
 * after its visibility timeout; after the queue's maximum receives it moves to the dead-letter queue.
 */
public final class RenderHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(RenderHandler.class);

    private final Supplier<RenderWorker> worker;
    private final Supplier<ChunkWorker> chunkWorker;

    public RenderHandler() {
        this(() -> LambdaRuntime.shared().service().worker(), () -> LambdaRuntime.shared().service().chunkWorker());
    }

    public RenderHandler(Supplier<RenderWorker> worker) {
        this(worker, () -> {
            throw new IllegalStateException("this render handler takes no pieces of chunked jobs");
        });
    }

    public RenderHandler(Supplier<RenderWorker> worker, Supplier<ChunkWorker> chunkWorker) {
        this.worker = worker;
        this.chunkWorker = chunkWorker;
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
            try {
                OptionalInt chunk = QueueMessages.chunk(message);
                if (chunk.isPresent()) {
                    ChunkWorker.Outcome outcome = chunkWorker.get().processDelivery(jobId.get(), chunk.getAsInt(),
                            "render-" + invocation, QueueMessages.receiveCount(message));
                    if (outcome == ChunkWorker.Outcome.RETRY_LATER) {
                        failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    }
                    continue;
                }
                RenderWorker.Result result = worker.get().processDelivery(jobId.get(), "render-" + invocation,
                        QueueMessages.receiveCount(message));
                if (result.outcome() == RenderWorker.Outcome.RETRY_LATER) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            } catch (RuntimeException e) {
                LOG.error("job {} could not be processed; its message will be delivered again: {}", jobId.get(),
                        Redaction.failure(e));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
