package io.innflow.load;

import io.innflow.api.node.InnflowNode;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The node the benchmarks and the Gatling smoke run start on an embedded stack: the stack's Kafka,
 * registry and token secret, random loopback ports, its own state directory, and without the guest
 * rate limits and the per-guest hold bound (load from a few guests would measure the limiter) or the
 * bound on searches in progress (the read rows' 64 clients would measure its refusals).
 */
final class BenchNode {

    private BenchNode() {}

    /** The node's settings on {@code stack}, then {@code overrides}; the rest are the defaults (and system properties). */
    static InnflowConfig config(EmbeddedStack stack, Path stateDir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("innflow.kafka.bootstrap", stack.kafka().bootstrapServers());
        values.put("innflow.registry.url", stack.registry().url());
        values.put("innflow.state.dir", stateDir.toString());
        values.put("innflow.http.port", "0");
        values.put("innflow.http.host", StackSettings.LOOPBACK);
        values.put("innflow.ops.port", "0");
        values.put("innflow.auth.hmac-secret", stack.nodeConfig().auth().hmacSecret());
        values.put("innflow.limits.guest-writes.per-second", "0");
        values.put("innflow.limits.reads.per-second", "0");
        values.put("innflow.hold.max-room-nights", "0");
        values.put("innflow.limits.max-concurrent-searches", "0");
        values.putAll(overrides);
        return InnflowConfig.load(values);
    }

    /** Starts a node with {@code config} on {@code stack}'s registry (not yet ready). */
    static InnflowNode start(EmbeddedStack stack, InnflowConfig config) {
        return InnflowNode.start(
                config, AvroSerdeFactory.forRegistry(stack.registry().url()));
    }
}
