package dev.videogen.local.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One load-generating client: an HTTP/1.1 connection kept alive, over which it posts the same body again and again,
 * as {@code wrk} does. It does only what measuring needs (write the request, read the status, the headers and a
 * {@code Content-Length} body), so that the load generator, which shares the machine with the server, spends a small
 * share of its processor time.
 */
final class KeepAliveClient implements AutoCloseable {

    /** One answer: its status, its {@code Server-Timing} header if any, and its body. */
    record Answer(int status, String serverTiming, String body) {
    }

    private final URI uri;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    KeepAliveClient(URI uri, String jsonBody) {
        this.uri = uri;
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        this.request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
    }

    /** Posts the body and reads the answer; reconnects when the server has closed the connection. */
    Answer post() throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return read();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
    }

    private Answer read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean closes = false;
        String serverTiming = null;
        for (String header = line(); header != null && !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "connection" -> closes = value.equalsIgnoreCase("close");
                case "server-timing" -> serverTiming = value;
                default -> {
                }
            }
        }
        if (length < 0) {
            throw new IOException("an answer without Content-Length");
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("the answer's body ended early");
        }
        if (closes) {
            close();
        }
        return new Answer(status, serverTiming, new String(body, StandardCharsets.UTF_8));
    }

    /** One CRLF-terminated header line, or {@code null} at the end of the stream. */
    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int size = bytes.size();
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return size > 0 && text.charAt(size - 1) == '\r' ? text.substring(0, size - 1) : text;
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that is already gone
            }
            socket = null;
        }
    }
}
