package io.innflow.api.cluster;

import io.innflow.api.http.ApiException;
import io.innflow.api.query.ConsistencyToken;
import io.javalin.http.Context;

/**
 * What a read request asks of the cluster.
 *
 * @param token the consistency token the client sent back, or null
 * @param allowStale the client accepts an answer from a standby ({@code ?allowStale=true})
 * @param internal the request was forwarded by another node: answer from here or not at all
 */
public record ReadOptions(ConsistencyToken token, boolean allowStale, boolean internal) {

    /** The query parameter that allows a stale read. */
    public static final String ALLOW_STALE = "allowStale";

    public static ReadOptions of(Context ctx, String commandsTopic) {
        String rawToken = ctx.header(ConsistencyToken.HEADER);
        ConsistencyToken token =
                rawToken == null || rawToken.isBlank() ? null : ConsistencyToken.parse(rawToken, commandsTopic);
        return new ReadOptions(token, flag(ctx, ALLOW_STALE), ClusterAuth.isInternal(ctx));
    }

    static boolean flag(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank() || raw.equals("false")) {
            return false;
        }
        if (raw.equals("true")) {
            return true;
        }
        throw ApiException.badRequest("Query parameter " + name + " must be true or false");
    }
}
