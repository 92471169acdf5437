package io.innflow.api.cluster;

import io.innflow.api.http.ApiException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the internal endpoints ({@value #PREFIX}/...) that nodes call on each other: only a caller
 * presenting the cluster credential in {@value #HEADER} gets through.
 */
public final class ClusterAuth {

    /** The header that carries the cluster credential. */
    public static final String HEADER = "Innflow-Cluster-Secret";

    /** Path prefix of every internal endpoint; the rest of the path is the public path it serves. */
    public static final String PREFIX = "/internal";

    private final byte[] secret;

    public ClusterAuth(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** A before-handler for {@code /internal/*}. */
    public void check(Context ctx) {
        String presented = ctx.header(HEADER);
        // Constant-time comparison: the time taken tells nothing about the secret.
        if (presented == null || !MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(
                    403,
                    "cluster-credential-required",
                    "Forbidden",
                    "Internal endpoints answer only other innflow nodes presenting the cluster credential");
        }
    }

    /** True when the request came in on an internal endpoint (it was forwarded by another node). */
    public static boolean isInternal(Context ctx) {
        return ctx.path().startsWith(PREFIX + "/");
    }
}
