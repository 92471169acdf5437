package io.innflow.api.ops;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live} and {@code /health/ready}. Ready names each of its checks: Kafka Streams
 * RUNNING, the catalog loaded, the facade's result reader alive (without it every write ends in a
 * 202), the broker reachable (from the ops monitor's last cluster description, never asked per
 * request). Live says only that the process answers: restarting a node because Kafka is down would
 * not help.
 */
public final class HealthController {

    private final Supplier<String> streamsState;
    private final BooleanSupplier catalogLoaded;
    private final BooleanSupplier readerAlive;
    private final BooleanSupplier brokerReachable;

    public HealthController(Supplier<String> streamsState, BooleanSupplier catalogLoaded) {
        this(streamsState, catalogLoaded, () -> true, () -> true);
    }

    public HealthController(
            Supplier<String> streamsState,
            BooleanSupplier catalogLoaded,
            BooleanSupplier readerAlive,
            BooleanSupplier brokerReachable) {
        this.streamsState = streamsState;
        this.catalogLoaded = catalogLoaded;
        this.readerAlive = readerAlive;
        this.brokerReachable = brokerReachable;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    /** Ready means every check is UP; the answer names each. */
    public void ready(Context ctx) {
        Readiness readiness = readiness();
        ctx.status(readiness.up() ? 200 : 503).json(readiness.body());
    }

    /** The checks as the operator page and {@code /health/ready} show them. */
    public Readiness readiness() {
        String state = streamsState.get();
        boolean running = "RUNNING".equals(state);
        boolean catalog = running && catalogLoaded.getAsBoolean();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("streams", upDown(running));
        checks.put("catalog", upDown(catalog));
        checks.put("resultReader", upDown(readerAlive.getAsBoolean()));
        checks.put("broker", upDown(brokerReachable.getAsBoolean()));
        boolean up = checks.values().stream().allMatch("UP"::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", upDown(up));
        body.put("streams", state);
        body.put("catalogLoaded", catalog);
        body.put("checks", checks);
        return new Readiness(up, body);
    }

    /** Whether the node is ready, and the answer's body. */
    public record Readiness(boolean up, Map<String, Object> body) {}

    private static String upDown(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
