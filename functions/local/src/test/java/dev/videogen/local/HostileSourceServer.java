package dev.videogen.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A web server on loopback that answers as a hostile source host would: playlists and concat scripts under media
 * names, redirects to internal addresses and other schemes, redirect loops. Unknown paths get 404.
 */
final class HostileSourceServer implements AutoCloseable {

    private record Answer(int status, String location, byte[] body) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    HostileSourceServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.createContext("/", exchange -> {
            Answer answer = answers.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (answer == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                if (answer.location() != null) {
                    exchange.getResponseHeaders().add("Location", answer.location());
                }
                exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
                if (answer.body().length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                }
            }
        });
        server.start();
    }

    /** Serves {@code body} with 200 at {@code path}; returns its URL. */
    String serve(String path, byte[] body) {
        answers.put(path, new Answer(200, null, body));
        return url(path);
    }

    String serve(String path, String body) {
        return serve(path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code path} with a 302 to {@code location}; returns its URL. */
    String redirect(String path, String location) {
        answers.put(path, new Answer(302, location, new byte[0]));
        return url(path);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
