package dev.videogen.aws.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.videogen.aws.client.AwsClientSettings;
import dev.videogen.inprocess.FaultInjectingProxy;
import dev.videogen.inprocess.InProcessS3;
import dev.videogen.jobs.ports.StorageException;
import dev.videogen.jobs.ports.StorageException.Kind;
import dev.videogen.jobs.ports.StoredObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ObjectStoreTest {

    private static final String RESULTS = "videogen-results";
    private static final String INPUTS = "videogen-inputs";

    private static InProcessS3 s3;
    private static S3ObjectStore store;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() {
        s3 = InProcessS3.builder().bucket(RESULTS).bucket(INPUTS).start();
        store = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(s3.endpoint()).build(), RESULTS, true);
    }

    @AfterAll
    static void stopS3() {
        store.close();
        s3.stop();
    }

    @Test
    void uploadRecordsSizeEtagAndRequestId() throws IOException {
        byte[] content = "frames of a rendered video".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(work.resolve("video.mp4"), content);

        StoredObject stored = store.put("processed/video_vg_1.mp4", file, "video/mp4");

        assertThat(stored.bucket()).isEqualTo(RESULTS);
        assertThat(stored.key()).isEqualTo("processed/video_vg_1.mp4");
        assertThat(stored.sizeBytes()).isEqualTo(content.length);
        assertThat(stored.etag()).as("MD5 of a single-part upload, unquoted").isEqualTo(md5Hex(content));
        assertThat(stored.requestId()).isNotBlank();
        assertThat(stored.durationMillis()).isNotNegative();
        assertThat(store.exists("processed/video_vg_1.mp4")).isTrue();
    }

    @Test
    void uploadKeepsTheContentType() throws Exception {
        Path file = Files.writeString(work.resolve("clip.webm"), "webm bytes");
        store.put("processed/clip.webm", file, "video/webm");

        HttpResponse<String> response = get(store.presignedGetUrl("processed/clip.webm", Duration.ofMinutes(1)));

        assertThat(response.headers().firstValue("Content-Type")).hasValue("video/webm");
    }

    @Test
    void aPresignedPutTakesTheDeclaredBytesAndSignsTheirTypeAndLength() throws Exception {
        byte[] content = "a client's own clip".getBytes(StandardCharsets.UTF_8);
        String url = store.presignedPutUrl("inputs/alice/up_1/clip.mp4", "video/mp4", content.length,
                Duration.ofMinutes(15));

        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "video/mp4").PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        Path back = work.resolve("back.mp4");
        assertThat(store.download(RESULTS, "inputs/alice/up_1/clip.mp4", back, 1024)).isEqualTo(content.length);
        assertThat(Files.readAllBytes(back)).isEqualTo(content);
        // what S3 itself enforces: the signature covers the type and the length, and lives 15 minutes
        String signedHeaders = java.net.URLDecoder.decode(url.replaceFirst(".*X-Amz-SignedHeaders=([^&]+).*", "$1"),
                StandardCharsets.UTF_8);
        assertThat(signedHeaders.split(";")).contains("content-length", "content-type", "host");
        assertThat(url).contains("X-Amz-Expires=900").contains("/inputs/alice/up_1/clip.mp4?");
    }

    @Test
    void presignedUrlDownloadsWithPlainHttp() throws Exception {
        Path file = Files.writeString(work.resolve("result.mp4"), "the result");
        store.put("processed/result.mp4", file, "video/mp4");

        String url = store.presignedGetUrl("processed/result.mp4", Duration.ofMinutes(10));
        HttpResponse<String> response = get(url);

        assertThat(url).startsWith(s3.endpoint() + "/" + RESULTS + "/processed/result.mp4?")
                .contains("X-Amz-Expires=600");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("the result");
    }

    @Test
    void presignedUrlLifetimeIsBoundedBySigV4() {
        assertThatThrownBy(() -> store.presignedGetUrl("k", Duration.ofDays(8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.presignedGetUrl("k", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void downloadWritesTheObjectAndReturnsItsSize() throws IOException {
        Path source = Files.write(work.resolve("source.png"), new byte[4096]);
        try (S3ObjectStore inputs = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(s3.endpoint()).build(), INPUTS, true)) {
            inputs.put("uploads/logo.png", source, "image/png");
        }
        Path target = work.resolve("downloaded.png");

        long written = store.download(INPUTS, "uploads/logo.png", target, 4096);

        assertThat(written).isEqualTo(4096);
        assertThat(target).hasSize(4096);
    }

    @Test
    void downloadRefusesObjectsOverTheCap() throws IOException {
        Path source = Files.write(work.resolve("big.bin"), new byte[10_000]);
        store.put("inputs/big.bin", source, "application/octet-stream");
        Path target = work.resolve("too-big.bin");

        assertThatThrownBy(() -> store.download(RESULTS, "inputs/big.bin", target, 9_999))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(target).doesNotExist();
    }

    @Test
    void missingKeyIsClassifiedAsNotFound() {
        assertThatThrownBy(() -> store.download(RESULTS, "never/written", work.resolve("x"), 1_000))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        assertThat(store.exists("never/written")).isFalse();
        assertThat(work.resolve("x")).doesNotExist();
    }

    @Test
    void missingBucketIsClassifiedAsBucketNotFound() throws IOException {
        Path file = Files.writeString(work.resolve("orphan.mp4"), "nowhere to go");
        try (S3ObjectStore nowhere = S3ObjectStore.create(AwsClientSettings.forLocalEndpoint(s3.endpoint()).build(),
                "no-such-bucket", true)) {
            assertThatThrownBy(() -> nowhere.put("processed/orphan.mp4", file, "video/mp4"))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.BUCKET_NOT_FOUND);
                        assertThat(e.retryable()).isFalse();
                    });
            assertThatThrownBy(nowhere::checkAvailable)
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BUCKET_NOT_FOUND));
        }
    }

    @Test
    void deleteRemovesTheObjectAndToleratesAMissingOne() throws IOException {
        Path file = Files.writeString(work.resolve("temp.mp4"), "short-lived");
        store.put("processed/temp.mp4", file, "video/mp4");

        store.delete("processed/temp.mp4");
        store.delete("processed/temp.mp4");

        assertThat(store.exists("processed/temp.mp4")).isFalse();
    }

    @Test
    void liveBucketIsAvailable() {
        store.checkAvailable();
        assertThat(store.bucket()).isEqualTo(RESULTS);
        assertThat(store.region()).isEqualTo("us-east-1");
    }

    @Test
    void missingLocalFileIsAFailureNotAnOutage() {
        assertThatThrownBy(() -> store.put("processed/none.mp4", work.resolve("absent.mp4"), "video/mp4"))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FAILED));
    }

    @Test
    void refusedUploadIsRetryableUnavailableAfterTheConfiguredAttempts() throws IOException {
        Path file = Files.writeString(work.resolve("refused.mp4"), "S3 says 503");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint());
                S3ObjectStore throughProxy = S3ObjectStore.create(
                        AwsClientSettings.forLocalEndpoint(proxy.endpoint()).maxAttempts(2).build(), RESULTS, true)) {
            proxy.refuse("PUT");

            assertThatThrownBy(() -> throughProxy.put("processed/refused.mp4", file, "video/mp4"))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                        assertThat(e.getMessage()).contains("ServiceUnavailable").contains("503");
                    });
            assertThat(proxy.refusedRequests()).as("one try and one SDK retry").isEqualTo(2);

            proxy.pass();
            assertThat(throughProxy.put("processed/refused.mp4", file, "video/mp4").sizeBytes()).isEqualTo(11);
        }
    }

    @Test
    void droppedUploadIsRetryableUnavailable() throws IOException {
        Path file = Files.writeString(work.resolve("dropped.mp4"), "connection reset");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint());
                S3ObjectStore throughProxy = S3ObjectStore.create(
                        AwsClientSettings.forLocalEndpoint(proxy.endpoint()).maxAttempts(1).build(), RESULTS, true)) {
            proxy.drop("PUT");

            assertThatThrownBy(() -> throughProxy.put("processed/dropped.mp4", file, "video/mp4"))
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        }
        assertThat(store.exists("processed/dropped.mp4")).isFalse();
    }

    @Test
    void unreachableEndpointIsUnavailable() {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.start(s3.endpoint());
                S3ObjectStore throughProxy = S3ObjectStore.create(
                        AwsClientSettings.forLocalEndpoint(proxy.endpoint()).maxAttempts(1).build(), RESULTS, true)) {
            proxy.drop();

            assertThatThrownBy(throughProxy::checkAvailable)
                    .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
        }
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
