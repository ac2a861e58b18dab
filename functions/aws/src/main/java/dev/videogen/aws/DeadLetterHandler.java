package dev.videogen.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.videogen.engine.Redaction;
import dev.videogen.jobs.UndeliverableJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the dead-letter queue: a message lands there after the render queue's maximum receives, so its job will
 * never be rendered; the job is marked failed (and its webhook sent) instead of staying pending forever.
 */
public final class DeadLetterHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private final Supplier<UndeliverableJobs> undeliverable;

    public DeadLetterHandler() {
        this(() -> LambdaRuntime.shared().service().undeliverableJobs());
    }

    public DeadLetterHandler(Supplier<UndeliverableJobs> undeliverable) {
        this.undeliverable = undeliverable;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage message : event.getRecords()) {
            Optional<String> jobId = QueueMessages.jobId(message);
            if (jobId.isEmpty()) {
                LOG.warn("dead letter {} does not name a job; dropped", message.getMessageId());
                continue;
            }
            try {
                undeliverable.get().failUndeliverable(jobId.get(), QueueMessages.receiveCount(message));
            } catch (RuntimeException e) {
                LOG.error("dead letter for {} could not be recorded; it will be delivered again: {}", jobId.get(),
                        Redaction.failure(e));
                failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
