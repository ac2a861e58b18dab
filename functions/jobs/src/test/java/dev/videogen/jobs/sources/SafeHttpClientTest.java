package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.engine.media.SourceFetchException;
import dev.videogen.engine.media.SourceFetchException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeHttpClientTest {

    private static final int BODY_BYTES = 100_000;
    private static final long CAP = 256 * 1024;
    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final AtomicInteger hits = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    /** Released when the test ends, so handlers that stall let the server stop. */
    private final CountDownLatch testOver = new CountDownLatch(1);
    /** Counted down when a handler's write fails because the client went away. */
    private final CountDownLatch clientHungUp = new CountDownLatch(1);
    private final byte[] body = new byte[BODY_BYTES];
    private SafeHttpClient client;
    private Path target;

    @BeforeEach
    void startServer() throws IOException {
        Arrays.fill(body, (byte) 'v');
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            paths.add(exchange.getRequestURI().toString());
            try {
                handle(exchange);
            } catch (IOException e) {
                clientHungUp.countDown();
            } finally {
                exchange.close();
            }
        });
        server.start();
        client = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(5), Duration.ofSeconds(10),
                Duration.ofSeconds(60));
        target = directory.resolve("download");
    }

    @AfterEach
    void stopServer() {
        testOver.countDown();
        client.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/redirect/")) {
            int left = Integer.parseInt(path.substring("/redirect/".length()));
            if (left > 0) {
                redirect(exchange, "/redirect/" + (left - 1) + "?sig=hop-secret");
            } else {
                send(exchange, 200, body);
            }
            return;
        }
        switch (path) {
            case "/video.mp4" -> send(exchange, 200, body);
            case "/to-ftp" -> redirect(exchange, "ftp://127.0.0.1/video.mp4");
            case "/to-file" -> redirect(exchange, "file:///etc/passwd");
            case "/to-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
            case "/to-private" -> redirect(exchange, "http://10.0.0.1/video.mp4");
            case "/to-nowhere" -> {
                exchange.sendResponseHeaders(302, -1);
            }
            case "/missing" -> send(exchange, 404, "no such file".getBytes(StandardCharsets.UTF_8));
            case "/busy" -> send(exchange, 503, "try later".getBytes(StandardCharsets.UTF_8));
            case "/chunked-large" -> {
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int i = 0; i < 3 * CAP / BODY_BYTES + 1; i++) {
                        out.write(body);
                    }
                }
            }
            case "/endless", "/declared-huge" -> {
                long length = 512L * 1024 * 1024;
                exchange.sendResponseHeaders(200, path.equals("/endless") ? 0 : length);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
            }
            case "/stall" -> {
                await(testOver);
                send(exchange, 200, body);
            }
            case "/stall-mid-body" -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                out.write(body, 0, 1000);
                out.flush();
                await(testOver);
                out.close();
            }
            case "/drip" -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                for (int i = 0; i < 600 && testOver.getCount() > 0; i++) {
                    out.write('v');
                    out.flush();
                    sleep(50);
                }
                out.close();
            }
            case "/hook" -> {
                byte[] received = exchange.getRequestBody().readAllBytes();
                paths.add("body:" + new String(received, StandardCharsets.UTF_8));
                paths.add("signature:" + exchange.getRequestHeaders().getFirst("X-Videogen-Signature"));
                send(exchange, 204, null);
            }
            case "/hook-moved" -> redirect(exchange, "/hook");
            case "/hook-endless" -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < 512L * 1024 * 1024; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
            }
            case "/redirect-with-endless-body" -> {
                exchange.getResponseHeaders().set("Location", "/video.mp4");
                exchange.sendResponseHeaders(302, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    byte[] chunk = new byte[64 * 1024];
                    for (long sent = 0; sent < 512L * 1024 * 1024; sent += chunk.length) {
                        out.write(chunk);
                    }
                }
            }
            default -> send(exchange, 404, null);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange exchange, int status, byte[] content) throws IOException {
        if (content == null || content.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, content.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void theLoopbackPolicyDownloadsTheBody() throws IOException {
        long bytes = client.download(url("/video.mp4"), target, CAP);

        assertThat(bytes).isEqualTo(BODY_BYTES);
        assertThat(Files.readAllBytes(target)).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:%d/video.mp4", "http://localhost:%d/video.mp4",
            "http://[::1]:%d/video.mp4", "http://127.9.9.9:%d/video.mp4"})
    void theProductionPolicyRefusesLoopbackBeforeAnyRequestIsSent(String pattern) {
        try (SafeHttpClient production = SafeHttpClient.forSources(NetworkPolicy.publicInternetOnly())) {
            String url = String.format(pattern, server.getAddress().getPort());

            assertThatThrownBy(() -> production.download(url, target, CAP))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("loopback");
        }
        assertThat(hits).hasValue(0);
        assertThat(target).doesNotExist();
    }

    @Test
    void fiveRedirectsAreFollowedAndEachHopIsRequestedByHand() throws IOException {
        long bytes = client.download(url("/redirect/5"), target, CAP);

        assertThat(bytes).isEqualTo(BODY_BYTES);
        assertThat(paths).hasSize(6).startsWith("/redirect/5").endsWith("/redirect/0?sig=hop-secret");
    }

    @Test
    void aSixthRedirectIsRefused() {
        assertThatThrownBy(() -> client.download(url("/redirect/6"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageContaining("more than 5 redirects");
        assertThat(hits).hasValue(6);
        assertThat(target).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/to-ftp", "/to-file", "/to-metadata", "/to-private"})
    void aRedirectOffTheAllowedSchemesOrAddressesIsRefused(String path) {
        assertThatThrownBy(() -> client.download(url(path), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        assertThat(hits).hasValue(1);
        assertThat(target).doesNotExist();
    }

    @Test
    void aRedirectWithoutALocationIsAnHttpError() {
        assertThatThrownBy(() -> client.download(url("/to-nowhere"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR));
    }

    @Test
    void aChunkedBodyOverTheCapIsRefusedAndThePartialFileRemoved() {
        assertThatThrownBy(() -> client.download(url("/chunked-large"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
        assertThat(target).doesNotExist();
    }

    /** Past the cap the client hangs up: it never reads the rest of a body, whatever its length. */
    @ParameterizedTest
    @ValueSource(strings = {"/endless", "/declared-huge"})
    void aHugeBodyIsCutOffAtTheCapNotReadToItsEnd(String path) throws InterruptedException {
        assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(() -> client.download(url(path), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE)));

        assertThat(clientHungUp.await(20, TimeUnit.SECONDS)).as("the server's writes failed: the client hung up")
                .isTrue();
        assertThat(target).doesNotExist();
    }

    /** A Content-Length is believed only as far as it limits the read: the client never reads past it. */
    @Test
    void aBodyLongerThanItsContentLengthIsReadOnlyToTheDeclaredLength() throws Exception {
        try (ServerSocket liar = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket socket = liar.accept()) {
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[(int) CAP * 4]);
                    out.flush();
                } catch (IOException e) {
                    // the client may hang up early
                }
            });
            serverThread.start();

            long bytes = client.download("http://127.0.0.1:" + liar.getLocalPort() + "/v.mp4", target, CAP);

            assertThat(bytes).isEqualTo(1000);
            assertThat(Files.size(target)).isEqualTo(1000);
            serverThread.join(10_000);
        }
    }

    @Test
    void notFoundIsAnHttpError() {
        assertThatThrownBy(() -> client.download(url("/missing"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.HTTP_ERROR);
                    assertThat(e.reason().retryable()).isFalse();
                })
                .hasMessageContaining("404");
        assertThat(target).doesNotExist();
    }

    @Test
    void serviceUnavailableIsWorthRetrying() {
        assertThatThrownBy(() -> client.download(url("/busy"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE);
                    assertThat(e.reason().retryable()).isTrue();
                })
                .hasMessageContaining("503");
    }

    @Test
    void aClosedPortIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> client.download("http://127.0.0.1:" + closedPort + "/v.mp4", target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() {
        try (SafeHttpClient impatient = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofSeconds(5))) {
            assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(
                    () -> impatient.download(url("/stall"), target, CAP))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT)));
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void aServerThatStallsMidBodyTimesOutAndThePartialFileIsRemoved() {
        try (SafeHttpClient impatient = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofSeconds(5))) {
            assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(
                    () -> impatient.download(url("/stall-mid-body"), target, CAP))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT)));
        }
        assertThat(target).doesNotExist();
    }

    /** Bytes that keep trickling in, each within the read timeout, still end at the total limit. */
    @Test
    void aFullRenderDiskIsReportedAsSuchNotAsADownloadFailure() throws IOException {
        assumeTrue(Files.isWritable(Path.of("/dev/full")), "no /dev/full on this machine");
        // writes to /dev/full fail with ENOSPC, as they would on a full /tmp
        Files.createSymbolicLink(target, Path.of("/dev/full"));

        assertThatThrownBy(() -> client.download(url("/video.mp4"), target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.DISK_FULL);
                    assertThat(e.getMessage()).isEqualTo("no space left on the render disk");
                });
    }

    @Test
    void aBodyTricklingInPastTheTotalLimitTimesOut() throws InterruptedException {
        try (SafeHttpClient impatient = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(
                    () -> impatient.download(url("/drip"), target, CAP))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT)));
        }
        assertThat(clientHungUp.await(20, TimeUnit.SECONDS)).as("the client hung up on the trickle").isTrue();
        assertThat(target).doesNotExist();
    }

    /** The total limit also covers a response whose headers never finish arriving. */
    @Test
    void headersTricklingInPastTheTotalLimitTimeOut() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SafeHttpClient impatient = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(2),
                     Duration.ofSeconds(5), Duration.ofSeconds(1))) {
            Thread serverThread = new Thread(() -> {
                try (Socket socket = trickler.accept()) {
                    readRequestHead(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 600 && testOver.getCount() > 0; i++) {
                        out.write('x');
                        out.flush();
                        sleep(50);
                    }
                } catch (IOException e) {
                    clientHungUp.countDown();
                }
            });
            serverThread.start();
            String url = "http://127.0.0.1:" + trickler.getLocalPort() + "/v.mp4";

            assertTimeoutPreemptively(GENEROUS, () -> assertThatThrownBy(() -> impatient.download(url, target, CAP))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT)));
            assertThat(clientHungUp.await(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:secret@127.0.0.1:%d/video.mp4", "http://user@127.0.0.1:%d/video.mp4"})
    void urlsCarryingCredentialsAreRefused(String pattern) {
        String url = String.format(pattern, server.getAddress().getPort());

        assertThatThrownBy(() -> client.download(url, target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .message().doesNotContain("secret");
        assertThat(hits).hasValue(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/video.mp4", "file:///etc/passwd", "gopher://127.0.0.1/x",
            "http:///no-host", "not a url"})
    void onlyHttpAndHttpsUrlsWithAHostAreFetched(String url) {
        assertThatThrownBy(() -> client.download(url, target, CAP))
                .isInstanceOfSatisfying(SourceFetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        assertThat(hits).hasValue(0);
    }

    /** Presigned URLs carry their signature in the query: no message may show it. */
    @ParameterizedTest
    @ValueSource(strings = {"/missing", "/busy", "/chunked-large", "/redirect/6", "/to-ftp"})
    void messagesNeverShowTheQueryString(String path) {
        String secret = "X-Amz-Signature=0123456789abcdef&token=hunter2";

        assertThatThrownBy(() -> client.download(url(path) + "?" + secret, target, CAP))
                .isInstanceOf(SourceFetchException.class)
                .message().doesNotContain("0123456789abcdef").doesNotContain("hunter2").doesNotContain("hop-secret")
                .doesNotContain("?");
    }

    @Test
    void timeoutMessagesNeverShowTheQueryString() {
        try (SafeHttpClient impatient = new SafeHttpClient(NetworkPolicy.allowingLoopback(), Duration.ofSeconds(2),
                Duration.ofMillis(300), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> impatient.download(url("/stall") + "?sig=hunter2", target, CAP))
                    .isInstanceOf(SourceFetchException.class)
                    .message().contains("/stall").doesNotContain("hunter2");
        }
    }

    @Test
    void webhookPostsAreSentAsJsonAndNotRedirected() {
        int status = client.postJson(url("/hook"), "{\"event\":\"job.completed\"}",
                Map.of("X-Videogen-Signature", "t=1,v1=abc"));
        int moved = client.postJson(url("/hook-moved"), "{}", Map.of());

        assertThat(status).isEqualTo(204);
        assertThat(moved).isEqualTo(302);
        assertThat(paths).contains("body:{\"event\":\"job.completed\"}", "signature:t=1,v1=abc")
                .filteredOn(p -> p.startsWith("/hook")).containsExactly("/hook", "/hook-moved");
    }

    @Test
    void theBodyOfAWebhookReplyIsNeverRead() throws InterruptedException {
        int status = assertTimeoutPreemptively(GENEROUS, () -> client.postJson(url("/hook-endless"), "{}", Map.of()));

        assertThat(status).isEqualTo(200);
        assertThat(clientHungUp.await(20, TimeUnit.SECONDS)).as("the client hung up on the reply").isTrue();
    }

    @Test
    void theBodyOfARedirectIsNeverRead() throws InterruptedException {
        long bytes = assertTimeoutPreemptively(GENEROUS,
                () -> client.download(url("/redirect-with-endless-body"), target, CAP));

        assertThat(bytes).isEqualTo(BODY_BYTES);
        assertThat(clientHungUp.await(20, TimeUnit.SECONDS)).as("the client hung up on the redirect").isTrue();
    }

    @Test
    void webhookPostsToLoopbackAreRefusedInProduction() {
        try (SafeHttpClient production = SafeHttpClient.forSources(NetworkPolicy.publicInternetOnly())) {
            assertThatThrownBy(() -> production.postJson(url("/hook"), "{}", Map.of()))
                    .isInstanceOfSatisfying(SourceFetchException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED));
        }
        assertThat(hits).hasValue(0);
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
