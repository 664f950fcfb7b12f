package dev.tocsin.account.session;

import dev.tocsin.account.Account;
import dev.tocsin.account.Caller;
import dev.tocsin.account.KeyScope;
import dev.tocsin.account.Role;
import dev.tocsin.account.User;
import java.util.UUID;

/** A live session resolved to its user, the account it works in, and the user's role there. */
public record SignedIn(UUID sessionId, User user, Account account, Role role) {

    /** The same person as an API caller, for services shared by pages and the REST API. */
    public Caller asCaller() {
        return new Caller(account.id, user.id, null, role.canWrite() ? KeyScope.WRITE : KeyScope.READ, role);
    }
}
