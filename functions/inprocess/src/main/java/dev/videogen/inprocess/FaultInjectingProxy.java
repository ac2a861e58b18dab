package dev.videogen.inprocess;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An HTTP/1.1 proxy on the loopback interface in front of one server (S3, SQS, or any other), switchable at run time
 * between passing requests through and breaking them, for fault-injection tests. Clients use {@link #endpoint()}
 * instead of the server's endpoint.
 *
 * <ul>
 *   <li>{@link Mode#PASS}: the request and the response are relayed unchanged.</li>
 *   <li>{@link Mode#REFUSE}: the proxy answers {@code 503 Service Unavailable} itself, with the error body the
 *       client's protocol expects (S3 XML, or AWS JSON when the request carries {@code X-Amz-Target}); the server never
 *       sees the request.</li>
 *   <li>{@link Mode#DROP}: the proxy resets the connection (TCP RST) as soon as it has read the request head.</li>
 *   <li>{@link Mode#DELAY}: the request is relayed after a pause, as over a slow link.</li>
 * </ul>
 *
 * <p>A fault applies only to requests its predicate matches (for example only {@code PUT}s, so downloads keep
 * working while uploads fail); other requests pass. Each connection carries one request: the proxy answers with
 * {@code Connection: close}, so a change of mode takes effect from the next request on, with no pooled connection
 * slipping past it.
 */
public final class FaultInjectingProxy implements AutoCloseable {

    /** What the proxy does with a request its current fault applies to. */
    public enum Mode {
        /** Relay the request to the server and its response back. */
        PASS,
        /** Answer 503 without involving the server. */
        REFUSE,
        /** Reset the connection without answering. */
        DROP,
        /** Relay the request after {@link #delay(Duration, String...)}'s pause. */
        DELAY
    }

    /**
     * The request line and headers of one request, as the proxy saw them.
     *
     * @param method  the HTTP method, upper case
     * @param target  the request target (path and query)
     * @param headers header values by lower-case name (the last one wins when a header repeats)
     */
    public record RequestHead(String method, String target, Map<String, String> headers) {

        public RequestHead {
            headers = Map.copyOf(headers);
        }

        /** The value of header {@code name}, matched case-insensitively. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Whether the request speaks the AWS JSON protocol (SQS, among others). */
        boolean isAwsJson() {
            return header("x-amz-target").isPresent()
                    || header("content-type").map(type -> type.startsWith("application/x-amz-json")).orElse(false);
        }
    }

    private record Fault(Mode mode, Predicate<RequestHead> appliesTo) {
    }

    private static final Fault NO_FAULT = new Fault(Mode.PASS, head -> false);
    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int IDLE_TIMEOUT_MILLIS = 120_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection");

    private final InetSocketAddress upstream;
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionCounter = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Fault fault = NO_FAULT;
    private volatile Duration delay = Duration.ZERO;
    private volatile boolean closed;

    private FaultInjectingProxy(URI upstreamEndpoint, int port) throws IOException {
        if (!"http".equals(upstreamEndpoint.getScheme()) || upstreamEndpoint.getHost() == null || upstreamEndpoint.getPort() < 0) {
            throw new IllegalArgumentException("upstream must be http://host:port, was " + upstreamEndpoint);
        }
        this.upstream = new InetSocketAddress(upstreamEndpoint.getHost(), upstreamEndpoint.getPort());
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.LOOPBACK_ADDRESS), port));
        this.acceptor = new Thread(this::acceptConnections, "fault-proxy-" + port() + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on any free loopback port in front of {@code upstream} ({@code http://host:port}), passing everything. */
    public static FaultInjectingProxy start(URI upstream) {
        return start(upstream, 0);
    }

    /** Starts a proxy on {@code port} (0 for any free one) in front of {@code upstream}, passing everything. */
    public static FaultInjectingProxy start(URI upstream, int port) {
        Objects.requireNonNull(upstream, "upstream");
        try {
            return new FaultInjectingProxy(upstream, LoopbackPorts.requireValid(port));
        } catch (IOException e) {
            throw new ServerStartException("fault proxy: could not listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint clients use instead of the server's. */
    public URI endpoint() {
        return URI.create("http://" + LoopbackPorts.LOOPBACK_ADDRESS + ":" + port());
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Relays every request from now on. */
    public void pass() {
        fault = NO_FAULT;
    }

    /** Answers 503 to requests with one of {@code methods} (every request when none is given); others pass. */
    public void refuse(String... methods) {
        inject(Mode.REFUSE, withMethods(methods));
    }

    /** Resets connections carrying requests with one of {@code methods} (every request when none is given); others pass. */
    public void drop(String... methods) {
        inject(Mode.DROP, withMethods(methods));
    }

    /** Relays requests with one of {@code methods} (every request when none is given) after {@code pause}. */
    public void delay(Duration pause, String... methods) {
        delay = Objects.requireNonNull(pause, "pause");
        inject(Mode.DELAY, withMethods(methods));
    }

    /** Applies {@code mode} to the requests {@code appliesTo} accepts; others pass. */
    public void inject(Mode mode, Predicate<RequestHead> appliesTo) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(appliesTo, "appliesTo");
        fault = mode == Mode.PASS ? NO_FAULT : new Fault(mode, appliesTo);
    }

    /** The mode of the current fault ({@link Mode#PASS} when none is injected). */
    public Mode mode() {
        return fault.mode();
    }

    /** Requests relayed to the server so far. */
    public long forwardedRequests() {
        return forwarded.get();
    }

    /** Requests answered with 503 so far. */
    public long refusedRequests() {
        return refused.get();
    }

    /** Connections reset so far. */
    public long droppedRequests() {
        return dropped.get();
    }

    /** Stops listening and cuts every open connection. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(serverSocket);
        openSockets.forEach(FaultInjectingProxy::closeQuietly);
    }

    @Override
    public String toString() {
        return "FaultInjectingProxy[" + endpoint() + " -> " + upstream + ", mode=" + mode() + "]";
    }

    private static Predicate<RequestHead> withMethods(String... methods) {
        if (methods.length == 0) {
            return head -> true;
        }
        Set<String> upperCase = Arrays.stream(methods).map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
        return head -> upperCase.contains(head.method());
    }

    private void acceptConnections() {
        while (!closed) {
            try {
                Socket client = serverSocket.accept();
                long number = connectionCounter.incrementAndGet();
                Thread handler = new Thread(() -> serve(client, number), "fault-proxy-" + port() + "-conn-" + number);
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    // A failed accept (e.g. too many open files) is transient; the listening socket is still good.
                    pauseAfterFailedAccept();
                }
            }
        }
    }

    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(Socket client, long number) {
        openSockets.add(client);
        try (client) {
            client.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            BufferedInputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            ParsedHead head = readHead(in);
            if (head == null) {
                return;
            }
            RequestHead request = head.toRequestHead();
            Fault current = fault;
            Mode mode = current.appliesTo().test(request) ? current.mode() : Mode.PASS;
            switch (mode) {
                case DROP -> {
                    dropped.incrementAndGet();
                    reset(client);
                }
                case REFUSE -> {
                    refused.incrementAndGet();
                    answerServiceUnavailable(request, in, out);
                }
                case PASS -> {
                    forwarded.incrementAndGet();
                    relay(head, in, out, client, number);
                }
                case DELAY -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    forwarded.incrementAndGet();
                    relay(head, in, out, client, number);
                }
            }
        } catch (IOException e) {
            // The client or the server went away mid-request; the client sees that for itself.
        } finally {
            openSockets.remove(client);
        }
    }

    private void relay(ParsedHead head, InputStream clientIn, OutputStream clientOut, Socket client, long number)
            throws IOException {
        Socket server = new Socket();
        openSockets.add(server);
        try (server) {
            try {
                server.connect(upstream, CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                // The server is down: make the client see a failed connection rather than a proxy's answer.
                reset(client);
                return;
            }
            server.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            OutputStream serverOut = server.getOutputStream();
            serverOut.write(head.withConnectionClose());
            serverOut.flush();
            Thread upload = new Thread(() -> copyRequestBody(clientIn, serverOut, server),
                    "fault-proxy-" + port() + "-upload-" + number);
            upload.setDaemon(true);
            upload.start();

            BufferedInputStream serverIn = new BufferedInputStream(server.getInputStream());
            ParsedHead response = readHead(serverIn);
            // Interim answers (100 Continue) go through as they are; the final one is told to close the connection.
            while (response != null && response.isInterimResponse()) {
                clientOut.write(response.raw());
                clientOut.flush();
                response = readHead(serverIn);
            }
            if (response == null) {
                reset(client);
                return;
            }
            clientOut.write(response.withConnectionClose());
            serverIn.transferTo(clientOut);
            clientOut.flush();
        } finally {
            openSockets.remove(server);
        }
    }

    private static void copyRequestBody(InputStream clientIn, OutputStream serverOut, Socket server) {
        try {
            clientIn.transferTo(serverOut);
            serverOut.flush();
            server.shutdownOutput();
        } catch (IOException e) {
            // Either side closed: the response relay decides what the client sees.
        }
    }

    private static void answerServiceUnavailable(RequestHead request, InputStream in, OutputStream out) throws IOException {
        if (request.header("expect").map("100-continue"::equalsIgnoreCase).orElse(false)) {
            // Let the client send its body and read a real 503, instead of failing on a rejected expectation.
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        discardBody(request, in);
        String requestId = "fault-" + Long.toHexString(System.nanoTime());
        String contentType;
        String body;
        if (request.isAwsJson()) {
            contentType = "application/x-amz-json-1.0";
            body = "{\"__type\":\"ServiceUnavailable\",\"message\":\"Service is unable to handle request (injected fault).\"}";
        } else {
            contentType = "application/xml";
            body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>ServiceUnavailable</Code>"
                    + "<Message>Service is unable to handle request (injected fault).</Message>"
                    + "<RequestId>" + requestId + "</RequestId></Error>";
        }
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "x-amz-request-id: " + requestId + "\r\n"
                + "x-amzn-RequestId: " + requestId + "\r\n"
                + "Connection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bodyBytes);
        out.flush();
    }

    /** Reads the request body so that the client can finish sending it and read the answer. */
    private static void discardBody(RequestHead request, InputStream in) throws IOException {
        if (request.header("transfer-encoding").map(te -> te.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            while (true) {
                String sizeLine = readLine(in);
                if (sizeLine == null) {
                    return;
                }
                int extension = sizeLine.indexOf(';');
                long size = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
                if (size == 0) {
                    // Trailer fields end with an empty line.
                    String trailer;
                    do {
                        trailer = readLine(in);
                    } while (trailer != null && !trailer.isEmpty());
                    return;
                }
                in.skipNBytes(size);
                readLine(in);
            }
        }
        long length = request.header("content-length").map(String::trim).map(Long::parseLong).orElse(0L);
        in.skipNBytes(length);
    }

    private static void reset(Socket socket) {
        try {
            // Linger 0 makes close() send RST instead of FIN: the peer sees "connection reset".
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed: nothing left to reset.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Closing is best effort: the socket is unusable either way.
        }
    }

    /** The head of a request or response, raw bytes kept for relaying and lines parsed for decisions. */
    private record ParsedHead(byte[] raw, String startLine, List<String> headerLines) {

        RequestHead toRequestHead() {
            String[] parts = startLine.split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            return new RequestHead(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "", headers);
        }

        boolean isInterimResponse() {
            String[] parts = startLine.split(" ", 3);
            return parts.length > 1 && parts[1].length() == 3 && parts[1].startsWith("1") && !parts[1].equals("101");
        }

        byte[] withConnectionClose() {
            StringBuilder head = new StringBuilder(startLine).append("\r\n");
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                String name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
                if (!HOP_BY_HOP.contains(name)) {
                    head.append(line).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads a start line and header lines up to the empty line; null when the peer closed before sending any. */
    private static ParsedHead readHead(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        String startLine = readLine(in, raw);
        if (startLine == null) {
            return null;
        }
        List<String> headerLines = new ArrayList<>();
        while (true) {
            String line = readLine(in, raw);
            if (line == null) {
                throw new IOException("connection closed inside a message head");
            }
            if (line.isEmpty()) {
                return new ParsedHead(raw.toByteArray(), startLine, headerLines);
            }
            if (raw.size() > MAX_HEAD_BYTES) {
                throw new IOException("message head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            headerLines.add(line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        return readLine(in, new ByteArrayOutputStream());
    }

    /** One line without its CRLF (or bare LF), copying the bytes read to {@code raw}; null at end of stream. */
    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            raw.write(b);
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_HEAD_BYTES) {
                throw new IOException("line longer than " + MAX_HEAD_BYTES + " bytes");
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
