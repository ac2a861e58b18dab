package dev.videogen.aws.endtoend;

/** The handlers end to end against the in-process S3 and SQS servers, as the local stack runs them. */
class InProcessHandlersEndToEndTest extends HandlersEndToEndTest {

    @Override
    Backends startBackends(Backends.QueueSettings settings) {
        return InProcessBackends.start(HandlerStack.BUCKET, settings);
    }

    @Override
    String backendName() {
        return "in-process S3 and SQS";
    }
}
