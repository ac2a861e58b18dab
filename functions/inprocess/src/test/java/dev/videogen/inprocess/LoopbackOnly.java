package dev.videogen.inprocess;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

/** Checks that a server cannot be reached through this machine's network address, only through loopback. */
final class LoopbackOnly {

    private LoopbackOnly() {
    }

    static void assertUnreachableFromTheNetwork(int port) {
        Optional<InetAddress> networkAddress;
        try {
            networkAddress = NetworkInterface.networkInterfaces()
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        assumeTrue(networkAddress.isPresent(), "this machine has no non-loopback IPv4 address");

        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(networkAddress.get(), port), 1_000);
            }
        }).as("connection to %s:%d", networkAddress.get(), port).isInstanceOf(IOException.class);
    }
}
