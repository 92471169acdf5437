package io.innflow.load;

import java.util.Map;
import java.util.TreeMap;

/**
 * How far consumers in this JVM trail their partitions right now: the sum over partitions of each
 * consumer's {@code records-lag} (Kafka's consumer fetch metrics, as of its last fetch), by client id.
 * Used after a row to see whether the Connect worker's analytics sinks kept up with what the row wrote.
 */
final class ConsumerLag {

    private ConsumerLag() {}

    /** Records behind, by client id, for the consumers whose client id starts with {@code prefix}. */
    static Map<String, Long> now(String prefix) {
        Map<String, Long> lag = new TreeMap<>();
        KafkaJmx.values("kafka.consumer:type=consumer-fetch-manager-metrics,*", "records-lag")
                .forEach((name, value) -> {
                    String client = name.getKeyProperty("client-id");
                    if (client != null && client.startsWith(prefix) && name.getKeyProperty("partition") != null) {
                        lag.merge(client, value.longValue(), Long::sum);
                    }
                });
        return lag;
    }
}
