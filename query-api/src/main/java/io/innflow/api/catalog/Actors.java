package io.innflow.api.catalog;

import io.innflow.api.http.Principal;
import io.innflow.connectors.catalog.Actor;

/** The catalog's {@link Actor} behind an authenticated caller. */
public final class Actors {

    private Actors() {}

    /** The partner behind a principal from {@link Principal#partner}. */
    public static Actor partner(Principal principal) {
        return Actor.partner(principal
                .partnerId()
                .orElseThrow(() -> new IllegalArgumentException("not a partner: " + principal.name())));
    }

    /** The admin behind a principal from {@link Principal#admin}. */
    public static Actor admin(Principal principal) {
        return Actor.admin(principal
                .adminId()
                .orElseThrow(() -> new IllegalArgumentException("not an admin: " + principal.name())));
    }
}
