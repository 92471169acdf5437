package io.innflow.api.cluster;

import io.innflow.api.http.Principal;
import io.innflow.api.query.ConsistencyToken;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.streams.inventory.StoreNames;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a read addressed by hotel on whichever instance it arrives at: from the local active task
 * when this instance owns the hotel, else forwarded to the owner's internal endpoint; during a
 * rebalance not ready, or a stale read from a standby when the caller allows it. A read carrying a
 * consistency token is answered only from a store that has applied it, waiting at most {@code
 * innflow.read.consistency-wait}. The answer is a {@link ReadResult}, which the HTTP layer maps.
 * Nothing blocks a request thread: waits are timer callbacks and forwards are asynchronous HTTP calls.
 */
public final class KeyedReads {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedReads.class);
    private static final long RETRY_MS = 10;

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
     * Reads {@code hotelId} for the request {@code ctx}: {@code query} runs against local stores where
     * this instance may answer; otherwise the request is forwarded.
     */
    public <T> CompletableFuture<ReadResult<T>> read(
            Context ctx, String hotelId, Function<ReadScope, Lookup<T>> query) {
        ReadOptions options = ReadOptions.of(ctx, commandsTopic);
        Placement placement = ownership.of(hotelId);
        // A token from a write to another partition says nothing about this hotel's stores.
        ConsistencyToken token = options.token() != null && options.token().partition() == placement.partition()
                ? options.token()
                : null;
        ReadScope scope = new ReadScope(placement.partition(), true, token);
        try {
            return route(ctx, "hotel " + hotelId, placement, scope, options, query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Reads the guest view of {@code principal} (its bookings and holds, keyed by principal): routed
     * to the owner of the principal's key like a hotel's read to the hotel's owner. A consistency
     * token is ignored: it names a position in {@code reservation-commands}, which the view does not
     * follow (it is fed by a repartition topic).
     */
    public <T> CompletableFuture<ReadResult<T>> readGuestView(
            Context ctx, String principal, Function<ReadScope, Lookup<T>> query) {
        try {
            ReadOptions options =
                    new ReadOptions(null, ReadOptions.flag(ctx, ReadOptions.ALLOW_STALE), ClusterAuth.isInternal(ctx));
            // Both stores of the view belong to one processor, so to the same tasks: either places the key.
            Placement placement = ownership.of(StoreNames.GUEST_BOOKINGS, principal);
            ReadScope scope = new ReadScope(placement.partition(), true, null);
            return route(ctx, "the caller's reservations", placement, scope, options, query);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Routes a read of {@code what} (a hotel, a guest's view), which lives where {@code placement} says. */
    private <T> CompletableFuture<ReadResult<T>> route(
            Context ctx,
            String what,
            Placement placement,
            ReadScope scope,
            ReadOptions options,
            Function<ReadScope, Lookup<T>> query) {
        if (placement.selfActive()) {
            return local(scope, query)
                    .thenCompose(lookup -> lookup instanceof Lookup.NotReady<T> && options.allowStale()
                            ? stale(ctx, what, placement, scope, query)
                            : done(lookup, scope));
        }
        if (options.internal()) {
            // Forwarded here by a node whose metadata was older or newer than ours: never forward again.
            return options.allowStale()
                    ? local(scope.stale(), query).thenCompose(lookup -> done(lookup, scope.stale()))
                    : notReady("This node does not own " + what + " right now");
        }
        if (placement.active() != null) {
            HostInfo owner = placement.active();
            return this.<T>forward(ctx, owner, scope.token() != null).exceptionallyCompose(error -> {
                LOG.debug("Owner {} of {} did not answer: {}", owner, what, error.toString());
                return options.allowStale()
                        ? stale(ctx, what, placement, scope, query)
                        : notReady("The node that owns " + what + " (" + owner.host() + ":" + owner.port()
                                + ") does not answer");
            });
        }
        return options.allowStale()
                ? stale(ctx, what, placement, scope, query)
                : notReady(Character.toUpperCase(what.charAt(0)) + what.substring(1)
                        + " is moving between nodes (rebalancing); retry, or allow a stale read"
                        + " with ?allowStale=true");
    }

    /** A stale read: a local copy if there is one, else a standby elsewhere, else not ready. */
    private <T> CompletableFuture<ReadResult<T>> stale(
            Context ctx, String what, Placement placement, ReadScope scope, Function<ReadScope, Lookup<T>> query) {
        String nobody = "No copy of " + what + " can answer right now, not even a stale one";
        return local(scope.stale(), query).thenCompose(lookup -> {
            if (!(lookup instanceof Lookup.NotReady<T>)) {
                return done(lookup, scope.stale());
            }
            List<HostInfo> standbys = placement.otherStandbys();
            if (standbys.isEmpty()) {
                return notReady(nobody);
            }
            return this.<T>forward(ctx, standbys.get(0), scope.token() != null)
                    .exceptionallyCompose(error -> notReady(nobody));
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

    private <T> CompletableFuture<ReadResult<T>> done(Lookup<T> lookup, ReadScope scope) {
        return CompletableFuture.completedFuture(resultOf(lookup, !scope.active(), nodeId));
    }

    /** The read result of a local lookup. */
    static <T> ReadResult<T> resultOf(Lookup<T> lookup, boolean stale, String nodeId) {
        if (lookup instanceof Lookup.Found<T> found) {
            return new ReadResult.Found<>(found.value(), stale, nodeId);
        }
        if (lookup instanceof Lookup.NotFound<T> missing) {
            return new ReadResult.NotFound<>(missing.reason(), missing.detail());
        }
        if (lookup instanceof Lookup.Behind<T>) {
            return new ReadResult.Behind<>();
        }
        return new ReadResult.NotReady<>("The store is not ready: " + ((Lookup.NotReady<T>) lookup).why());
    }

    private static <T> CompletableFuture<ReadResult<T>> notReady(String detail) {
        return CompletableFuture.completedFuture(new ReadResult.NotReady<>(detail));
    }

    private <T> CompletableFuture<ReadResult<T>> forward(Context ctx, HostInfo host, boolean withToken) {
        String query = ctx.queryString();
        String target = ClusterAuth.PREFIX + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
        Duration timeout = withToken ? peerTimeout.plus(consistencyWait) : peerTimeout;
        return peers.get(host, target, ctx.headerMap(), Principal.current(ctx), timeout)
                .thenApply(response ->
                        new ReadResult.Forwarded<>(response.statusCode(), response.headers(), response.body()));
    }
}
