package io.innflow.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic, from the beginning to the end offsets at the time of the call. */
final class TopicReader {

    private TopicReader() {}

    /** Keys and values as UTF-8 text. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, StringDeserializer.class);
    }

    /** Keys and values as the bytes on the wire (e.g. Avro in the Confluent wire format). */
    static List<ConsumerRecord<byte[], byte[]>> readAllBytes(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, ByteArrayDeserializer.class);
    }

    private static <T> List<ConsumerRecord<T, T>> readAll(
            String bootstrapServers, String topic, Class<? extends Deserializer<T>> deserializer) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                deserializer,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                deserializer,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<T, T> consumer = new KafkaConsumer<>(config)) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<ConsumerRecord<T, T>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** True for a value in the Confluent wire format (magic byte 0, then a 4-byte schema id). */
    static boolean inWireFormat(byte[] value) {
        return value != null && value.length > 5 && value[0] == 0;
    }
}
