package dev.videogen.jobs.db;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback relay in front of a PostgreSQL server that reads the frontend side of the wire protocol and counts
 * round trips: every {@code Sync} and every simple {@code Query} makes the client wait for the server's
 * {@code ReadyForQuery}, so each is one round trip, whatever the JDBC calls that caused it. It also records the SQL
 * each round trip carried (the {@code Parse} and {@code Query} texts; a statement the driver prepared earlier is
 * sent without its text) and counts connections opened. Point the JDBC URL at {@link #port()}.
 */
public final class PostgresRoundTrips implements AutoCloseable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;

    /** One round trip: the SQL texts the client sent in it (empty when it only ran statements prepared before). */
    public record RoundTrip(List<String> statements) {
        /** An empty simple query: how the driver checks that a pooled connection is alive. */
        public boolean isLivenessCheck() {
            return statements.size() == 1 && statements.get(0).isBlank();
        }
    }

    private final String serverHost;
    private final int serverPort;
    private final ServerSocket listener;
    private final List<RoundTrip> roundTrips = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public PostgresRoundTrips(String serverHost, int serverPort) throws IOException {
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.acceptor = new Thread(this::accept, "pg-round-trips");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The JDBC URL of {@code database} through this relay. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?sslmode=disable";
    }

    /** Round trips since the last {@link #reset}. */
    public List<RoundTrip> roundTrips() {
        return List.copyOf(roundTrips);
    }

    /** Connections opened since the last {@link #reset}. */
    public int connectionsOpened() {
        return connections.get();
    }

    public void reset() {
        roundTrips.clear();
        connections.set(0);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(serverHost, serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                connections.incrementAndGet();
                Thread up = new Thread(() -> relayFrontend(client, server), "pg-frontend");
                Thread down = new Thread(() -> copy(server, client), "pg-backend");
                up.setDaemon(true);
                down.setDaemon(true);
                up.start();
                down.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relayFrontend(Socket client, Socket server) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(client.getInputStream()))) {
            OutputStream out = new java.io.BufferedOutputStream(server.getOutputStream());
            // untyped start-up messages: SSL/GSS requests (answered with one byte), then the startup packet
            while (true) {
                int length = in.readInt();
                byte[] rest = in.readNBytes(length - 4);
                out.write(intBytes(length));
                out.write(rest);
                out.flush();
                int code = ((rest[0] & 0xff) << 24) | ((rest[1] & 0xff) << 16) | ((rest[2] & 0xff) << 8) | (rest[3] & 0xff);
                if (code != SSL_REQUEST && code != GSS_REQUEST) {
                    break;
                }
            }
            List<String> pending = new ArrayList<>();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                switch (type) {
                    case 'P' -> pending.add(parseText(body));
                    case 'Q' -> {
                        pending.add(cString(body, 0));
                        roundTrips.add(new RoundTrip(List.copyOf(pending)));
                        pending.clear();
                    }
                    case 'S' -> {
                        roundTrips.add(new RoundTrip(List.copyOf(pending)));
                        pending.clear();
                    }
                    default -> {
                    }
                }
                out.write(type);
                out.write(intBytes(length));
                out.write(body);
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (EOFException e) {
            // the client closed the connection
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** A Parse message: statement name, then the query text. */
    private static String parseText(byte[] body) {
        int end = 0;
        while (body[end] != 0) {
            end++;
        }
        return cString(body, end + 1);
    }

    private static String cString(byte[] body, int start) {
        int end = start;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        return new String(body, start, end - start, StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16384];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(PostgresRoundTrips::closeQuietly);
    }
}
