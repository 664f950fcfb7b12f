package dev.tocsin.statuspage;

import dev.tocsin.catalog.StatusPlatform;
import dev.tocsin.statuspage.StatusSnapshot.Indicator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * RSS 2.0 and Atom feeds, the fallback for any page. Each item becomes an incident, or a maintenance when
 * it announces or runs one ({@link FeedMaintenance}); the newest item per link wins, because per-update
 * feeds post "[Investigating] X" and later "[Resolved] X" as separate items and only the latest says where
 * the incident stands. A feed carries no impact, so open items give MINOR.
 */
final class FeedAdapter implements StatusAdapter {

    static final int DEFAULT_NEWEST = 20;
    private static final String EXPECTED = "an RSS 2.0 or Atom feed";
    private static final String ATOM = "http://www.w3.org/2005/Atom";

    private final int newest;

    FeedAdapter() {
        this(DEFAULT_NEWEST);
    }

    FeedAdapter(int newest) {
        this.newest = newest;
    }

    @Override
    public StatusPlatform platform() {
        return StatusPlatform.RSS;
    }

    @Override
    public URI fetchUrl(URI pageUrl) {
        return pageUrl;
    }

    @Override
    public StatusSnapshot parse(byte[] body) throws UnreadableStatusPage {
        if (body == null || body.length == 0) {
            throw new UnreadableStatusPage("expected " + EXPECTED + " but the body was empty");
        }
        Element root = parseXml(body).getDocumentElement();
        List<Element> items;
        if ("rss".equals(root.getLocalName())) {
            Element channel = child(root, "channel");
            if (channel == null) {
                throw new UnreadableStatusPage("expected " + EXPECTED + " but the <rss> element has no <channel>");
            }
            items = children(channel, "item");
        } else if ("feed".equals(root.getLocalName()) && ATOM.equals(root.getNamespaceURI())) {
            items = children(root, "entry");
        } else {
            throw new UnreadableStatusPage("expected " + EXPECTED + " but the document's root element is <" + root.getTagName() + ">");
        }
        List<FeedEntry> all = new ArrayList<>();
        for (Element item : items) {
            all.add(entry(item));
        }
        all.sort(Comparator.comparing(FeedEntry::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        Map<String, FeedEntry> latestPerItem = new LinkedHashMap<>();
        for (FeedEntry entry : all) {
            latestPerItem.putIfAbsent(entry.id(), entry);
        }
        List<VendorIncident> incidents = new ArrayList<>();
        List<Maintenance> maintenances = new ArrayList<>();
        for (FeedEntry entry : latestPerItem.values().stream().limit(newest).toList()) {
            switch (FeedMaintenance.kind(entry.rawTitle(), entry.text())) {
                case INCIDENT -> incidents.add(entry.incident());
                case RUNNING -> maintenances.add(entry.maintenance(true).orElseThrow());
                case ANNOUNCED -> entry.maintenance(false).ifPresent(maintenances::add);
                case ENDED -> { } // a completed maintenance is history
            }
        }
        if (latestPerItem.isEmpty()) {
            return StatusSnapshot.nothingKnown();
        }
        Indicator indicator = incidents.stream().anyMatch(incident -> !incident.isResolved()) ? Indicator.MINOR
                : maintenances.isEmpty() ? Indicator.NONE : Indicator.MAINTENANCE;
        return new StatusSnapshot(indicator, List.of(), incidents, maintenances);
    }

    private static FeedEntry entry(Element item) throws UnreadableStatusPage {
        String rawTitle = text(child(item, "title"));
        if (rawTitle.isBlank()) {
            throw new UnreadableStatusPage("expected " + EXPECTED + " whose items have a <title> but one has none");
        }
        String description = FeedText.plain(firstNonBlank(text(child(item, "description")), text(child(item, "summary")),
                text(child(item, "content"))));
        URI link = JsonBody.uri(link(item));
        // The link names the incident; a guid may name just one update of it (Better Stack's feed does that).
        String id = firstNonBlank(link == null ? "" : link.toString(), text(child(item, "guid")), text(child(item, "id")), rawTitle);
        Instant updated = date(firstNonBlank(text(child(item, "pubDate")), text(child(item, "updated")), text(child(item, "published"))));
        return new FeedEntry(id, rawTitle, description, updated, link);
    }

    /** RSS puts the URL in the element's text, Atom in {@code href}, preferring rel="alternate". */
    private static String link(Element item) {
        String fallback = null;
        for (Element link : children(item, "link")) {
            if (!link.hasAttribute("href")) {
                return text(link).isBlank() ? null : text(link);
            }
            String rel = link.getAttribute("rel");
            if (rel.isEmpty() || "alternate".equals(rel)) {
                return link.getAttribute("href");
            }
            fallback = fallback == null ? link.getAttribute("href") : fallback;
        }
        return fallback;
    }

    private static Instant date(String text) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRss) {
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException notAtom) {
                return null;
            }
        }
    }

    /**
     * A feed is untrusted input from the internet: no DTDs, no external entities, no XInclude. Refusing any
     * DOCTYPE outright also stops entity-expansion bombs, and real status feeds do not declare one.
     */
    private static Document parseXml(byte[] body) throws UnreadableStatusPage {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(QUIET);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException e) {
            throw new UnreadableStatusPage("expected " + EXPECTED + " but the body is not well-formed, safe XML: " + e.getMessage(), e);
        } catch (IOException | ParserConfigurationException e) {
            throw new UnreadableStatusPage("expected " + EXPECTED + " but the body could not be read", e);
        }
    }

    /** Without this the JDK parser prints "[Fatal Error]" to stderr before throwing. */
    private static final ErrorHandler QUIET = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static Element child(Element parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element element) {
        return element == null ? "" : element.getTextContent().strip();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return "";
    }
}
