package dev.tocsin.incident;

import dev.tocsin.platform.TocsinConfig;
import dev.tocsin.platform.security.SignedLinks;
import dev.tocsin.platform.security.UsedTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The one-click acknowledge link of an alert email: HMAC-signed, expiring, good for one use. The link
 * opens a page whose button does the acknowledging, so that mail scanners that fetch links change nothing.
 */
@ApplicationScoped
public class IncidentLinks {

    private final SignedLinks links;
    private final UsedTokens usedTokens;
    private final IncidentActions actions;
    private final TocsinConfig config;
    private final IncidentConfig incidents;

    IncidentLinks(SignedLinks links, UsedTokens usedTokens, IncidentActions actions, TocsinConfig config, IncidentConfig incidents) {
        this.links = links;
        this.usedTokens = usedTokens;
        this.actions = actions;
        this.config = config;
        this.incidents = incidents;
    }

    public String acknowledgeUrl(UUID incidentId) {
        return config.publicUrl() + "/incidents/" + incidentId + "/acknowledge?token="
                + links.issue(SignedLinks.Purpose.ACK_INCIDENT, incidentId.toString(), incidents.ackLinkValidity());
    }

    /** The incident a valid token names; throws {@link SignedLinks.InvalidLinkException} otherwise. */
    public Incident incidentOf(UUID incidentId, String token) {
        SignedLinks.Verified link = links.verify(SignedLinks.Purpose.ACK_INCIDENT, token);
        if (!link.subject().equals(incidentId.toString())) {
            throw new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED);
        }
        return Incident.<Incident>findByIdOptional(incidentId)
                .orElseThrow(() -> new SignedLinks.InvalidLinkException(SignedLinks.Refusal.FORGED));
    }

    /** Acknowledges through the link and uses it up; a resolved incident is left as it is, the link unused. */
    @Transactional
    public Incident acknowledge(UUID incidentId, String token) {
        Incident incident = incidentOf(incidentId, token);
        if ("resolved".equals(incident.state)) {
            return incident;
        }
        usedTokens.consume(links.verify(SignedLinks.Purpose.ACK_INCIDENT, token));
        return actions.acknowledge(incident.accountId, incident.id, "email link");
    }
}
