package dev.videogen.jobs.sources;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses the service may connect to when it fetches a stranger's URL. Loopback, private (RFC 1918), CGNAT,
 * link-local (and with it the cloud metadata endpoint 169.254.169.254), multicast, reserved and documentation ranges,
 * IPv6 unique-local, and IPv6 forms that embed a refused IPv4 address are all refused. The local stack may allow
 * loopback, for media served from the developer's own machine.
 */
public final class NetworkPolicy {

    private final boolean allowLoopback;

    private NetworkPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** The production rules. */
    public static NetworkPolicy publicInternetOnly() {
        return new NetworkPolicy(false);
    }

    /** The production rules, plus loopback: for the local stack only. */
    public static NetworkPolicy allowingLoopback() {
        return new NetworkPolicy(true);
    }

    public boolean allowsLoopback() {
        return allowLoopback;
    }

    /** Why {@code address} is refused, or empty when it may be connected to. */
    public Optional<String> refusal(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return refusal4(v4.getAddress());
        }
        if (address instanceof Inet6Address v6) {
            return refusal6(v6.getAddress());
        }
        return Optional.of("not an IP address");
    }

    private Optional<String> refusal4(byte[] a) {
        return refusal4(a, allowLoopback);
    }

    private static Optional<String> refusal4(byte[] a, boolean loopbackAllowed) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        int b2 = a[2] & 0xFF;
        if (b0 == 127) {
            return loopbackAllowed ? Optional.empty() : Optional.of("a loopback address");
        }
        if (b0 == 0) {
            return Optional.of("an unspecified address");
        }
        if (b0 == 10 || (b0 == 172 && b1 >= 16 && b1 <= 31) || (b0 == 192 && b1 == 168)) {
            return Optional.of("a private address");
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (b0 == 169 && b1 == 254) {
            return Optional.of("a link-local address (the cloud metadata service lives there)");
        }
        if (b0 >= 224) {
            return Optional.of(b0 < 240 ? "a multicast address" : "a reserved address");
        }
        if ((b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) || (b0 == 198 && (b1 == 18 || b1 == 19))
                || (b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113)
                || (b0 == 192 && b1 == 88 && b2 == 99)) {
            return Optional.of("a reserved address");
        }
        return Optional.empty();
    }

    private Optional<String> refusal6(byte[] a) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= a[i] == 0;
        }
        // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible) carry an IPv4 address
        if (firstTenZero && ((a[10] == (byte) 0xFF && a[11] == (byte) 0xFF) || (a[10] == 0 && a[11] == 0))) {
            boolean allZero = true;
            for (int i = 0; i < 15; i++) {
                allZero &= a[i] == 0;
            }
            if (allZero && a[15] == 1) {
                return allowLoopback ? Optional.empty() : Optional.of("a loopback address");
            }
            if (allZero && a[15] == 0) {
                return Optional.of("an unspecified address");
            }
            return refusal4(new byte[] {a[12], a[13], a[14], a[15]}).map(reason -> reason + " (inside IPv6)");
        }
        int first = a[0] & 0xFF;
        int second = a[1] & 0xFF;
        if ((first & 0xFE) == 0xFC) {
            return Optional.of("a unique-local IPv6 address");
        }
        if (first == 0xFE && (second & 0xC0) == 0x80) {
            return Optional.of("a link-local IPv6 address");
        }
        if (first == 0xFE && (second & 0xC0) == 0xC0) {
            return Optional.of("a site-local IPv6 address");
        }
        if (first == 0xFF) {
            return Optional.of("a multicast IPv6 address");
        }
        // an IPv4 address inside 6to4 or NAT64 is reached through a gateway, never this machine's own loopback, so
        // the local stack's loopback exception does not extend to it
        if (first == 0x20 && second == 0x02) {
            // 6to4: 2002:a.b.c.d::/48
            return refusal4(new byte[] {a[2], a[3], a[4], a[5]}, false).map(reason -> reason + " (inside 6to4)");
        }
        if (first == 0x00 && second == 0x64 && (a[2] & 0xFF) == 0xFF && (a[3] & 0xFF) == 0x9B) {
            if (a[4] == 0 && a[5] == 1) {
                // 64:ff9b:1::/48 is for NAT64 inside one network (RFC 8215)
                return Optional.of("a local-use NAT64 address");
            }
            // NAT64 well-known prefix 64:ff9b::/96
            return refusal4(new byte[] {a[12], a[13], a[14], a[15]}, false).map(reason -> reason + " (inside NAT64)");
        }
        if (first == 0x20 && second == 0x01 && a[2] == 0 && a[3] == 0) {
            return Optional.of("a Teredo address");
        }
        if (first == 0x01 && second == 0x00 && a[2] == 0 && a[3] == 0) {
            return Optional.of("a discard-only address");
        }
        if (first == 0x20 && second == 0x01 && (a[2] & 0xFF) == 0x0D && (a[3] & 0xFF) == 0xB8) {
            return Optional.of("a documentation address");
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code host} once and returns its addresses only when every one of them is allowed, so the
     * connection uses exactly the addresses that were checked.
     *
     * @throws UnknownHostException naming why the host is refused
     */
    public InetAddress[] resolveAllowed(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                throw new RefusedAddressException(host + " resolves to " + refusal.get());
            }
        }
        return addresses;
    }

    /** A host that resolves to a refused address. */
    public static final class RefusedAddressException extends UnknownHostException {
        public RefusedAddressException(String message) {
            super(message);
        }
    }
}
