package dev.videogen.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken byte for byte over a socket, one request per connection: what a hostile client sends is not limited
 * to what a well-behaved HTTP library lets through (invalid UTF-8, control characters in header values, a missing
 * Content-Type).
 */
final class RawHttp {

    /** A response: status, headers with lower-case names, and the body as text. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /**
     * Sends one request. Header values are written as ISO-8859-1 bytes, so any byte 0x00..0xFF can be sent; the body
     * is written on its own thread while the response is read, so a server that answers before reading everything
     * (413) is still heard.
     */
    static Response send(URI base, String method, String pathAndQuery, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(120_000);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            head.append("Connection: close\r\n");
            head.append("Content-Length: ").append(body.length).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException ignored) {
                    // the server may hang up once it has seen enough; its answer is what counts
                }
            }, "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            byte[] response = readAll(socket.getInputStream());
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return parse(response);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int read;
            while ((read = in.read(buffer)) != -1) {
                bytes.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // a reset after the whole answer arrived (the server closed with our body unread) is not a failure
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] bodyBytes = Arrays.copyOfRange(raw, end + 4, raw.length);
        String length = headers.get("content-length");
        if (length != null && Integer.parseInt(length) < bodyBytes.length) {
            bodyBytes = Arrays.copyOf(bodyBytes, Integer.parseInt(length));
        }
        return new Response(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
    }
}
