package io.innflow.api.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/**
 * The management server: {@code /metrics}, {@code /ops}, {@code /ops/data}, {@code /ops/lag} and the
 * health routes, on a port of its own bound to {@code innflow.ops.host} (loopback by default). Kept
 * off the guests' port so that no route there exposes operational detail, and so Prometheus and the
 * operator reach it from the cluster network without guest credentials.
 */
public final class OpsServer {

    private OpsServer() {}

    /** Starts the server; the chart library comes from its webjar under {@code /webjars}. */
    public static Javalin start(
            String host, int port, ObjectMapper json, NodeMetrics metrics, OpsController ops, HealthController health) {
        Javalin server = Javalin.create(cfg -> {
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.startup.showJavalinBanner = false;
            cfg.staticFiles.enableWebjars();
            cfg.routes.get("/metrics", metrics::scrape);
            cfg.routes.get("/ops", ops::page);
            cfg.routes.get("/ops/ops.js", ops::script);
            cfg.routes.get("/ops/data", ops::data);
            cfg.routes.get("/ops/lag", ops::lag);
            cfg.routes.get("/health/live", health::live);
            cfg.routes.get("/health/ready", health::ready);
        });
        server.start();
        return server;
    }
}
