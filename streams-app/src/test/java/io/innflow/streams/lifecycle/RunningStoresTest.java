package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.streams.inventory.MockStores;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The registry a node's reads take active stores from, apart from the topology. */
class RunningStoresTest {

    private final RunningStores running = new RunningStores();

    @Test
    void shouldStopServingATaskThatStoppedRunningEvenWhileItsStoreStaysOpen() {
        MockProcessorContext<Void, Void> task = context(3);
        KeyValueStore<String, String> hotels = MockStores.open(task, "hotels-store", Serdes.String());
        hotels.put("h1", "Hotel One");

        RunningStores.Registration registration = running.running(task, List.of("hotels-store"));
        assertThat(running.<String, String>store("hotels-store", 3).get("h1")).isEqualTo("Hotel One");
        assertThat(running.<String, String>store("hotels-store", 2)).isNull();

        // Suspended for a rebalance: Kafka Streams closes the processors, the store stays open.
        registration.stop();
        assertThat(hotels.isOpen()).isTrue();
        assertThat(running.<String, String>store("hotels-store", 3)).isNull();
    }

    @Test
    void shouldNotServeAStoreThatWasClosedWithoutItsProcessorBeingTold() {
        MockProcessorContext<Void, Void> task = context(0);
        KeyValueStore<String, String> hotels = MockStores.open(task, "hotels-store", Serdes.String());
        running.running(task, List.of("hotels-store"));

        hotels.close();

        assertThat(running.<String, String>store("hotels-store", 0)).isNull();
    }

    @Test
    void shouldKeepTheStoresOfANewerRunOfTheSameTaskWhenTheOlderOneStops() {
        MockProcessorContext<Void, Void> before = context(1);
        MockStores.open(before, "hotels-store", Serdes.String());
        RunningStores.Registration older = running.running(before, List.of("hotels-store"));
        MockProcessorContext<Void, Void> after = context(1);
        KeyValueStore<String, String> reopened = MockStores.open(after, "hotels-store", Serdes.String());
        reopened.put("h1", "Hotel One");
        running.running(after, List.of("hotels-store"));

        older.stop();

        assertThat(running.<String, String>store("hotels-store", 1).get("h1")).isEqualTo("Hotel One");
    }

    private static MockProcessorContext<Void, Void> context(int partition) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "running-stores-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new MockProcessorContext<>(props, new TaskId(0, partition), null);
    }
}
