package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetworkPolicyTest {

    private static final NetworkPolicy PUBLIC = NetworkPolicy.publicInternetOnly();
    private static final NetworkPolicy LOCAL = NetworkPolicy.allowingLoopback();

    /** address, allowed in production, allowed on the local stack */
    @ParameterizedTest(name = "{0}: public {1}, local {2}")
    @CsvSource({
            // loopback: only the local stack
            "127.0.0.1,                 false, true",
            "127.1.2.3,                 false, true",
            "::1,                       false, true",
            "::ffff:127.0.0.1,          false, true",
            // never
            "0.0.0.0,                   false, false",
            "::,                        false, false",
            "10.0.0.1,                  false, false",
            "10.255.255.255,            false, false",
            "172.16.0.1,                false, false",
            "172.31.255.254,            false, false",
            "192.168.1.1,               false, false",
            "100.64.0.1,                false, false",
            "100.127.255.254,           false, false",
            "169.254.169.254,           false, false",
            "169.254.0.1,               false, false",
            "224.0.0.1,                 false, false",
            "239.255.255.250,           false, false",
            "240.0.0.1,                 false, false",
            "255.255.255.255,           false, false",
            "192.0.2.1,                 false, false",
            "198.18.0.1,                false, false",
            "::ffff:169.254.169.254,    false, false",
            "::ffff:10.0.0.1,           false, false",
            "fd00:ec2::254,             false, false",
            "fc00::1,                   false, false",
            "fe80::1,                   false, false",
            "fec0::1,                   false, false",
            "ff02::1,                   false, false",
            "2002:7f00:1::,             false, false",
            "2002:a9fe:a9fe::1,         false, false",
            "64:ff9b::a00:1,            false, false",
            "64:ff9b::7f00:1,           false, false",
            "64:ff9b::a9fe:a9fe,        false, false",
            "64:ff9b:1::a00:1,          false, false",
            "64:ff9b:1::808:808,        false, false",
            "2001::1,                   false, false",
            "2001:db8::1,               false, false",
            "100::1,                    false, false",
            // the public internet
            "8.8.8.8,                   true,  true",
            "1.1.1.1,                   true,  true",
            "172.15.255.255,            true,  true",
            "172.32.0.1,                true,  true",
            "100.63.255.255,            true,  true",
            "100.128.0.1,               true,  true",
            "::ffff:8.8.8.8,            true,  true",
            "2002:808:808::1,           true,  true",
            "64:ff9b::808:808,          true,  true",
            "2606:4700:4700::1111,      true,  true",
            "2a00:1450:4001:81b::200e,  true,  true"})
    void addressesAreRefusedOrAllowed(String literal, boolean publicAllowed, boolean localAllowed)
            throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal);

        assertThat(PUBLIC.refusal(address).isEmpty()).as("production policy allows " + literal).isEqualTo(publicAllowed);
        assertThat(LOCAL.refusal(address).isEmpty()).as("local policy allows " + literal).isEqualTo(localAllowed);
    }

    /** Java turns {@code ::ffff:a.b.c.d} literals into IPv4 addresses; a resolver may still hand over the IPv6 form. */
    @ParameterizedTest(name = "::ffff:{0} as IPv6: public {1}, local {2}")
    @CsvSource({
            "127.0.0.1,       false, true",
            "169.254.169.254, false, false",
            "192.168.0.1,     false, false",
            "8.8.8.8,         true,  true"})
    void ipv4MappedAddressesAreJudgedByTheirIpv4Part(String ipv4, boolean publicAllowed, boolean localAllowed)
            throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, mapped, 12, 4);
        InetAddress address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(address).isInstanceOf(Inet6Address.class);

        assertThat(PUBLIC.refusal(address).isEmpty()).isEqualTo(publicAllowed);
        assertThat(LOCAL.refusal(address).isEmpty()).isEqualTo(localAllowed);
    }

    @Test
    void aRefusalSaysWhatKindOfAddressItWas() throws UnknownHostException {
        assertThat(PUBLIC.refusal(InetAddress.getByName("169.254.169.254"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("link-local"));
        assertThat(PUBLIC.refusal(InetAddress.getByName("10.1.2.3"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("private"));
        assertThat(PUBLIC.refusal(InetAddress.getByName("64:ff9b::a00:1"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("private").contains("NAT64"));
    }

    @Test
    void resolvingLocalhostIsRefusedInProductionOnly() throws UnknownHostException {
        assertThatThrownBy(() -> PUBLIC.resolveAllowed("localhost"))
                .isInstanceOf(NetworkPolicy.RefusedAddressException.class)
                .hasMessageContaining("localhost resolves to a loopback address");
        assertThat(LOCAL.resolveAllowed("localhost")).isNotEmpty()
                .allSatisfy(address -> assertThat(address.isLoopbackAddress()).isTrue());
        assertThat(PUBLIC.resolveAllowed("8.8.8.8")).extracting(InetAddress::getHostAddress).containsExactly("8.8.8.8");
    }

    @Test
    void onlyTheLocalPolicySaysItAllowsLoopback() {
        assertThat(PUBLIC.allowsLoopback()).isFalse();
        assertThat(LOCAL.allowsLoopback()).isTrue();
    }
}
