package dev.tocsin.testing;


import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what the application really sent through SMTP to the shared GreenMail server. */
public final class Mailbox {

    private final GreenMail greenMail;

    public Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** All messages to this address so far, oldest first. */
    public List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> recipients(m).contains(address.toLowerCase()))
                .toList();
    }

    /** Waits for a message to this address whose subject contains the fragment; returns the newest. */
    public MimeMessage await(String address, String subjectFragment) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> newest(address, subjectFragment), Optional::isPresent).get();
    }

    private Optional<MimeMessage> newest(String address, String subjectFragment) {
        List<MimeMessage> matching = to(address).stream().filter(m -> subject(m).contains(subjectFragment)).toList();
        return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part (or the only body). */
    public static String text(MimeMessage message) {
        return part(message, "text/plain");
    }

    public static String html(MimeMessage message) {
        return part(message, "text/html");
    }

    /** The first link in the text part whose path starts with {@code path}, e.g. {@code /verify-email}. */
    public static String link(MimeMessage message, String path) {
        Matcher m = Pattern.compile("https?://[^\\s\"<>]+" + Pattern.quote(path) + "[^\\s\"<>]*").matcher(text(message));
        if (!m.find()) {
            throw new AssertionError("No link to " + path + " in: " + text(message));
        }
        return m.group();
    }

    private static String part(MimeMessage message, String type) {
        try {
            Object content = message.getContent();
            if (content instanceof String s) {
                return s;
            }
            return find((Multipart) content, type);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Multipart multipart, String type) throws MessagingException, IOException {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(a -> a.toString().toLowerCase()).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
