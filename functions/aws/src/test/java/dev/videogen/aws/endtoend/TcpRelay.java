package dev.videogen.aws.endtoend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between a client and a TCP server (PostgreSQL here, whose protocol the HTTP fault proxy cannot carry):
 * bytes are relayed both ways until {@link #cut()}, which resets every open connection and refuses new ones, the way
 * a database host that vanished looks to its clients; {@link #restore()} lets connections through again.
 */
final class TcpRelay implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    private TcpRelay(InetSocketAddress upstream) throws IOException {
        this.upstream = upstream;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-relay-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static TcpRelay to(String host, int port) {
        try {
            return new TcpRelay(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for a relay to " + host + ":" + port, e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every relayed connection and refuses new ones until {@link #restore()}. */
    void cut() {
        cut = true;
        open.forEach(TcpRelay::reset);
    }

    void restore() {
        cut = false;
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (cut) {
                reset(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 2_000);
            } catch (IOException e) {
                reset(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            if (cut) {
                // cut while this connection was being set up: it must not outlive the cut
                reset(client);
                reset(server);
                open.remove(client);
                open.remove(server);
                continue;
            }
            pump(client, server);
            pump(server, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: the other goes too
            } finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing is what matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // stopping anyway
        }
        open.forEach(TcpRelay::reset);
    }
}
