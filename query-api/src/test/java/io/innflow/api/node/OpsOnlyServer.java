package io.innflow.api.node;

import io.innflow.api.auth.Authenticator;
import io.innflow.api.auth.Tokens;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.http.Json;
import io.innflow.api.http.OpenApi;
import io.innflow.api.limits.RateLimiter;
import io.innflow.api.ops.HealthController;
import io.innflow.streams.config.LimitSettings;
import io.javalin.Javalin;
import java.util.List;
import java.util.Optional;

/** A real node HTTP server on a free loopback port with only the ops routes: for tests of the server itself. */
final class OpsOnlyServer {

    private OpsOnlyServer() {}

    /** Started; {@code maxConnections} 0 for no bound. */
    static Javalin start(int maxConnections) {
        return NodeHttp.create(
                        "127.0.0.1",
                        0,
                        Json.mapper(),
                        new ClusterAuth("test-secret"),
                        Authenticator.of(Tokens.settings()),
                        new RateLimiter(LimitSettings.defaults(), ctx -> Optional.empty()),
                        List.of(NodeRoutes.ops(new HealthController(() -> "RUNNING", () -> true), new OpenApi())),
                        (ctx, millis) -> {},
                        maxConnections)
                .start();
    }
}
