package dev.tocsin.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A URL saved with a host Tocsin would refuse to call is refused when it is saved. */
class PublicTargetsTest {

    private static final PublicTargets REFUSING = new PublicTargets(new AddressGuard(false, host -> switch (host) {
        case "intranet.example.com" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
        case "mixed.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("192.168.1.1")};
        case "public.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.215.14")};
        default -> {
            if (host.matches("[0-9.]+") || host.contains(":")) {
                yield InetAddress.getAllByName(host); // an IP literal: no lookup
            }
            throw new UnknownHostException(host);
        }
    }));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/health", "https://10.0.0.7/", "http://169.254.169.254/latest/meta-data",
            "http://[::1]/", "https://intranet.example.com/hook", "https://mixed.example.com/"})
    void refusesPrivateLoopbackAndLinkLocalHostsNamingTheSetting(String url) {
        ProblemException refused = catchThrowableOfType(ProblemException.class, () -> REFUSING.require("url", url));
        Problem problem = refused.toProblem();
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.type()).isEqualTo("https://tocsin.dev/problems/private-address");
        assertThat(problem.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("url");
            assertThat(e.message()).contains("tocsin.outbound.allow-private-addresses");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://public.example.com/health", "https://unresolvable.example.com/", "ops@example.com",
            "0123456789abcdef0123456789abcdef", "ftp://10.0.0.1/", "not a url"})
    void letsPublicUnresolvableAndNonHttpTargetsThroughToTheirOwnValidation(String target) {
        assertThatCode(() -> REFUSING.require("target", target)).doesNotThrowAnyException();
    }

    @Test
    void allowsEverythingWhenTheOperatorAllowsPrivateAddresses() {
        assertThatCode(() -> new PublicTargets(new AddressGuard(true)).require("url", "http://127.0.0.1/"))
                .doesNotThrowAnyException();
    }
}
