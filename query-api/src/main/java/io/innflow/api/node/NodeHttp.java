package io.innflow.api.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.LogContext;
import io.innflow.api.http.Principal;
import io.innflow.api.limits.RateLimiter;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.RequestLogger;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.eclipse.jetty.server.NetworkConnectionLimit;

/**
 * The HTTP server of a node: one problem shape, one authenticator before every handler, the route
 * groups with their access rules checked here, and their internal mirrors.
 */
final class NodeHttp {

    private NodeHttp() {}

    /**
     * A server (not started) on {@code host:port} serving {@code groups} and their internal mirrors:
     * every request is authenticated, then counted against its caller's rate limit.
     */
    static Javalin create(
            String host,
            int port,
            ObjectMapper json,
            ClusterAuth clusterAuth,
            Authenticator authenticator,
            RateLimiter limiter,
            List<RouteGroup> groups) {
        return create(host, port, json, clusterAuth, authenticator, limiter, groups, (ctx, millis) -> {}, 0);
    }

    /**
     * Like the other, with {@code requestLog} told of every exchange once it ended (metrics by route
     * template), and at most {@code maxConnections} connections open at once (0: no bound): Jetty stops
     * accepting at the bound, so connections beyond it wait in the operating system's backlog instead of
     * holding buffers in the heap (an open-model overload of 17,000 waiting requests exhausted a 1 GiB
     * heap without it, docs/benchmarks.md).
     */
    static Javalin create(
            String host,
            int port,
            ObjectMapper json,
            ClusterAuth clusterAuth,
            Authenticator authenticator,
            RateLimiter limiter,
            List<RouteGroup> groups,
            RequestLogger requestLog,
            int maxConnections) {
        return Javalin.create(cfg -> {
            if (maxConnections > 0) {
                cfg.jetty.modifyServer(server -> server.addBean(new NetworkConnectionLimit(maxConnections, server)));
            }
            cfg.requestLogger.http(requestLog);
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            ErrorMapping.install(cfg);
            cfg.routes.before(ctx -> authenticator.authenticate(ctx, clusterAuth));
            for (RouteGroup group : groups) {
                group.configure(cfg);
                install(cfg, group.routes());
            }
            // After authentication: a caller's bucket is its subject's.
            cfg.routes.before(limiter::check);
            install(cfg, InternalRoutes.mirrorsOf(groups));
            cfg.routes.after(ctx -> LogContext.clear());
        });
    }

    /** Declares {@code routes}, each behind its access rule. */
    static void install(JavalinConfig cfg, List<Route> routes) {
        routes.forEach(route -> cfg.routes.addHttpHandler(route.method(), route.path(), ctx -> {
            LogContext.of(ctx);
            route.access().check(Principal.current(ctx));
            route.handler().handle(ctx);
        }));
    }

    /** Every HTTP route {@code http} serves, as {@code METHOD path} ({@code GET /v1/hotels/{hotelId}}). */
    static List<String> routes(Javalin http) {
        return http.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(route -> route.endpoint.method.isHttpMethod())
                .map(route -> route.endpoint.method.name() + " " + route.endpoint.path)
                .toList();
    }
}
