package io.innflow.api.http;

/**
 * Who may call a route. Every route declares one; the server checks it in one place before the
 * handler runs: a non-public route answers 401 to an anonymous caller and 403 to a wrong role.
 */
public enum Access {
    /** Anyone, with or without a token: search, hotels, availability, health. */
    PUBLIC(null),
    /** Guests only: holds, bookings and the status of their requests. */
    GUEST(Role.GUEST),
    /** Partners only, for their own hotels (ownership is checked by the partner use cases). */
    PARTNER(Role.PARTNER),
    /** Admins only. */
    ADMIN(Role.ADMIN);

    private final Role role;

    Access(Role role) {
        this.role = role;
    }

    /** Throws the problem a caller that may not call the route gets; returns when it may. */
    public void check(Principal principal) {
        if (role == null || principal.role() == role) {
            return;
        }
        if (principal.role() == Role.ANONYMOUS) {
            throw Principal.unauthenticated("This route needs a bearer token of a " + role.claim());
        }
        throw new ApiException(
                403,
                "forbidden",
                "Forbidden",
                "This route is for a " + role.claim() + "; the token is a "
                        + principal.role().claim() + "'s");
    }
}
