package io.innflow.streams.lifecycle;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The stores of the active tasks this instance is running, by store and partition, for interactive
 * queries that must read an active task.
 *
 * <p>Kafka Streams hands a query a store only after looking it up among its stream threads' tasks,
 * copying their task lists under two locks that the stream thread takes too. At 64 clients reading
 * availability, request threads spent a quarter of their time blocked there (docs/benchmarks.md,
 * "Active stores without the lookup"). Here a processor registers its task's stores in {@code init}
 * and removes them in {@code close}. Kafka Streams calls {@code init} once the task has restored its
 * state and before it processes (the moment it becomes an active, running task), and {@code close}
 * whenever it stops running it: suspended for a rebalance, revoked, closed after an error, recycled
 * into a standby, or the thread or instance stopping. So a store is here exactly while its task runs
 * here, which is what Kafka Streams' lookup for an active task answers, minus the lookup. A store
 * that was closed without its processor being told is not handed out either.
 */
public final class RunningStores {

    private record Key(String store, int partition) {}

    private final Map<Key, ReadOnlyKeyValueStore<?, ?>> stores = new ConcurrentHashMap<>();

    /**
     * From a processor's {@code init}: {@code names}, as its task's context gives them, answer until the
     * processor's {@code close} calls {@link Registration#stop()} on what this returns.
     */
    public Registration running(ProcessorContext<?, ?> context, Collection<String> names) {
        int partition = context.taskId().partition();
        Map<Key, ReadOnlyKeyValueStore<?, ?>> mine = new HashMap<>();
        for (String name : names) {
            StateStore store = context.getStateStore(name);
            if (store instanceof ReadOnlyKeyValueStore<?, ?> readable) {
                mine.put(new Key(name, partition), readable);
            }
        }
        stores.putAll(mine);
        return () -> mine.forEach(stores::remove);
    }

    /** A task's stores registered by one processor. */
    public interface Registration {
        /** The task stopped running here: its stores no longer answer. */
        void stop();
    }

    /** {@code store} of {@code partition} while its active task runs here and the store is open; else null. */
    @SuppressWarnings("unchecked")
    public <K, V> ReadOnlyKeyValueStore<K, V> store(String store, int partition) {
        ReadOnlyKeyValueStore<?, ?> found = stores.get(new Key(store, partition));
        if (found == null || !((StateStore) found).isOpen()) {
            return null;
        }
        return (ReadOnlyKeyValueStore<K, V>) found;
    }
}
