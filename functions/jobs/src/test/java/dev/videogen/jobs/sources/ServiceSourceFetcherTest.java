package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.videogen.engine.media.FetchedSource;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetchException.Reason;
import dev.videogen.jobs.ports.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fetcher's routing by scheme; {@code s3://} objects are fetched through the store, tested with the S3 adapter. */
class ServiceSourceFetcherTest {

    @TempDir
    Path directory;
    private HttpServer server;
    private SafeHttpClient http;
    private ServiceSourceFetcher fetcher;
    private final AtomicInteger flakyHits = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flaky/", exchange -> {
            int hit = flakyHits.incrementAndGet();
            int failures = Integer.parseInt(exchange.getRequestURI().getPath().substring("/flaky/".length()));
            byte[] body = (hit <= failures ? "busy" : "media bytes").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(hit <= failures ? 503 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "media bytes".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        http = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        // no object store: none of these sources is an s3:// object it would be asked for
        fetcher = new ServiceSourceFetcher(http, null);
    }

    @AfterEach
    void tearDown() {
        http.close();
        server.stop(0);
    }

    @Test
    void anHttpSourceIsDownloadedAndNamedAfterItsLastPathSegment() throws IOException {
        Path target = directory.resolve("source-0");
        String url = "HTTP://127.0.0.1:" + server.getAddress().getPort() + "/media/intro%20clip.mp4?sig=abc";

        FetchedSource fetched = fetcher.fetch(url, target, 1024);

        assertThat(fetched.file()).isEqualTo(target);
        assertThat(fetched.sizeBytes()).isEqualTo(11);
        assertThat(fetched.fileName()).isEqualTo("intro clip.mp4");
        assertThat(Files.readString(target)).isEqualTo("media bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "/etc/passwd", "ftp://example.com/a.mp4", "data:video/mp4;base64,AA",
            "s3://", "s3://bucket", "s3://bucket/", "s3:///key"})
    void anythingElseIsRefused(String source) {
        assertThatThrownBy(() -> fetcher.fetch(source, directory.resolve("x"), 1024))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        assertThat(directory.resolve("x")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://someone-elses-bucket/inputs/a.mp4", "s3://own-bucket-not/a.mp4"})
    void anObjectOutsideTheServicesOwnBucketIsRefusedWithoutAskingTheStore(String source) {
        ObjectStore ownBucketOnly = (ObjectStore) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ObjectStore.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("bucket")) {
                        return "own-bucket";
                    }
                    throw new AssertionError("the store was asked to " + method.getName());
                });

        assertThatThrownBy(() -> new ServiceSourceFetcher(http, ownBucketOnly).fetch(source, directory.resolve("x"), 1024))
                .isInstanceOfSatisfying(SourceFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REFUSED);
                    assertThat(e.getMessage()).contains("own bucket");
                });
    }

    @Test
    void aServerThatAnswers503IsTriedAgainAfterAPause() throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/flaky/2";

        FetchedSource fetched = fetcher.fetch(url, directory.resolve("flaky"), 1024);

        assertThat(Files.readString(fetched.file())).isEqualTo("media bytes");
        assertThat(flakyHits).hasValue(3);
    }

    @Test
    void aServerThatKeepsAnswering503FailsAsUnavailableAfterThreeTries() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/flaky/99";

        assertThatThrownBy(() -> fetcher.fetch(url, directory.resolve("flaky"), 1024))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        assertThat(flakyHits).hasValue(1 + ServiceSourceFetcher.OUTAGE_BACKOFF.size());
    }

    @Test
    void aMissingFileIsNotTriedAgain() {
        server.createContext("/gone", exchange -> {
            flakyHits.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/gone";

        assertThatThrownBy(() -> fetcher.fetch(url, directory.resolve("gone"), 1024))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR));
        assertThat(flakyHits).hasValue(1);
    }

    /**
     * A host that refused every connection in its three tries is not tried again minutes later: the failure is final
     * (not passing), so the job fails at once instead of waiting through its retries.
     */
    @Test
    void aHostThatRefusesEveryConnectionFailsForGoodAfterThreeTries() throws IOException {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/clip.mp4";

        assertThatThrownBy(() -> fetcher.fetch(url, directory.resolve("refused"), 1024))
                .isInstanceOfSatisfying(SourceFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
                    assertThat(e.reason().retryable()).isFalse();
                    assertThat(e.getMessage()).contains("refused the connection 3 times");
                });
    }
}
