package io.innflow.schemas.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic: its name, its serdes and the configs the application creates it with.
 *
 * @param name the topic name; spelled only here
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param configs topic-level configs (cleanup policy, retention) used when the topic is created
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {

    public Topic {
        configs = Map.copyOf(configs);
    }
}
