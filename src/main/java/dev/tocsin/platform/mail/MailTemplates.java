package dev.tocsin.platform.mail;

import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Renders a mail from a pair of Qute templates, {@code <name>.txt} and {@code <name>.html}, so that
 * both bodies always say the same thing. HTML escaping comes from Qute for the .html variant.
 */
@ApplicationScoped
public class MailTemplates {

    private final Engine engine;

    MailTemplates(Engine engine) {
        this.engine = engine;
    }

    public OutgoingMail render(String name, String to, String subject, Map<String, Object> data, Map<String, String> headers) {
        return new OutgoingMail(to, subject, render(name + ".txt", data), render(name + ".html", data), headers);
    }

    private String render(String location, Map<String, Object> data) {
        Template template = engine.getTemplate(location);
        if (template == null) {
            throw new IllegalStateException("No mail template " + location);
        }
        return template.data(data).render();
    }
}
