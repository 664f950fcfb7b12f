package dev.tocsin.platform.outbound;

import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, when a URL is saved, a host Tocsin would refuse to call later. Without it a monitor or a
 * webhook pointing at a private address was accepted and then failed at every probe with a vague
 * "the connection was refused or dropped". The rule is {@link AddressGuard}'s, so the two never
 * disagree; a name that does not resolve now passes, since DNS may answer later and the probe then
 * reports {@code dns} in its own words.
 */
@ApplicationScoped
public class PublicTargets {

    private final AddressGuard guard;

    @Inject
    PublicTargets(OutboundConfig config) {
        this(new AddressGuard(config.allowPrivateAddresses()));
    }

    public PublicTargets(AddressGuard guard) {
        this.guard = guard;
    }

    /**
     * Throws a 422 {@code private-address} problem naming {@code field} and the setting when the host
     * of {@code url} is private, loopback or link-local while those are refused. Anything that is not
     * an http(s) URL with a host is left to the field's own validation.
     */
    public void require(String field, String url) {
        String host = httpHost(url);
        if (host == null) {
            return;
        }
        try {
            guard.vet(host);
        } catch (UnknownHostException e) {
            // Not resolvable now: the probe reports it as a DNS failure if it stays so.
        } catch (AddressGuard.RefusedAddressException e) {
            throw new ProblemException(422, "private-address", "Private address refused", field + ": " + e.getMessage(),
                    List.of(new Problem.FieldError(field, e.getMessage())));
        }
    }

    private static String httpHost(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return null;
            }
            String host = uri.getHost();
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
