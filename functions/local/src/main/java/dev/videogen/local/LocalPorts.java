package dev.videogen.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks a loopback port before anything else starts, so a taken port fails fast with a clear message. */
final class LocalPorts {

    private LocalPorts() {
    }

    static void requireFree(int port, String purpose) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new DevStackException("port " + port + " on 127.0.0.1 (" + purpose
                    + ") is already in use; choose another with --port");
        }
    }
}
