package io.innflow.api.http;

import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, as the verified bearer token says (see docs/security.md): set on every request by
 * the authenticator before any handler runs, anonymous when the request carries no token.
 *
 * @param role what the caller is
 * @param subject the token's subject; null for an anonymous caller
 * @param partner the partner a partner acts for (its {@code hotels.partner_id}); null otherwise
 */
public record Principal(Role role, String subject, String partner) {

    /** A caller without a token. */
    public static final Principal ANONYMOUS = new Principal(Role.ANONYMOUS, null, null);

    /**
     * Request header carrying a guest's principal from one node to another on a forwarded read: only
     * honoured on the internal endpoints, behind the cluster credential.
     */
    public static final String RELAYED_HEADER = "Innflow-Principal";

    private static final String ATTRIBUTE = "innflow.principal";
    private static final String GUEST_PREFIX = "guest:";

    public Principal {
        Objects.requireNonNull(role, "role");
        if (role != Role.ANONYMOUS) {
            Objects.requireNonNull(subject, "subject");
        }
        if (role == Role.PARTNER) {
            Objects.requireNonNull(partner, "partner");
        }
    }

    public static Principal guest(String subject) {
        return new Principal(Role.GUEST, subject, null);
    }

    /**
     * The name that owns holds, bookings and request ids: {@code guest:<sub>}, {@code admin:<sub>},
     * {@code anonymous}, or {@code partner:<partnerId>} (a partner's staff share one scope, so the
     * front desk's transitions of a booking are idempotent whoever sends them).
     */
    public String name() {
        return switch (role) {
            case ANONYMOUS -> "anonymous";
            case GUEST -> GUEST_PREFIX + subject;
            case PARTNER -> "partner:" + partner;
            case ADMIN -> "admin:" + subject;
        };
    }

    /** Sets the principal of a request; the authenticator's job. */
    public static void set(Context ctx, Principal principal) {
        ctx.attribute(ATTRIBUTE, principal);
    }

    /** The principal of the request: anonymous when nothing authenticated it. */
    public static Principal current(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        return principal == null ? ANONYMOUS : principal;
    }

    /** The authenticated subject of the request (for per-caller limits); empty for an anonymous caller. */
    public static Optional<String> subjectOf(Context ctx) {
        return Optional.ofNullable(current(ctx).subject());
    }

    /** The caller of a guest route; the route's access rule has already let only guests in. */
    public static Principal of(Context ctx) {
        return require(ctx, Access.GUEST);
    }

    /** The partner calling a partner route; 401 or 403 when the caller is not one. */
    public static Principal partner(Context ctx) {
        return require(ctx, Access.PARTNER);
    }

    /** The admin calling an admin route; 401 or 403 when the caller is not one. */
    public static Principal admin(Context ctx) {
        return require(ctx, Access.ADMIN);
    }

    private static Principal require(Context ctx, Access access) {
        Principal principal = current(ctx);
        access.check(principal);
        return principal;
    }

    /** The partner's id, when this principal is a partner. */
    public Optional<String> partnerId() {
        return role == Role.PARTNER ? Optional.of(partner) : Optional.empty();
    }

    /** The admin's id (its subject), when this principal is an admin. */
    public Optional<String> adminId() {
        return role == Role.ADMIN ? Optional.of(subject) : Optional.empty();
    }

    /** What a forwarded read passes on to the node that answers it: a guest's name, else nothing. */
    public Optional<String> relayed() {
        return role == Role.GUEST ? Optional.of(name()) : Optional.empty();
    }

    /** The principal a forwarding node relayed (see {@link #RELAYED_HEADER}); anonymous when none. */
    public static Principal fromRelayed(String value) {
        return value != null && value.startsWith(GUEST_PREFIX) && value.length() > GUEST_PREFIX.length()
                ? guest(value.substring(GUEST_PREFIX.length()))
                : ANONYMOUS;
    }

    /** The 401 problem of a request without a valid token. */
    public static ApiException unauthenticated(String detail) {
        return new ApiException(401, "unauthenticated", "Authentication required", detail);
    }
}
