package io.innflow.connectors.catalog;

import java.util.Objects;

/**
 * Who changed the catalog, as the audit log records it.
 *
 * @param role partner or admin
 * @param id the partner's or admin's id
 */
public record Actor(Role role, String id) {

    /** The kinds of callers that change the catalog. */
    public enum Role {
        PARTNER,
        ADMIN
    }

    public Actor {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(id, "id");
    }

    public static Actor partner(String partnerId) {
        return new Actor(Role.PARTNER, partnerId);
    }

    public static Actor admin(String adminId) {
        return new Actor(Role.ADMIN, adminId);
    }
}
