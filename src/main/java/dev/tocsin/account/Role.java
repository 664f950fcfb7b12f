package dev.tocsin.account;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a member may do in an account. Ordered from most to least powerful. */
public enum Role {
    OWNER, ADMIN, MEMBER, VIEWER;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Viewers read only; every other role may change the account's monitors, channels and keys. */
    public boolean canWrite() {
        return this != VIEWER;
    }

    /** Owners and admins manage people and keys. */
    public boolean canManageMembers() {
        return this == OWNER || this == ADMIN;
    }
}
