package dev.tocsin.monitor;

import dev.tocsin.platform.TocsinConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The regions this service probes from ({@code tocsin.regions}) and the one this node is in
 * ({@code tocsin.region}). A monitor may only ask for offered regions, so that none waits for ever on a
 * region no node serves; a node only claims targets of its own region, and those of monitors without regions.
 */
@ApplicationScoped
public class Regions {

    public static final String DEFAULT = "default";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final String local;
    private final Set<String> offered;
    private final boolean probing;

    Regions(TocsinConfig config, @ConfigProperty(name = "tocsin.probes.enabled", defaultValue = "true") boolean probing) {
        this.local = config.region().strip();
        this.offered = new LinkedHashSet<>(config.regions().stream().map(String::strip).toList());
        this.probing = probing;
    }

    /** This node's region. */
    public String local() {
        return local;
    }

    /** The regions a monitor may ask for, in the configured order. */
    public List<String> offeredInOrder() {
        return List.copyOf(offered);
    }

    /** A misspelt region would leave its monitors' targets unclaimed for ever: the start refuses it. */
    void check(@Observes StartupEvent event) {
        for (String region : offered) {
            if (!NAME.matcher(region).matches()) {
                throw new IllegalStateException("tocsin.regions: '" + region
                        + "' is not a region name (1 to 32 of a-z, 0-9 and '-', starting with a letter or digit)");
            }
        }
        if (probing && !offered.contains(local)) {
            throw new IllegalStateException("tocsin.region: '" + local + "' is not one of tocsin.regions (" + String.join(", ", offered)
                    + "); a probing node must be in an offered region");
        }
    }
}
