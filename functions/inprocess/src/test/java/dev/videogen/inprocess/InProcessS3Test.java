package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

class InProcessS3Test {

    private static final String BUCKET = "videogen-results";

    private static InProcessS3 s3;
    private static S3Client client;

    @BeforeAll
    static void startServer() {
        s3 = InProcessS3.builder().bucket(BUCKET).start();
        client = S3Clients.client(s3.endpoint());
    }

    @AfterAll
    static void stopServer() {
        client.close();
        s3.stop();
    }

    @Test
    void putGetHeadAndDeleteSpeakTheS3Protocol() {
        PutObjectResponse put = client.putObject(b -> b.bucket(BUCKET).key("processed/a.mp4").contentType("video/mp4"),
                RequestBody.fromString("not really a video", StandardCharsets.UTF_8));
        assertThat(put.eTag()).isNotBlank();

        HeadObjectResponse head = client.headObject(b -> b.bucket(BUCKET).key("processed/a.mp4"));
        assertThat(head.contentLength()).isEqualTo(18L);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(head.eTag()).isEqualTo(put.eTag());

        ResponseBytes<GetObjectResponse> got = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("processed/a.mp4"));
        assertThat(got.asUtf8String()).isEqualTo("not really a video");

        client.deleteObject(b -> b.bucket(BUCKET).key("processed/a.mp4"));
        assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("processed/a.mp4")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void everyAnswerCarriesAnS3RequestId() {
        PutObjectResponse put = client.putObject(b -> b.bucket(BUCKET).key("with-request-id"), RequestBody.fromString("x"));
        assertThat(put.responseMetadata().requestId()).matches("[0-9A-F]{16}");
        assertThat(put.sdkHttpResponse().firstMatchingHeader("x-amz-id-2")).isPresent();

        assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key("absent")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.requestId()).matches("[0-9A-F]{16}"));
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() {
        LoopbackOnly.assertUnreachableFromTheNetwork(s3.port());
    }

    @Test
    void missingKeyIsNoSuchKey() {
        assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("never-written")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void missingBucketIsNoSuchBucket() {
        assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("no-such-bucket").key("k")))
                .isInstanceOfSatisfying(S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void presignedGetIsDownloadableWithPlainHttp() throws Exception {
        client.putObject(b -> b.bucket(BUCKET).key("processed/presigned.txt").contentType("text/plain"),
                RequestBody.fromString("hello over presigned GET", StandardCharsets.UTF_8));
        URI url;
        try (S3Presigner presigner = S3Clients.presigner(s3.endpoint())) {
            url = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(g -> g.bucket(BUCKET).key("processed/presigned.txt"))).url().toURI();
        }
        assertThat(url.getQuery()).contains("X-Amz-Signature=");

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello over presigned GET");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    }

    @Test
    void restartKeepsPortAndObjects() {
        client.putObject(b -> b.bucket(BUCKET).key("kept-across-restart"), RequestBody.fromString("still here"));
        int port = s3.port();

        s3.restart();

        assertThat(s3.port()).isEqualTo(port);
        assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("kept-across-restart")).asUtf8String())
                .isEqualTo("still here");
    }

    @Test
    void objectsInARootDirectorySurviveANewServer(@TempDir Path root) {
        InProcessS3 first = InProcessS3.builder().bucket("persistent").rootDirectory(root).start();
        try (S3Client firstClient = S3Clients.client(first.endpoint())) {
            firstClient.putObject(b -> b.bucket("persistent").key("dir/file.txt"), RequestBody.fromString("on disk"));
        } finally {
            first.stop();
        }

        InProcessS3 second = InProcessS3.builder().bucket("persistent").rootDirectory(root).start();
        try (S3Client secondClient = S3Clients.client(second.endpoint())) {
            assertThat(secondClient.getObjectAsBytes(b -> b.bucket("persistent").key("dir/file.txt")).asUtf8String())
                    .isEqualTo("on disk");
        } finally {
            second.stop();
        }
        assertThat(root).isNotEmptyDirectory();
    }

    @Test
    void temporaryRootDirectoryIsDeletedByStop() {
        InProcessS3 server = InProcessS3.builder().bucket("scratch").start();
        try (S3Client scratchClient = S3Clients.client(server.endpoint())) {
            scratchClient.putObject(b -> b.bucket("scratch").key("x"), RequestBody.fromString("x"));
        }
        assertThat(server.rootDirectory()).isEmpty();
        Path temporary = Path.of(server.toString().replaceAll(".*root=(.*)]$", "$1"));
        assertThat(temporary).isDirectory();

        server.stop();

        assertThat(temporary).doesNotExist();
    }

    @Test
    void portInUseIsReportedInOneLine() {
        assertThatThrownBy(() -> InProcessS3.builder().port(s3.port()).start())
                .isInstanceOf(ServerStartException.class)
                .hasMessage("s3: port " + s3.port() + " is already in use");
    }
}
