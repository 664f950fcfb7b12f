package dev.tocsin.account;

import dev.tocsin.platform.security.Secrets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.elytron.security.common.BcryptUtil;
import java.util.Base64;

/**
 * bcrypt through WildFly Elytron. The password is first reduced to a SHA-256 digest because bcrypt
 * silently ignores everything past 72 bytes; long passphrases keep all their strength this way.
 */
public final class Passwords {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 200;

    /**
     * bcrypt hashes made: the costliest thing a sign-up does, so operators see it, and so the sign-up of a
     * taken address can be seen to do the same work as a new one.
     */
    private static final Counter HASHED = Counter.builder("tocsin.passwords.hashed")
            .description("bcrypt hashes computed (sign-up, reset, new passwords)").register(Metrics.globalRegistry);

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
        HASHED.increment();
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
