package dev.videogen.aws.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bodies of every size arrive whole with their length, whether sent from a buffer (up to 256 KiB) or streamed
 * (larger), over one kept-alive connection after another, against the JDK's own HTTP server.
 */
class SmallBodyConnectionTest {

    private HttpServer server;
    /** What the server received: each request's Content-Length header and the digest of its body. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders().getFirst("Content-Length") + " " + digest(body));
            byte[] answer = Integer.toString(body.length).getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17, 4096, 262_144, 262_145, 3 * 1024 * 1024})
    void aBodyOfAnySizeArrivesWholeWithItsLengthOnEveryRequest(int size) throws Exception {
        assertThat(SmallBodyConnection.BUFFERED_LIMIT).isEqualTo(262_144);
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/queue");

        for (int request = 0; request < 3; request++) {
            HttpURLConnection connection = SmallBodyConnection.open(uri, Duration.ofSeconds(2), Duration.ofSeconds(10));
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            // as the SDK's url-connection client does for every body of known length
            connection.setFixedLengthStreamingMode((long) size);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            assertThat(connection.getResponseCode()).isEqualTo(200);
            assertThat(new String(connection.getInputStream().readAllBytes())).isEqualTo(Integer.toString(size));
        }

        assertThat(received).hasSize(3).containsOnly(size + " " + digest(body));
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
