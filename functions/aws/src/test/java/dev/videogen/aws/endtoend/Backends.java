package dev.videogen.aws.endtoend;

import java.net.URI;
import java.time.Duration;

/**
 * The S3- and SQS-speaking servers the handlers run against: the results bucket, and the render queue with its
 * dead-letter queue (a message received {@code maxReceiveCount} times moves there on its next receive).
 */
interface Backends extends AutoCloseable {

    /** What the queues must be like. */
    record QueueSettings(Duration visibilityTimeout, int maxReceiveCount) {
    }

    String region();

    /** The S3 endpoint, reached with path-style addressing. */
    URI storageEndpoint();

    URI queueEndpoint();

    String queueUrl();

    String deadLetterQueueUrl();

    @Override
    void close();
}
