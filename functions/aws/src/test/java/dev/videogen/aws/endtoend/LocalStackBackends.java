package dev.videogen.aws.endtoend;

import dev.videogen.aws.client.AwsClientSettings;
import java.net.URI;
import java.util.Map;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** S3 and SQS of a LocalStack container: the bucket and both queues are created through the SDK, as on AWS. */
final class LocalStackBackends implements Backends {

    private final LocalStackContainer container;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    private LocalStackBackends(LocalStackContainer container, String queueUrl, String deadLetterQueueUrl) {
        this.container = container;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** Creates the bucket and the queues in a running container; the container's owner stops it. */
    static LocalStackBackends in(LocalStackContainer container, String bucket, QueueSettings queues) {
        AwsClientSettings settings = AwsClientSettings.forLocalEndpoint(container.getEndpoint())
                .region(container.getRegion()).build();
        try (S3Client s3 = settings.configure(S3Client.builder()).forcePathStyle(true).build();
             SqsClient sqs = settings.configure(SqsClient.builder()).build()) {
            s3.createBucket(b -> b.bucket(bucket));
            String deadLetters = sqs.createQueue(b -> b.queueName("videogen-render-e2e-dlq")).queueUrl();
            String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetters)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            String redrive = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\""
                    + queues.maxReceiveCount() + "\"}";
            String render = sqs.createQueue(b -> b.queueName("videogen-render-e2e").attributes(Map.of(
                    QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(queues.visibilityTimeout().toSeconds()),
                    QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
            return new LocalStackBackends(container, render, deadLetters);
        }
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public URI storageEndpoint() {
        return container.getEndpoint();
    }

    @Override
    public URI queueEndpoint() {
        return container.getEndpoint();
    }

    @Override
    public String queueUrl() {
        return queueUrl;
    }

    @Override
    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    @Override
    public void close() {
        // the container belongs to the test class (@Container) and is stopped by Testcontainers
    }
}
