package dev.videogen.inprocess;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves the files of one directory over plain HTTP on 127.0.0.1, as a customer's own file server would: 200 with
 * the bytes, 404 for anything else, and a count of the requests each name received. Media sources for the local
 * stack's examples, benchmarks and tests.
 */
public final class LoopbackFileServer implements AutoCloseable {

    private final Path directory;
    private final HttpServer server;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    private LoopbackFileServer(Path directory) throws IOException {
        this.directory = directory.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "loopback-file-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            requests.computeIfAbsent(name, any -> new AtomicInteger()).incrementAndGet();
            Path file = this.directory.resolve(name).normalize();
            if (!file.startsWith(this.directory) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.start();
    }

    /** Starts serving {@code directory} on a free port. */
    public static LoopbackFileServer serve(Path directory) {
        try {
            return new LoopbackFileServer(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve " + directory + " on loopback", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/<name>}. */
    public String url(String name) {
        return "http://127.0.0.1:" + port() + "/" + name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many requests asked for {@code name}. */
    public int requestsFor(String name) {
        AtomicInteger count = requests.get(name);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
