package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SqsException;

class FaultInjectingProxyTest {

    private static final String BUCKET = "proxied";

    private static InProcessS3 s3;
    private static InProcessSqs sqs;
    private static FaultInjectingProxy s3Proxy;
    private static FaultInjectingProxy sqsProxy;
    private static S3Client s3Client;
    private static SqsClient sqsClient;

    @BeforeAll
    static void startServersBehindProxies() {
        s3 = InProcessS3.builder().bucket(BUCKET).start();
        sqs = InProcessSqs.builder().start();
        s3Proxy = FaultInjectingProxy.start(s3.endpoint());
        sqsProxy = FaultInjectingProxy.start(sqs.endpoint());
        s3Client = S3Client.builder()
                .endpointOverride(s3Proxy.endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // One attempt: every fault must reach the test as it is, not be retried away.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        sqsClient = SqsClient.builder()
                .endpointOverride(sqsProxy.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopAll() {
        s3Client.close();
        sqsClient.close();
        s3Proxy.close();
        sqsProxy.close();
        s3.stop();
        sqs.stop();
    }

    @AfterEach
    void passEverything() {
        s3Proxy.pass();
        sqsProxy.pass();
    }

    @Test
    void passRelaysUploadsDownloadsAndHeadsUnchanged() {
        long before = s3Proxy.forwardedRequests();
        byte[] content = "x".repeat(200_000).getBytes(StandardCharsets.UTF_8);

        s3Client.putObject(b -> b.bucket(BUCKET).key("big.bin"), RequestBody.fromBytes(content));

        assertThat(s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key("big.bin")).asByteArray()).isEqualTo(content);
        assertThat(s3Client.headObject(b -> b.bucket(BUCKET).key("big.bin")).contentLength()).isEqualTo(200_000L);
        assertThat(s3Proxy.forwardedRequests() - before).isEqualTo(3);
        assertThat(s3Proxy.mode()).isEqualTo(FaultInjectingProxy.Mode.PASS);
    }

    @Test
    void refusedUploadReachesTheSdkAsAnS3ServiceUnavailable() {
        s3Proxy.refuse("PUT");

        assertThatThrownBy(() -> s3Client.putObject(b -> b.bucket(BUCKET).key("refused.bin"),
                RequestBody.fromString("never stored")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
        assertThat(s3Proxy.refusedRequests()).isEqualTo(1);

        s3Proxy.pass();
        assertThatThrownBy(() -> s3Client.headObject(b -> b.bucket(BUCKET).key("refused.bin")))
                .as("the server never saw the upload")
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void refusalLimitedToUploadsLetsDownloadsThrough() {
        s3Client.putObject(b -> b.bucket(BUCKET).key("readable.txt"), RequestBody.fromString("still readable"));
        s3Proxy.refuse("PUT", "POST");

        assertThat(s3Client.getObjectAsBytes(b -> b.bucket(BUCKET).key("readable.txt")).asUtf8String())
                .isEqualTo("still readable");
    }

    @Test
    void droppedUploadReachesTheSdkAsAConnectionFailure() {
        s3Proxy.drop("PUT");

        assertThatThrownBy(() -> s3Client.putObject(b -> b.bucket(BUCKET).key("dropped.bin"),
                RequestBody.fromString("cut off")))
                .isInstanceOf(SdkClientException.class)
                .hasRootCauseInstanceOf(IOException.class);
        assertThat(s3Proxy.droppedRequests()).isEqualTo(1);
    }

    @Test
    void refusedSqsCallReachesTheSdkAsAJsonServiceUnavailable() {
        sqsProxy.refuse();

        assertThatThrownBy(() -> sqsClient.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{}")))
                .isInstanceOfSatisfying(SqsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
                });
    }

    @Test
    void droppedSqsCallAndBackToPass() {
        sqsProxy.drop();
        assertThatThrownBy(() -> sqsClient.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{}")))
                .isInstanceOf(SdkClientException.class);

        sqsProxy.pass();
        assertThat(sqsClient.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{}")).messageId()).isNotBlank();
    }

    @Test
    void serverThatIsDownLooksDownThroughTheProxy() {
        try (FaultInjectingProxy toNowhere = FaultInjectingProxy.start(URI.create("http://127.0.0.1:" + LoopbackPorts.pickFree()));
                S3Client client = S3Clients.client(toNowhere.endpoint())) {
            assertThatThrownBy(() -> client.headBucket(b -> b.bucket(BUCKET)))
                    .isInstanceOf(SdkClientException.class);
        }
    }

    @Test
    void predicateSeesMethodTargetAndHeaders() {
        sqsProxy.inject(FaultInjectingProxy.Mode.REFUSE,
                head -> head.header("X-Amz-Target").orElse("").endsWith(".SendMessage"));

        assertThat(sqsClient.getQueueUrl(b -> b.queueName(sqs.queueName())).queueUrl()).isEqualTo(sqs.queueUrl());
        assertThatThrownBy(() -> sqsClient.sendMessage(b -> b.queueUrl(sqs.queueUrl()).messageBody("{}")))
                .isInstanceOf(SqsException.class);
    }
}
