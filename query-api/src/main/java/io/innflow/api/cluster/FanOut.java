package io.innflow.api.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.Principal;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scatter-gather over every instance: each answers for the partitions it owns (a "leg"), this one
 * locally and the others through their internal endpoint, each within {@code innflow.cluster.timeout}.
 * An instance that does not answer in time is named, never waited for, so the caller can say honestly
 * what it could not cover.
 */
public final class FanOut {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final Ownership ownership;
    private final PeerClient peers;
    private final ObjectMapper json;
    private final Duration timeout;

    public FanOut(Ownership ownership, PeerClient peers, ObjectMapper json, Duration timeout) {
        this.ownership = ownership;
        this.peers = peers;
        this.json = json;
        this.timeout = timeout;
    }

    /** The legs that answered and the instances ({@code host:port}) that did not. */
    public record Gathered<L>(List<L> legs, List<String> unreachable) {}

    /**
     * Asks every instance the question of {@code ctx}: this one through {@code local}, the others at
     * {@value ClusterAuth#PREFIX} plus this request's path and query, answering with a {@code type}.
     */
    public <L> CompletableFuture<Gathered<L>> gather(Context ctx, Supplier<L> local, Class<L> type) {
        String query = ctx.queryString();
        String target = ClusterAuth.PREFIX + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
        List<L> legs = Collections.synchronizedList(new ArrayList<>());
        List<String> unreachable = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (HostInfo host : ownership.instances()) {
            if (host.equals(ownership.self())) {
                continue;
            }
            String name = host.host() + ":" + host.port();
            calls.add(peers.get(host, target, ctx.headerMap(), Principal.ANONYMOUS, timeout)
                    .thenAccept(response -> {
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("status " + response.statusCode());
                        }
                        try {
                            legs.add(json.readValue(response.body(), type));
                        } catch (IOException e) {
                            throw new IllegalStateException("unreadable answer: " + e.getMessage(), e);
                        }
                    })
                    .exceptionally(error -> {
                        LOG.debug("Instance {} did not answer {}: {}", name, target, error.toString());
                        unreachable.add(name);
                        return null;
                    }));
        }
        legs.add(local.get());
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(all -> new Gathered<>(List.copyOf(legs), List.copyOf(unreachable)));
    }
}
