package dev.videogen.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.videogen.aws.ApiEvents;
import dev.videogen.aws.ApiHandler;
import dev.videogen.inprocess.LocalLambdaContext;
import dev.videogen.local.playground.PlaygroundFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stand-in for API Gateway: an HTTP server on loopback that turns each request into the API Gateway
 * (payload 2.0) event the deployed api function receives, calls the same {@link ApiHandler}, and turns its response
 * back. It adds what only the local stack has: {@code GET /v1/videoresult/{job_id}/events} as Server-Sent Events, and
 * the playground page at {@code /}.
 */
final class LocalApiServer implements AutoCloseable {

    static {
        requireNoDelay();
    }

    private static final Pattern EVENTS_PATH = Pattern.compile("/v1/videoresult/([^/]+)/events/?");
    private static final int MAX_BODY = 1024 * 1024 + 1;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiHandler handler;
    private final JobEventStreams events;
    private final PlaygroundFiles playground;

    LocalApiServer(int port, ApiHandler handler, JobEventStreams events, PlaygroundFiles playground) throws IOException {
        this.handler = handler;
        this.events = events;
        this.playground = playground;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "local-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * The JDK server writes a response's headers and its body in two writes; with Nagle's algorithm on, the body
     * waits for the client to acknowledge the headers (a delayed ACK: up to 40 ms on loopback). The server reads
     * {@code sun.net.httpserver.nodelay} once, when its first instance in the JVM is made, so this runs before any
     * server starts: from the command line's {@code main} and from this class's initialiser.
     */
    static void requireNoDelay() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (PlaygroundFiles.serves(path)) {
                playground.serve(exchange);
                return;
            }
            Matcher stream = EVENTS_PATH.matcher(path);
            if (stream.matches() && exchange.getRequestMethod().equals("GET")) {
                events.stream(exchange, stream.group(1), eventFor(exchange, "/v1/videoresult/" + stream.group(1),
                        new byte[0]));
                return;
            }
            byte[] body = readBody(exchange);
            if (body.length >= MAX_BODY) {
                // API Gateway refuses oversized payloads itself; do the same without buffering more
                respond(exchange, 413, Map.of("Content-Type", "application/json; charset=utf-8"),
                        "{\"error\":\"PAYLOAD_TOO_LARGE\",\"message\":\"the body is larger than 1 MiB\",\"field\":\"body\"}");
                return;
            }
            APIGatewayV2HTTPEvent event = eventFor(exchange, path, body);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event,
                    new LocalLambdaContext("videogen-local-api", "us-east-1", 1769, Duration.ofSeconds(29)));
            respond(exchange, response.getStatusCode(), response.getHeaders(), response.getBody());
        } finally {
            exchange.close();
        }
    }

    /** The API Gateway event for this exchange. */
    static APIGatewayV2HTTPEvent eventFor(HttpExchange exchange, String path, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();
        return ApiEvents.event(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, body,
                sourceIp);
    }

    /**
     * The body, or its first {@code MAX_BODY} bytes. A body with a declared length within the limit is read into an
     * array of that length (the server's stream ends there), not gathered in 8 KiB buffers and copied.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                long length = Long.parseLong(declared.trim());
                if (length >= 0 && length < MAX_BODY) {
                    return in.readNBytes((int) length);
                }
            } catch (NumberFormatException e) {
                // the server itself refuses a malformed length before this is called; read as for no length
            }
        }
        return in.readNBytes(MAX_BODY);
    }

    static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        if (headers != null) {
            headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        events.close();
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
