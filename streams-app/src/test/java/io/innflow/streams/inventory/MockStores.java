package io.innflow.streams.inventory;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Real in-memory stores (no changelog) opened on a {@link MockProcessorContext}, for processor unit tests. */
public final class MockStores {

    private MockStores() {}

    /** A store named {@code name} with String keys, initialised and registered with {@code context}. */
    public static <V> KeyValueStore<String, V> open(MockProcessorContext<?, ?> context, String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
