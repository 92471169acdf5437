package io.innflow.api.query;

import io.innflow.streams.inventory.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Reads this instance's state stores through Kafka Streams' interactive queries (IQv2), one
 * partition at a time, with the rules of a {@link ReadScope}:
 *
 * <ul>
 *   <li>An active read asks Kafka Streams for the active task in a running thread
 *       ({@code requireActive}): it has applied every committed command of its partition.
 *   <li>A stale read accepts any local copy: a standby, or an active task that is still restoring.
 *   <li>With a consistency token, the read waits for the stores that commands write to have applied
 *       the token. On an active task the gate is {@code requests-store}, which every new command writes
 *       last: once it is past the token, so is every store the command wrote (and a command that did
 *       not write a store did not change what it shows). A standby applies each store's changelog on
 *       its own, so there every bounded store is checked against the token itself.
 * </ul>
 *
 * Catalog stores ({@code hotels-store}, {@code room-types-store}) are never bounded: commands do not
 * write them, so their position says nothing about a command.
 */
public final class LocalStores {

    private static final Set<String> COMMAND_STORES =
            Set.of(StoreNames.HOLDS, StoreNames.BOOKINGS, StoreNames.REQUESTS, StoreNames.NIGHT_INVENTORY);

    private final KafkaStreams streams;

    public LocalStores(KafkaStreams streams) {
        this.streams = streams;
    }

    /** A read of one partition; a store that cannot answer ends it as NotReady or Behind. */
    public interface Read<T> {
        Lookup<T> apply(Partition stores);
    }

    /**
     * Runs {@code read} against the stores of {@code scope}'s partition: its answer, or NotReady or
     * Behind when a store cannot answer under the scope's rules.
     */
    public <T> Lookup<T> read(ReadScope scope, Read<T> read) {
        try {
            Partition partition = new Partition(scope);
            if (scope.token() != null && scope.active()) {
                partition.get(StoreNames.REQUESTS, "", true);
            }
            return read.apply(partition);
        } catch (Unavailable e) {
            return e.behind ? new Lookup.Behind<>(e.getMessage()) : new Lookup.NotReady<>(e.getMessage());
        } catch (InvalidStateStoreException e) {
            return new Lookup.NotReady<>(e.getMessage());
        }
    }

    /**
     * Every entry of {@code store} in the partitions this instance serves as an active, running task,
     * by partition; partitions it does not serve are absent.
     */
    public <V> Map<Integer, List<KeyValue<String, V>>> scanActive(String store) {
        Map<Integer, List<KeyValue<String, V>>> out = new TreeMap<>();
        StateQueryResult<KeyValueIterator<String, V>> result;
        try {
            result = streams.query(StateQueryRequest.inStore(store)
                    .withQuery(RangeQuery.<String, V>withNoBounds())
                    .requireActive());
        } catch (InvalidStateStoreException e) {
            return out;
        }
        result.getPartitionResults().forEach((partition, r) -> {
            if (r.isSuccess()) {
                out.put(partition, drain(r.getResult()));
            }
        });
        return out;
    }

    /** The stores of one partition under one scope. */
    public final class Partition {

        private final ReadScope scope;

        private Partition(ReadScope scope) {
            this.scope = scope;
        }

        /** The partition read. */
        public int number() {
            return scope.partition();
        }

        /** The value under {@code key}, or null. */
        public <V> V get(String store, String key) {
            return get(store, key, false);
        }

        /** Entries with keys in [from, to], in key order. */
        public <V> List<KeyValue<String, V>> range(String store, String from, String to) {
            return drain(
                    this.<KeyValueIterator<String, V>>query(store, RangeQuery.<String, V>withRange(from, to), false));
        }

        private <V> V get(String store, String key, boolean gate) {
            return query(store, KeyQuery.<String, V>withKey(key), gate);
        }

        private <R> R query(String store, Query<R> query, boolean gate) {
            StateQueryRequest<R> request =
                    StateQueryRequest.inStore(store).withQuery(query).withPartitions(Set.of(scope.partition()));
            boolean bounded = scope.token() != null && COMMAND_STORES.contains(store) && (gate || !scope.active());
            if (bounded) {
                request =
                        request.withPositionBound(PositionBound.at(scope.token().position()));
            } else if (scope.active()) {
                request = request.requireActive();
            }
            QueryResult<R> result = streams.query(request).getPartitionResults().get(scope.partition());
            if (result == null) {
                throw new Unavailable(false, "partition " + scope.partition() + " of " + store + " is not here");
            }
            if (result.isFailure()) {
                throw new Unavailable(
                        result.getFailureReason() == FailureReason.NOT_UP_TO_BOUND,
                        store + " (partition " + scope.partition() + "): " + result.getFailureReason() + " "
                                + result.getFailureMessage());
            }
            return result.getResult();
        }
    }

    private static <V> List<KeyValue<String, V>> drain(KeyValueIterator<String, V> it) {
        List<KeyValue<String, V>> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    private static final class Unavailable extends RuntimeException {
        private final boolean behind;

        Unavailable(boolean behind, String message) {
            super(message, null, false, false);
            this.behind = behind;
        }
    }
}
