package io.innflow.api.limits;

import io.javalin.http.HandlerType;

/** What kind of request a route serves, for rate limiting; {@link #UNLIMITED} is never limited. */
public enum RouteClass {
    READ,
    GUEST_WRITE,
    PARTNER_WRITE,
    UPLOAD,
    ADMIN,
    UNLIMITED;

    /** The class of a request: by its path first (internal, health, admin, partner), then its method. */
    public static RouteClass of(HandlerType method, String path) {
        if (path.startsWith("/internal/") || path.startsWith("/health/")) {
            return UNLIMITED;
        }
        if (path.startsWith("/v1/admin/") || path.equals("/v1/admin")) {
            return ADMIN;
        }
        boolean read = method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
        if (read) {
            return READ;
        }
        if (path.startsWith("/v1/partner/")) {
            return path.endsWith("/nights:upload") ? UPLOAD : PARTNER_WRITE;
        }
        // Guest writes, and any other write (an unknown route costs the same as a guest write).
        return GUEST_WRITE;
    }
}
