package dev.tocsin.incident;

import dev.tocsin.catalog.Catalog;
import dev.tocsin.catalog.Provider;
import dev.tocsin.monitor.Monitor;
import dev.tocsin.monitor.MonitorType;
import dev.tocsin.signal.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;

/** How an incident is named to people: its title, and the status page that confirmed it. */
@ApplicationScoped
class IncidentNames {

    private final Catalog catalog;

    IncidentNames(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * What and why: "Mistral AI API failing", "Checkout API rejects the credential". Never the severity: a
     * title is written once, when the incident opens, while the severity can rise after it, and is shown
     * beside the title as it is now. Models, credit and keys are named only for a catalog provider (its
     * monitors and the customer's own calls to it); any other URL is named by what its answer says.
     */
    String title(Monitor monitor, Signal signal) {
        String what = Optional.ofNullable(monitor.provider).flatMap(catalog::find).map(Provider::name)
                .map(name -> name + " API").orElse(monitor.name);
        boolean provider = monitor.type == MonitorType.PROVIDER;
        String how = Signal.FLAPPING.equals(signal.cause()) ? "flapping" : switch (CauseGroup.of(signal.cause())) {
            case RATE_LIMITED -> "rate limited";
            case QUOTA -> provider ? "out of quota or credit" : "over a payment or plan limit";
            case AUTH -> provider ? "rejects the credential" : "refuses access";
            case NOT_FOUND -> provider ? "model or endpoint gone" : "endpoint not found";
            case BAD_REQUEST -> signal.aboutUsage() ? "refuses your calls" : "refuses the probe's request";
            case SLOW -> signal.aboutUsage() ? "slow for your calls" : "slow";
            case SPEND -> "spend over your limit";
            case AVAILABILITY -> signal.aboutUsage() ? "failing your calls" : signal.source() != Signal.Source.STATUSPAGE ? "failing"
                    : monitor.type == MonitorType.STATUSPAGE ? "reports a problem" : "problem reported on its status page";
        };
        return what + " " + how;
    }

    /**
     * What a usage signal is about, standing where a monitor would: the provider (a catalog one keyed like
     * its provider monitors, so the customer's own calls, its probes and its status page fold into one
     * incident), never stored.
     */
    Monitor usageSubject(Signal signal) {
        Monitor subject = new Monitor();
        subject.id = signal.monitorId();
        subject.accountId = signal.accountId();
        subject.provider = signal.subject();
        subject.name = catalog.find(signal.subject()).map(Provider::name).orElse(signal.subject()) + " (your calls)";
        subject.type = MonitorType.PROVIDER;
        subject.tags = java.util.List.of();
        return subject;
    }

    /** The host of the status page a monitor reads: its own URL for a statuspage monitor, else its provider's page. */
    String statusPageHost(Monitor monitor) {
        URI page = monitor.type == MonitorType.STATUSPAGE && monitor.url != null ? URI.create(monitor.url)
                : Optional.ofNullable(monitor.provider).flatMap(catalog::find)
                        .map(p -> p.statusPage() == null ? null : p.statusPage().url()).orElse(null);
        return page == null ? null : page.getHost();
    }
}
