package dev.tocsin.account;

import java.util.UUID;

/** Fired inside the transaction that created an account, once its owner has joined. */
public record AccountCreated(UUID accountId, UUID ownerId, String ownerEmail) {
}
