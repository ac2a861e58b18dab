package dev.videogen.aws.endtoend;

import dev.videogen.inprocess.InProcessS3;
import dev.videogen.inprocess.InProcessSqs;
import java.net.URI;

/** The in-process S3 and SQS servers of the local stack. */
final class InProcessBackends implements Backends {

    private final InProcessS3 s3;
    private final InProcessSqs sqs;

    private InProcessBackends(InProcessS3 s3, InProcessSqs sqs) {
        this.s3 = s3;
        this.sqs = sqs;
    }

    static InProcessBackends start(String bucket, QueueSettings queues) {
        InProcessS3 s3 = InProcessS3.builder().bucket(bucket).start();
        try {
            InProcessSqs sqs = InProcessSqs.builder().queueName("videogen-render-e2e")
                    .visibilityTimeout(queues.visibilityTimeout()).maxReceiveCount(queues.maxReceiveCount()).start();
            return new InProcessBackends(s3, sqs);
        } catch (RuntimeException e) {
            s3.stop();
            throw e;
        }
    }

    /** The SQS server, for restarting it. */
    InProcessSqs sqs() {
        return sqs;
    }

    @Override
    public String region() {
        return sqs.region();
    }

    @Override
    public URI storageEndpoint() {
        return s3.endpoint();
    }

    @Override
    public URI queueEndpoint() {
        return sqs.endpoint();
    }

    @Override
    public String queueUrl() {
        return sqs.queueUrl();
    }

    @Override
    public String deadLetterQueueUrl() {
        return sqs.deadLetterQueueUrl();
    }

    @Override
    public void close() {
        try {
            sqs.stop();
        } finally {
            s3.stop();
        }
    }
}
