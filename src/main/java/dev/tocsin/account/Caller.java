package dev.tocsin.account;

import java.util.UUID;

/**
 * Who is making an API request, once authenticated: always an account, then either a key (with its
 * scope) or a signed-in user (with a role). Every service call that touches tenant data takes the
 * account id from here, never from the request.
 */
public record Caller(UUID accountId, UUID userId, UUID keyId, KeyScope scope, Role role) {

    public boolean canWrite() {
        return scope == KeyScope.WRITE && (role == null || role.canWrite());
    }
}
