package dev.tocsin.account;

import java.util.Locale;
import java.util.regex.Pattern;

/** The one definition of a usable email address and its canonical form. */
public final class Emails {

    private static final Pattern SHAPE = Pattern.compile("^[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+$");

    private Emails() {
    }

    public static String normalize(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String normalized) {
        return normalized.length() <= 254 && SHAPE.matcher(normalized).matches();
    }
}
