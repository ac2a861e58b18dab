package dev.videogen.inprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choices for servers that must know their port before they bind (and keep it across restarts). */
final class LoopbackPorts {

    static final String LOOPBACK_ADDRESS = "127.0.0.1";

    private LoopbackPorts() {
    }

    /** A port that was free on the loopback interface a moment ago. */
    static int pickFree() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK_ADDRESS), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK_ADDRESS, e);
        }
    }

    /** Whether something already listens on (or holds) {@code port} of the loopback interface. */
    static boolean isTaken(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK_ADDRESS), port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static int requireValid(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, was " + port);
        }
        return port;
    }
}
