package io.innflow.api.catalog;

import io.innflow.api.http.Principal;
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

    /** The partner behind a principal from {@link Principal#partner}. */
    public static Actor partner(Principal principal) {
        return new Actor(
                Role.PARTNER,
                principal
                        .partnerId()
                        .orElseThrow(() -> new IllegalArgumentException("not a partner: " + principal.name())));
    }

    /** The admin behind a principal from {@link Principal#admin}. */
    public static Actor admin(Principal principal) {
        return new Actor(
                Role.ADMIN,
                principal
                        .adminId()
                        .orElseThrow(() -> new IllegalArgumentException("not an admin: " + principal.name())));
    }
}
