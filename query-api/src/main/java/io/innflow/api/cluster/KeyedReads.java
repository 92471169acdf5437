package io.innflow.api.cluster;

import io.innflow.api.http.ApiException;
import io.innflow.api.http.RejectedException;
import io.innflow.api.query.ConsistencyToken;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.javalin.http.Context;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a read addressed by hotel on whichever instance it arrives at: from the local active task
 * when this instance owns the hotel, else forwarded to the owner's internal endpoint; during a
 * rebalance 503 with {@code Retry-After}, or a stale read from a standby (marked {@value #STALE_HEADER})
 * when the caller allows it. A read carrying a consistency token is answered only from a store that
 * has applied it, waiting at most {@code innflow.read.consistency-wait}. Nothing blocks a request
 * thread: waits are timer callbacks and forwards are asynchronous HTTP calls.
 */
public final class KeyedReads {

    /** Response header: {@code true} when the answer came from a standby or a restoring copy. */
    public static final String STALE_HEADER = "Innflow-Stale";

    /** Response header: the node id of the instance whose stores answered. */
    public static final String SERVED_BY_HEADER = "Innflow-Served-By";

    private static final Logger LOG = LoggerFactory.getLogger(KeyedReads.class);
    private static final long RETRY_MS = 10;
    private static final List<String> RELAYED_HEADERS =
            List.of("Content-Type", "Retry-After", "Location", STALE_HEADER, SERVED_BY_HEADER, ConsistencyToken.HEADER);

    private final Ownership ownership;
    private final PeerClient peers;
    private final ScheduledExecutorService timer;
    private final String nodeId;
    private final String commandsTopic;
    private final Duration consistencyWait;
    private final Duration peerTimeout;

    public KeyedReads(
            Ownership ownership,
            PeerClient peers,
            ScheduledExecutorService timer,
            String nodeId,
            String commandsTopic,
            Duration consistencyWait,
            Duration peerTimeout) {
        this.ownership = ownership;
        this.peers = peers;
        this.timer = timer;
        this.nodeId = nodeId;
        this.commandsTopic = commandsTopic;
        this.consistencyWait = consistencyWait;
        this.peerTimeout = peerTimeout;
    }

    /**
     * Answers {@code ctx} with the read of {@code hotelId}: {@code query} runs against local stores
     * where this instance may answer, {@code found} writes a found value.
     */
    public <T> void answer(
            Context ctx, String hotelId, Function<ReadScope, Lookup<T>> query, BiConsumer<Context, T> found) {
        ReadOptions options = ReadOptions.of(ctx, commandsTopic);
        Placement placement = ownership.of(hotelId);
        // A token from a write to another partition says nothing about this hotel's stores.
        ConsistencyToken token = options.token() != null && options.token().partition() == placement.partition()
                ? options.token()
                : null;
        ReadScope scope = new ReadScope(placement.partition(), true, token);
        ctx.future(() ->
                route(ctx, hotelId, placement, scope, options, query).thenAccept(reply -> reply.write(ctx, found)));
    }

    private <T> CompletableFuture<Reply<T>> route(
            Context ctx,
            String hotelId,
            Placement placement,
            ReadScope scope,
            ReadOptions options,
            Function<ReadScope, Lookup<T>> query) {
        if (placement.selfActive()) {
            return local(scope, query)
                    .thenCompose(lookup -> lookup instanceof Lookup.NotReady<T> && options.allowStale()
                            ? stale(ctx, hotelId, placement, scope, query)
                            : done(lookup, scope));
        }
        if (options.internal()) {
            // Forwarded here by a node whose metadata was older or newer than ours: never forward again.
            return options.allowStale()
                    ? local(scope.stale(), query).thenCompose(lookup -> done(lookup, scope.stale()))
                    : CompletableFuture.<Reply<T>>failedFuture(
                            ApiException.unavailable("This node does not own hotel " + hotelId + " right now"));
        }
        if (placement.active() != null) {
            HostInfo owner = placement.active();
            return this.<T>forward(ctx, owner, scope.token() != null).exceptionallyCompose(error -> {
                LOG.debug("Owner {} of hotel {} did not answer: {}", owner, hotelId, error.toString());
                return options.allowStale()
                        ? stale(ctx, hotelId, placement, scope, query)
                        : CompletableFuture.<Reply<T>>failedFuture(ApiException.unavailable("The node that owns hotel "
                                + hotelId + " (" + owner.host() + ":" + owner.port() + ") does not answer"));
            });
        }
        return options.allowStale()
                ? stale(ctx, hotelId, placement, scope, query)
                : CompletableFuture.<Reply<T>>failedFuture(ApiException.unavailable(
                        "Hotel " + hotelId + " is moving between nodes (rebalancing); retry, or allow a stale read"
                                + " with ?allowStale=true"));
    }

    /** A stale read: a local copy if there is one, else a standby elsewhere, else 503. */
    private <T> CompletableFuture<Reply<T>> stale(
            Context ctx, String hotelId, Placement placement, ReadScope scope, Function<ReadScope, Lookup<T>> query) {
        return local(scope.stale(), query).thenCompose(lookup -> {
            if (!(lookup instanceof Lookup.NotReady<T>)) {
                return done(lookup, scope.stale());
            }
            List<HostInfo> standbys = placement.otherStandbys();
            if (standbys.isEmpty()) {
                return CompletableFuture.<Reply<T>>failedFuture(ApiException.unavailable(
                        "No copy of hotel " + hotelId + " can answer right now, not even a stale one"));
            }
            return this.<T>forward(ctx, standbys.get(0), scope.token() != null)
                    .exceptionallyCompose(error -> CompletableFuture.<Reply<T>>failedFuture(ApiException.unavailable(
                            "No copy of hotel " + hotelId + " can answer right now, not even a stale one")));
        });
    }

    /** Runs a local read; while its store is behind the token, retries on the timer until the deadline. */
    private <T> CompletableFuture<Lookup<T>> local(ReadScope scope, Function<ReadScope, Lookup<T>> query) {
        Lookup<T> first = query.apply(scope);
        if (!(first instanceof Lookup.Behind<T>)) {
            return CompletableFuture.completedFuture(first);
        }
        CompletableFuture<Lookup<T>> answer = new CompletableFuture<>();
        long deadline = System.nanoTime() + consistencyWait.toNanos();
        retryLater(scope, query, answer, deadline);
        return answer;
    }

    private <T> void retryLater(
            ReadScope scope, Function<ReadScope, Lookup<T>> query, CompletableFuture<Lookup<T>> answer, long deadline) {
        timer.schedule(
                () -> {
                    try {
                        Lookup<T> lookup = query.apply(scope);
                        if (lookup instanceof Lookup.Behind<T> && System.nanoTime() < deadline) {
                            retryLater(scope, query, answer, deadline);
                        } else {
                            answer.complete(lookup);
                        }
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                },
                RETRY_MS,
                TimeUnit.MILLISECONDS);
    }

    private <T> CompletableFuture<Reply<T>> done(Lookup<T> lookup, ReadScope scope) {
        if (lookup instanceof Lookup.Found<T> found) {
            return CompletableFuture.completedFuture(new Reply.Local<>(found.value(), !scope.active(), nodeId));
        }
        return CompletableFuture.failedFuture(problem(lookup));
    }

    /** The problem of a lookup that found nothing to show. */
    public static ApiException problem(Lookup<?> lookup) {
        if (lookup instanceof Lookup.NotFound<?> missing) {
            return new RejectedException(404, missing.reason(), "Not found", missing.detail());
        }
        if (lookup instanceof Lookup.Behind<?>) {
            return new ApiException(
                    503,
                    "consistency-pending",
                    "Try again shortly",
                    "The store has not yet applied the write named by " + ConsistencyToken.HEADER + "; it will shortly",
                    1);
        }
        return ApiException.unavailable("The store is not ready: " + ((Lookup.NotReady<?>) lookup).why());
    }

    private <T> CompletableFuture<Reply<T>> forward(Context ctx, HostInfo host, boolean withToken) {
        String query = ctx.queryString();
        String target = ClusterAuth.PREFIX + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
        Duration timeout = withToken ? peerTimeout.plus(consistencyWait) : peerTimeout;
        return peers.get(host, target, ctx.headerMap(), timeout).thenApply(response -> new Reply.Relayed<T>(response));
    }

    /** How a read is answered: from a local value, or relaying another node's response. */
    private sealed interface Reply<T> {

        void write(Context ctx, BiConsumer<Context, T> found);

        record Local<T>(T value, boolean stale, String nodeId) implements Reply<T> {
            @Override
            public void write(Context ctx, BiConsumer<Context, T> found) {
                ctx.header(SERVED_BY_HEADER, nodeId);
                if (stale) {
                    ctx.header(STALE_HEADER, "true");
                }
                found.accept(ctx, value);
            }
        }

        record Relayed<T>(HttpResponse<byte[]> response) implements Reply<T> {
            @Override
            public void write(Context ctx, BiConsumer<Context, T> found) {
                ctx.status(response.statusCode());
                for (String name : RELAYED_HEADERS) {
                    response.headers().firstValue(name).ifPresent(value -> {
                        if (name.equals("Content-Type")) {
                            ctx.contentType(value);
                        } else {
                            ctx.header(name, value);
                        }
                    });
                }
                ctx.result(response.body());
            }
        }
    }
}
