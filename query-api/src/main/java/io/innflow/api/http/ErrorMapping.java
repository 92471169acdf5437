package io.innflow.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.innflow.connectors.catalog.CatalogException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to one problem shape, once. */
public final class ErrorMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static void install(JavalinConfig config) {
        // The body limit is the one a refusal reads up to before it answers (readRestOfBody): one figure.
        config.http.maxRequestSize = READ_BEFORE_ANSWERING;
        config.routes.exception(ApiException.class, (e, ctx) -> {
            if (e.retryAfterSeconds() != null) {
                ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            if (e.status() == 401) {
                // RFC 6750: a 401 names the scheme the caller must use.
                ctx.header("WWW-Authenticate", "Bearer realm=\"innflow\"");
            }
            write(ctx, e.status(), e.type(), e.title(), e.getMessage(), null);
        });
        config.routes.exception(
                RejectedException.class,
                (e, ctx) -> write(ctx, e.status(), e.type(), e.title(), e.getMessage(), e.reason()));
        config.routes.exception(CatalogException.class, ErrorMapping::catalog);
        config.routes.exception(
                JsonProcessingException.class,
                (e, ctx) -> write(
                        ctx,
                        400,
                        "malformed-json",
                        "The body is not valid JSON for this request",
                        e.getOriginalMessage(),
                        null));
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> write(ctx, e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage(), null));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Unexpected failure on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal", "Internal error", "The request failed unexpectedly; it was logged", null);
        });
        config.routes.error(404, ctx -> {
            String written = ctx.res().getContentType();
            if (written == null || !written.startsWith(Problem.CONTENT_TYPE)) {
                write(ctx, 404, "no-such-route", "Not found", "No route for " + ctx.method() + " " + ctx.path(), null);
            }
        });
        config.routes.error(
                405,
                ctx -> write(
                        ctx,
                        405,
                        "method-not-allowed",
                        "Method not allowed",
                        ctx.method() + " is not allowed on " + ctx.path(),
                        null));
    }

    /** The catalog's refusals: a reason code where the change was refused, the rows of a rejected upload. */
    private static void catalog(CatalogException e, Context ctx) {
        int status =
                switch (e.kind()) {
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case RULE_VIOLATED, INVALID_ROWS -> 422;
                    case INVALID -> 400;
                    case UNAVAILABLE -> 503;
                };
        String title =
                switch (e.kind()) {
                    case NOT_FOUND, CONFLICT, RULE_VIOLATED -> "The request was rejected";
                    case INVALID ->
                        CatalogException.Invalid.UPLOAD_HEADER.equals(e.type())
                                ? "The upload's header is not valid"
                                : "The request is not valid";
                    case INVALID_ROWS -> "The upload has invalid rows";
                    case UNAVAILABLE -> "Try again shortly";
                };
        if (e instanceof CatalogException.Unavailable) {
            ctx.header("Retry-After", "1");
        }
        if (e instanceof CatalogException.InvalidRows rows) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", Problem.TYPE_BASE + e.type());
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", e.detail());
            problem.put("instance", ctx.path());
            problem.put("format", rows.format());
            problem.put("received", rows.received());
            problem.put("rejected", rows.rejected());
            problem.put("rejections", rows.rejections());
            readRestOfBody(ctx);
            ctx.status(status).json(problem).contentType(Problem.CONTENT_TYPE);
            return;
        }
        write(ctx, status, e.type(), title, e.detail(), e.reason());
    }

    /**
     * Reads and drops what is left of a refused request's body, up to {@link #READ_BEFORE_ANSWERING}
     * bytes. A refusal often comes before the handler read the body (a 401, a 404 for a route that does
     * not exist), and Jetty closes a connection whose request body is unread and still arriving; the
     * client's operating system may then discard the answer with the connection (a TCP reset), and the
     * caller sees its request fail without the problem that says why. FuzzIT found it: a 21 KB body
     * refused with a 401, in CI, on two connections in a row. A body of declared length is read when it
     * declares at most the limit; a chunked one (no length) is read until it ends or reaches the limit.
     * Larger bodies are left unread (they are refused for their size, or are uploads that read their
     * own stream); their answer goes out with {@code Connection: close}, as before.
     */
    static void readRestOfBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        String encoding = ctx.header("Transfer-Encoding");
        boolean chunked = declared < 0
                && encoding != null
                && encoding.toLowerCase(Locale.ROOT).contains("chunked");
        if (declared == 0 || declared > READ_BEFORE_ANSWERING || (declared < 0 && !chunked)) {
            return; // no body (most refused GETs), or one too large to wait for
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buffer = new byte[8192];
            // Unknown length (chunked): up to the limit, or to the end of the body if it comes first.
            long left = declared > 0 ? declared : READ_BEFORE_ANSWERING;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone, or the body was read as characters: nothing left to keep the connection for.
            LOG.debug("Could not read the rest of a refused request's body on {} {}", ctx.method(), ctx.path(), e);
        }
    }

    /**
     * The largest body a refusal reads before answering, and the node's limit for a request body read
     * whole (Javalin's default, set in {@link #install} so that the two stay one; uploads read their own
     * stream and have their own limit).
     */
    static final long READ_BEFORE_ANSWERING = 1_000_000;

    private static void write(Context ctx, int status, String type, String title, String detail, String reason) {
        readRestOfBody(ctx);
        // A request another node forwarded here is reported under the path its client asked for.
        String path = ctx.path().startsWith("/internal/") ? ctx.path().substring("/internal".length()) : ctx.path();
        ctx.status(status)
                .json(new Problem(Problem.TYPE_BASE + type, title, status, detail, path, reason))
                .contentType(Problem.CONTENT_TYPE);
    }
}
