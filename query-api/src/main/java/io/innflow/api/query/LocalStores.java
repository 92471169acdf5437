package io.innflow.api.query;

import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.RunningStores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;

/**
 * Reads this instance's state stores, one partition at a time, with the rules of a {@link ReadScope}:
 *
 * <ul>
 *   <li>An active read reads the store of the active task running here: it has applied every committed
 *       command of its partition. The task's processors register its stores while it runs ({@link
 *       RunningStores}); a store not registered there is looked up in Kafka Streams, which answers only
 *       for an active task of a running thread.
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
 *
 * <p>Values are read through the key-value store interface ({@code KafkaStreams#store}), positions
 * through an interactive query (IQv2) of a query type no store answers. IQv2's key and range queries
 * are not used: in Kafka Streams 4.3.1 they hold the store's position lock while they take the store's
 * own lock, and a stream thread writing the store takes the two in the other order, so a read and a
 * write at the same moment deadlock the node (KAFKA-19629, seen here under load). A query of an unknown
 * type takes only the position lock and touches no data, and the store interface takes only the
 * store's lock; neither can hold one lock while waiting for the other.
 *
 * <p>A read finds each store of its partition once ({@link ResolvedOnce}) and calls it directly for
 * the rest of the read, where Kafka Streams' own key-value store type would find it again on every
 * {@code get} and {@code range}. An active read takes the store from {@link RunningStores} and skips
 * Kafka Streams' lookup altogether: the lookup copies the stream threads' task lists under locks the
 * stream thread takes too, and at 64 clients request threads spent a quarter of their time waiting
 * there (docs/benchmarks.md, "Active stores without the lookup").
 */
public final class LocalStores {

    private static final Set<String> COMMAND_STORES =
            Set.of(StoreNames.HOLDS, StoreNames.BOOKINGS, StoreNames.REQUESTS, StoreNames.NIGHT_INVENTORY);

    private final KafkaStreams streams;
    private final RunningStores running;

    /** Reads that look every store up in Kafka Streams. */
    public LocalStores(KafkaStreams streams) {
        this(streams, new RunningStores());
    }

