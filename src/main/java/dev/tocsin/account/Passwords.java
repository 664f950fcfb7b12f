package dev.tocsin.account;

import dev.tocsin.platform.security.Secrets;
import io.quarkus.elytron.security.common.BcryptUtil;
import java.util.Base64;

/**
 * bcrypt through WildFly Elytron. The password is first reduced to a SHA-256 digest because bcrypt
 * silently ignores everything past 72 bytes; long passphrases keep all their strength this way.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    /** A real hash of a random password, checked when the email is unknown so timing tells nothing. */
    private static final String DECOY = hash(Secrets.randomToken(24));

    private Passwords() {
    }

    /** Why a new password is refused, or null when it is acceptable. */
    public static String weakness(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "must be at least " + MIN_LENGTH + " characters";
        }
        if (password.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        if (password.isBlank()) {
            return "must not be only spaces";
        }
        return null;
    }

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(digest(password));
    }

    public static boolean matches(String password, String hash) {
        if (password == null) {
            return false;
        }
        if (hash == null) {
            BcryptUtil.matches(digest(password), DECOY);
            return false;
        }
        return BcryptUtil.matches(digest(password), hash);
    }

    private static String digest(String password) {
        return Base64.getEncoder().encodeToString(Secrets.sha256(password));
    }
}
