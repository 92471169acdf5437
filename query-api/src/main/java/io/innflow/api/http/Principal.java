package io.innflow.api.http;

import io.javalin.http.Context;

/**
 * Who is calling. The one place a request's principal is known; authentication (JWT roles and
 * tenants) plugs in here later. Until then every caller is {@code anonymous}.
 */
public record Principal(String name) {

    public static Principal of(Context ctx) {
        return new Principal("anonymous");
    }
}
