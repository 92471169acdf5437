package io.innflow.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.internals.StateStoreProvider;
import org.junit.jupiter.api.Test;

class LocalStoresTest {

    private static final String COMMANDS = "reservation-commands";

    @Test
    void shouldPassTheTokenOnlyOnceTheStoreHasAppliedItsOffset() {
        Position token = Position.emptyPosition().withComponent(COMMANDS, 2, 100);

        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 100), token))
                .isTrue();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 250), token))
                .isTrue();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 2, 99), token))
                .isFalse();
    }

    @Test
    void shouldNotPassATokenOfAPartitionOrTopicTheStoreHasNeverSeen() {
        Position token = Position.emptyPosition().withComponent(COMMANDS, 2, 100);

        assertThat(LocalStores.covers(Position.emptyPosition().withComponent(COMMANDS, 3, 500), token))
                .isFalse();
        assertThat(LocalStores.covers(Position.emptyPosition().withComponent("other", 2, 500), token))
                .isFalse();
        assertThat(LocalStores.covers(Position.emptyPosition(), token)).isFalse();
    }

    @Test
    void shouldFindThePartitionsStoreOnceForAllTheCallsOfARead() {
        MapStore partition = new MapStore(Map.of("h1", "Hotel One", "h2", "Hotel Two"));
        CountingProvider provider = new CountingProvider(List.of(partition));

        ReadOnlyKeyValueStore<String, String> store =
                new LocalStores.ResolvedOnce<String, String>().create(provider, "hotels-store");

        assertThat(store.get("h1")).isEqualTo("Hotel One");
        assertThat(store.get("h2")).isEqualTo("Hotel Two");
        assertThat(store.get("h3")).isNull();
        assertThat(provider.lookups).isEqualTo(1);
    }

    @Test
    void shouldEndTheReadWhenThePartitionsStoreIsNotHere() {
        CountingProvider provider = new CountingProvider(List.of());

        assertThatThrownBy(() -> new LocalStores.ResolvedOnce<String, String>().create(provider, "hotels-store"))
                .isInstanceOf(InvalidStateStoreException.class)
                .hasMessageContaining("hotels-store");
    }

    @Test
    void shouldKeepKafkaStreamsCompositeForAReadOfSeveralPartitions() {
        CountingProvider provider = new CountingProvider(
                List.of(new MapStore(Map.of("h1", "Hotel One")), new MapStore(Map.of("h2", "Hotel Two"))));

        ReadOnlyKeyValueStore<String, String> store =
                new LocalStores.ResolvedOnce<String, String>().create(provider, "hotels-store");

        assertThat(store.get("h1")).isEqualTo("Hotel One");
        assertThat(store.get("h2")).isEqualTo("Hotel Two");
        assertThat(provider.lookups).isEqualTo(3); // the composite looks its stores up on every call
    }

    /** Kafka Streams' store provider, handing out fixed stores and counting its lookups. */
    private static final class CountingProvider implements StateStoreProvider {
        private final List<MapStore> stores;
        private int lookups;

        CountingProvider(List<MapStore> stores) {
            this.stores = stores;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> List<T> stores(String storeName, QueryableStoreType<T> queryableStoreType) {
            lookups++;
            return new ArrayList<>((List<T>) stores);
        }
    }

    /** A partition's store over a map; only point reads are used. */
    private record MapStore(Map<String, String> values) implements ReadOnlyKeyValueStore<String, String> {
        @Override
        public String get(String key) {
            return values.get(key);
        }

        @Override
        public KeyValueIterator<String, String> range(String from, String to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, String> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return values.size();
        }
    }
}
