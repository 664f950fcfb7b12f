package dev.tocsin.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
            "127.0.0.1, loopback",
            "127.8.9.10, loopback",
            "::1, loopback",
            "0.0.0.0, unspecified",
            "10.1.2.3, private",
            "172.16.0.1, private",
            "192.168.1.1, private",
            "169.254.169.254, link-local",
            "fe80::1, link-local",
            "100.64.0.1, carrier-grade NAT",
            "fd00:ec2::254, unique-local",
            "::ffff:127.0.0.1, loopback",
            "::ffff:10.0.0.1, private",
            "224.0.0.1, multicast",
            "240.0.0.1, reserved",
            "64:ff9b::a9fe:a9fe, link-local",
            "64:ff9b::10.0.0.1, private",
            "64:ff9b::127.0.0.1, loopback",
            "64:ff9b:1::1, local-use NAT64",
            "2002:a9fe:a9fe::1, link-local",
            "2002:0a00:0001::, private",
            "2002:7f00:0001::1, loopback",
            "::10.0.0.1, private",
            "::169.254.169.254, link-local",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe, private",
    })
    void privateAndSpecialAddressesAreRefused(String address, String kind) throws Exception {
        assertThat(AddressGuard.forbidden(InetAddress.getByName(address))).contains(kind);
    }

    @ParameterizedTest(name = "{0} is public")
    @CsvSource({"1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "64:ff9b::808:808",
            "2002:0808:0808::1", "::8.8.8.8"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(AddressGuard.forbidden(InetAddress.getByName(address))).isNull();
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedAfterResolution() {
        AddressGuard guard = new AddressGuard(false, fakeDns(Map.of("rebind.example.com", "127.0.0.1")));
        assertThatThrownBy(() -> guard.vet("rebind.example.com"))
                .isInstanceOf(AddressGuard.RefusedAddressException.class)
                .hasMessageContaining("rebind.example.com does not resolve to a public address")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain("loopback"));
    }

    @Test
    void oneForbiddenRecordAmongPublicOnesRefusesTheHost() {
        AddressGuard guard = new AddressGuard(false, host -> new InetAddress[] {
                InetAddress.getByName("1.1.1.1"), InetAddress.getByName("10.0.0.5")});
        assertThatThrownBy(() -> guard.vet("mixed.example.com")).isInstanceOf(AddressGuard.RefusedAddressException.class);
    }

    @Test
    void operatorsMayAllowPrivateAddresses() throws Exception {
        AddressGuard guard = new AddressGuard(true, fakeDns(Map.of("internal.example.com", "10.0.0.7")));
        assertThat(guard.vet("internal.example.com")).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.7");
    }

    @Test
    void publicNamesPassWithTheirVettedAddresses() throws Exception {
        AddressGuard guard = new AddressGuard(false, fakeDns(Map.of("api.example.com", "93.184.215.14")));
        assertThat(guard.vet("api.example.com")).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    }

    @Test
    void addressesResolvedElsewhereFollowTheSameRule() throws Exception {
        AddressGuard guard = new AddressGuard(false);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThatThrownBy(() -> guard.check("127.0.0.1", List.of(loopback)))
                .hasMessageStartingWith("127.0.0.1 is a loopback address;");
        assertThatThrownBy(() -> guard.check("rebind.example.com", List.of(InetAddress.getByName("1.1.1.1"), loopback)))
                .hasMessageStartingWith("rebind.example.com does not resolve to a public address;");
        List<InetAddress> publicOnes = List.of(InetAddress.getByName("1.1.1.1"));
        assertThat(guard.check("one.example.com", publicOnes)).isEqualTo(publicOnes);
    }

    private static AddressGuard.Resolver fakeDns(Map<String, String> records) {
        return host -> {
            String ip = records.get(host);
            if (ip == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress())};
        };
    }
}
