package io.innflow.api.http;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling. The one place a request's principal is known; authentication (JWT roles and
 * tenants) plugs in here later. Until then every guest is {@code anonymous}, and partners and admins
 * name themselves in a header ({@value #PARTNER_HEADER}, {@value #ADMIN_HEADER}): a placeholder that
 * the JWT issue replaces with verified claims, keeping these methods' contracts.
 */
public record Principal(String name) {

    /** Placeholder until JWT: the id of the partner calling a partner route. */
    public static final String PARTNER_HEADER = "X-Innflow-Partner";

    /** Placeholder until JWT: the id of the admin calling an admin route. */
    public static final String ADMIN_HEADER = "X-Innflow-Admin";

    private static final String PARTNER_PREFIX = "partner:";
    private static final String ADMIN_PREFIX = "admin:";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    public static Principal of(Context ctx) {
        return new Principal("anonymous");
    }

    /** The partner calling a partner route; 401 when the caller is not one. */
    public static Principal partner(Context ctx) {
        return new Principal(PARTNER_PREFIX + identity(ctx, PARTNER_HEADER, "partner"));
    }

    /** The admin calling an admin route; 401 when the caller is not one. */
    public static Principal admin(Context ctx) {
        return new Principal(ADMIN_PREFIX + identity(ctx, ADMIN_HEADER, "admin"));
    }

    /** The partner's id, when this principal is a partner. */
    public Optional<String> partnerId() {
        return name.startsWith(PARTNER_PREFIX)
                ? Optional.of(name.substring(PARTNER_PREFIX.length()))
                : Optional.empty();
    }

    /** The admin's id, when this principal is an admin. */
    public Optional<String> adminId() {
        return name.startsWith(ADMIN_PREFIX) ? Optional.of(name.substring(ADMIN_PREFIX.length())) : Optional.empty();
    }

    private static String identity(Context ctx, String header, String role) {
        String id = ctx.header(header);
        if (id == null || id.isBlank()) {
            throw new ApiException(
                    401,
                    "unauthenticated",
                    "Authentication required",
                    "This route is for a " + role + ": send the " + header + " header (a placeholder until"
                            + " JWT authentication)");
        }
        if (!ID.matcher(id).matches()) {
            throw new ApiException(
                    401,
                    "unauthenticated",
                    "Authentication required",
                    header + " must be 1-64 letters, digits, '.', '@', '-' or '_'");
        }
        return id;
    }
}
