package dev.videogen.aws.endtoend;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The same cases against S3 and SQS of LocalStack, for those who have Docker; skipped where there is none. Every path
 * is also covered by {@link InProcessHandlersEndToEndTest}, which needs nothing but this JVM.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackHandlersEndToEndTest extends HandlersEndToEndTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("s3", "sqs");

    @Override
    Backends startBackends(Backends.QueueSettings settings) {
        return LocalStackBackends.in(LOCALSTACK, HandlerStack.BUCKET, settings);
    }

    @Override
    String backendName() {
        return "LocalStack S3 and SQS";
    }
}
