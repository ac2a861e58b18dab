package dev.videogen.aws.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StorageException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The error answers S3 gives that the in-process server cannot be made to give (it checks no credentials and never
 * throttles), classified the way the live ones are.
 */
class S3FailureClassificationTest {

    static Stream<Arguments> serviceAnswers() {
        return Stream.of(
                Arguments.of(403, "AccessDenied", Kind.ACCESS_DENIED),
                Arguments.of(403, "SignatureDoesNotMatch", Kind.ACCESS_DENIED),
                Arguments.of(403, "InvalidAccessKeyId", Kind.ACCESS_DENIED),
                Arguments.of(404, "NoSuchBucket", Kind.BUCKET_NOT_FOUND),
                Arguments.of(404, "NoSuchKey", Kind.NOT_FOUND),
                Arguments.of(404, null, Kind.NOT_FOUND),
                Arguments.of(500, "InternalError", Kind.UNAVAILABLE),
                Arguments.of(503, "SlowDown", Kind.UNAVAILABLE),
                Arguments.of(503, "ServiceUnavailable", Kind.UNAVAILABLE),
                Arguments.of(400, "RequestTimeout", Kind.UNAVAILABLE),
                Arguments.of(400, "EntityTooLarge", Kind.FAILED),
                Arguments.of(400, "InvalidArgument", Kind.FAILED),
                Arguments.of(409, "OperationAborted", Kind.FAILED));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @MethodSource("serviceAnswers")
    void serviceAnswerIsClassifiedByCodeAndStatus(int status, String code, Kind expected) {
        S3Exception answer = (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .requestId("req-1")
                .build();

        StorageException classified = S3ObjectStore.classify("PutObject", "bucket", "key", answer);

        assertThat(classified.kind()).isEqualTo(expected);
        assertThat(classified.getCause()).isSameAs(answer);
        assertThat(classified.getMessage()).startsWith("PutObject s3://bucket/key: ").contains("req-1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noAnswers")
    void noAnswerFromTheServiceIsUnavailable(RuntimeException failure) {
        assertThat(S3ObjectStore.classify("GetObject", "bucket", "key", failure).kind()).isEqualTo(Kind.UNAVAILABLE);
    }

    static Stream<RuntimeException> noAnswers() {
        return Stream.of(
                SdkClientException.create("Unable to execute HTTP request: Connection refused"),
                SdkClientException.create("timeout", new SocketTimeoutException("Read timed out")),
                new UncheckedIOException(new IOException("Connection reset")));
    }
}
