package dev.videogen.aws.endtoend;

import dev.videogen.inprocess.LoopbackFileServer;
import dev.videogen.engine.testing.TestMedia;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Serves a directory of generated media over plain HTTP on loopback, as a customer's file server would: 404 for what
 * is not there, and a count of the requests each file received. A second port accepts connections and never answers,
 * for sources that stall.
 */
final class MediaServer implements AutoCloseable {

    private final Path directory;
    private final LoopbackFileServer files;
    private final ServerSocket silent;
    private final List<Socket> heldOpen = new CopyOnWriteArrayList<>();

    private MediaServer(Path directory) throws IOException {
        this.directory = directory;
        this.files = LoopbackFileServer.serve(directory);
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    heldOpen.add(silent.accept());
                } catch (IOException e) {
                    return;
                }
            }
        }, "media-server-silent");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Generates the tests' media with the bundled FFmpeg and serves it: {@code clip.mp4} (160x120, 2 s, orange, a
     * 440 Hz tone), {@code logo.png} (40x20, white), {@code long.mp4} (320x240, 30 s, teal, a 220 Hz tone) and
     * {@code corrupt.mp4} (the first bytes of an MP4, so it sniffs as one, then noise).
     */
    static MediaServer withTestMedia() {
        try {
            Path files = Files.createTempDirectory("videogen-e2e-media-");
            TestMedia.clip(files.resolve("clip.mp4"), 160, 120, 2, "orange", 440);
            TestMedia.solidPng(files.resolve("logo.png"), 40, 20, "white");
            TestMedia.clip(files.resolve("long.mp4"), 320, 240, 30, "teal", 220);
            byte[] corrupt = Arrays.copyOf(Files.readAllBytes(files.resolve("clip.mp4")), 4096);
            byte[] noise = new byte[corrupt.length - 48];
            new Random(7).nextBytes(noise);
            System.arraycopy(noise, 0, corrupt, 48, noise.length);
            Files.write(files.resolve("corrupt.mp4"), corrupt);
            return new MediaServer(files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MediaServer serving(Path directory) {
        try {
            return new MediaServer(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }

    String url(String name) {
        return files.url(name);
    }

    /** A URL whose server accepts the connection and then never sends a byte. */
    String stallingUrl(String name) {
        return "http://127.0.0.1:" + silent.getLocalPort() + "/" + name;
    }

    int requestsFor(String name) {
        return files.requestsFor(name);
    }

    /** Connections the stalling port accepted so far. */
    int stalledConnections() {
        return heldOpen.size();
    }

    /** Stops serving and deletes the media. */
    @Override
    public void close() throws IOException {
        files.close();
        silent.close();
        for (Socket socket : heldOpen) {
            socket.close();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