    /** Reads that take an active task's store from {@code running} while it is registered there. */
    public LocalStores(KafkaStreams streams, RunningStores running) {
        this.streams = streams;
        this.running = running;
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
                partition.requirePosition(StoreNames.REQUESTS);
            }
            return read.apply(partition);
        } catch (Unavailable e) {
            return e.behind ? new Lookup.Behind<>(e.getMessage()) : new Lookup.NotReady<>(e.getMessage());
        } catch (InvalidStateStoreException e) {
            return new Lookup.NotReady<>(e.getMessage());
        }
    }

    /** The partitions this instance serves as an active task of a running thread (empty while not running). */
    public SortedSet<Integer> activePartitions() {
        SortedSet<Integer> partitions = new TreeSet<>();
        try {
            streams.metadataForLocalThreads().forEach(thread -> thread.activeTasks()
                    .forEach(task -> partitions.add(task.taskId().partition())));
        } catch (IllegalStateException e) {
            return Collections.emptySortedSet();
        }
        return partitions;
    }

    /**
     * Every entry of {@code store} in the partitions this instance serves as an active, running task,
     * by partition; partitions it does not serve are absent.
     */
    public <V> Map<Integer, List<KeyValue<String, V>>> scanActive(String store) {
        Map<Integer, List<KeyValue<String, V>>> out = new TreeMap<>();
        for (int partition : activePartitions()) {
            ReadOnlyKeyValueStore<String, V> local = activeStore(store, partition);
            if (local != null) {
                out.put(partition, drain(local.all()));
            }
        }
        return out;
    }

    /**
     * {@code store} of one partition, read through the key-value store interface; null when this
     * instance does not serve it as an active, running task (restoring, or a task without that store).
     */
    public <V> ReadOnlyKeyValueStore<String, V> activeStore(String store, int partition) {
        ReadOnlyKeyValueStore<String, V> registered = running.store(store, partition);
        if (registered != null) {
            return registered;
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(store, new ResolvedOnce<String, V>())
                    .withPartition(partition));
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    /** The stores of one partition under one scope. */
    public final class Partition {

        private final ReadScope scope;
        /**
         * The stores this read opened. Opening one (Kafka Streams' store provider lookup and a composite
         * wrapper) cost more than the lookup itself in a search over 1,000 hotels, which reads the hotel,
         * room type and night stores once per hotel (docs/benchmarks.md); a read opens each store once.
         */
        private final Map<String, ReadOnlyKeyValueStore<String, ?>> opened = new HashMap<>();

        private Partition(ReadScope scope) {
            this.scope = scope;
        }

        /** The partition read. */
        public int number() {
            return scope.partition();
        }

        /** The value under {@code key}, or null. */
        public <V> V get(String store, String key) {
            return this.<V>store(store).get(key);
        }

        /** Entries with keys in [from, to], in key order. */
        public <V> List<KeyValue<String, V>> range(String store, String from, String to) {
            return drain(this.<V>store(store).range(from, to));
        }

        /**
         * At most {@code limit} entries with keys in [from, to] whose values {@code keep} accepts, in key
         * order; the scan stops once it has them.
         */
        public <V> List<KeyValue<String, V>> range(String store, String from, String to, Predicate<V> keep, int limit) {
            List<KeyValue<String, V>> out = new ArrayList<>();
            try (KeyValueIterator<String, V> it = this.<V>store(store).range(from, to)) {
                while (out.size() < limit && it.hasNext()) {
                    KeyValue<String, V> entry = it.next();
                    if (keep.test(entry.value)) {
                        out.add(entry);
                    }
                }
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private <V> ReadOnlyKeyValueStore<String, V> store(String store) {
            ReadOnlyKeyValueStore<String, ?> open = opened.get(store);
            if (open == null) {
                open = open(store);
                opened.put(store, open);
            }
            return (ReadOnlyKeyValueStore<String, V>) open;
        }

        private <V> ReadOnlyKeyValueStore<String, V> open(String store) {
            boolean bounded = scope.token() != null && COMMAND_STORES.contains(store) && !scope.active();
            if (bounded) {
                requirePosition(store);
            }
            if (scope.active()) {
                ReadOnlyKeyValueStore<String, V> registered = running.store(store, scope.partition());
                if (registered != null) {
                    return registered;
                }
            }
            StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters.fromNameAndType(
                            store, new ResolvedOnce<String, V>())
                    .withPartition(scope.partition());
            try {
                return streams.store(scope.active() ? parameters : parameters.enableStaleStores());
            } catch (InvalidStateStoreException e) {
                throw new Unavailable(false, store + " (partition " + scope.partition() + "): " + e.getMessage());
            }
        }

        /** Returns once {@code store}'s copy of this partition has applied the scope's token. */
        private void requirePosition(String store) {
            StateQueryRequest<Void> request = StateQueryRequest.inStore(store)
                    .withQuery(new PositionProbe())
                    .withPartitions(Set.of(scope.partition()));
            if (scope.active()) {
                request = request.requireActive();
            }
            QueryResult<Void> result =
                    streams.query(request).getPartitionResults().get(scope.partition());
            if (result == null) {
                throw new Unavailable(false, "partition " + scope.partition() + " of " + store + " is not here");
            }
            if (result.getFailureReason() != FailureReason.UNKNOWN_QUERY_TYPE || result.getPosition() == null) {
                throw new Unavailable(
                        false,
                        store + " (partition " + scope.partition() + "): " + result.getFailureReason() + " "
                                + result.getFailureMessage());
            }
            if (!covers(result.getPosition(), scope.token().position())) {
                throw new Unavailable(
                        true,
                        store + " (partition " + scope.partition() + ") is at " + result.getPosition() + ", behind "
                                + scope.token());
            }
        }
    }

    /** True when {@code have} has applied every offset of {@code want}. */
    static boolean covers(Position have, Position want) {
        for (String topic : want.getTopics()) {
            Map<Integer, Long> had = have.getPartitionPositions(topic);
            for (Map.Entry<Integer, Long> offset :
                    want.getPartitionPositions(topic).entrySet()) {
                Long reached = had.get(offset.getKey());
                if (reached == null || reached < offset.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Kafka Streams' key-value store type, but what it creates is the partition's store as it is now,
     * found once, instead of a composite store that finds it again (the stream threads' task lists,
     * copied) on every call. A search makes a call per night and per hotel it matches, and that lookup
     * was 22% of the HTTP threads' time in a search (8.9% found once per store and read:
     * docs/benchmarks.md, "Each store found once per read"). A store found this way is used only for
     * the rest of one read: if its task moves away meanwhile, the closed store throws {@link
     * InvalidStateStoreException}, which ends the read as NotReady, as the composite's next lookup
     * would have.
     */
    static final class ResolvedOnce<K, V> implements QueryableStoreType<ReadOnlyKeyValueStore<K, V>> {

        private final QueryableStoreType<ReadOnlyKeyValueStore<K, V>> keyValue = QueryableStoreTypes.keyValueStore();

        @Override
        public boolean accepts(StateStore store) {
            return keyValue.accepts(store);
        }

        @Override
        public ReadOnlyKeyValueStore<K, V> create(StateStoreProvider provider, String storeName) {
            List<ReadOnlyKeyValueStore<K, V>> found = provider.stores(storeName, keyValue);
            if (found.isEmpty()) {
                throw new InvalidStateStoreException(storeName + " is not served here");
            }
            if (found.size() > 1) {
                return keyValue.create(provider, storeName); // several partitions: Kafka Streams' composite
            }
            ReadOnlyKeyValueStore<K, V> store = found.get(0);
            if (store instanceof TimestampedKeyValueStore<?, ?>) {
                // Kafka Streams unwraps the timestamps only for its own store types.
                throw new IllegalArgumentException(storeName + " keeps timestamps: not a store of innflow's topology");
            }
            return store;
        }
    }

    /**
     * A query no store answers: the store replies "unknown query type" with its position, reading no
     * data (see the class comment).
     */
    static final class PositionProbe implements Query<Void> {}

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
