package io.innflow.api.ops;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /health/live} and {@code /health/ready}. */
public final class HealthController {

    private final Supplier<String> streamsState;
    private final BooleanSupplier catalogLoaded;

    public HealthController(Supplier<String> streamsState, BooleanSupplier catalogLoaded) {
        this.streamsState = streamsState;
        this.catalogLoaded = catalogLoaded;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    /** Ready means Kafka Streams is RUNNING and the catalog has been loaded. */
    public void ready(Context ctx) {
        String state = streamsState.get();
        boolean running = "RUNNING".equals(state);
        boolean catalog = running && catalogLoaded.getAsBoolean();
        ctx.status(running && catalog ? 200 : 503)
                .json(Map.of("status", running && catalog ? "UP" : "DOWN", "streams", state, "catalogLoaded", catalog));
    }
}
