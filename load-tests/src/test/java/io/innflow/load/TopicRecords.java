package io.innflow.load;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a topic holds so far (the sum of its partitions' end offsets), for benchmarks that
 * time a stage by polling it: one admin client and one look at the topic's partitions for all the polls,
 * so the polling adds one offsets request to the broker it measures, not a new client and a topic
 * description each time.
 */
final class TopicRecords implements AutoCloseable {

    private final Admin admin;
    private final String topic;
    private List<TopicPartition> partitions;

    TopicRecords(String bootstrapServers, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.topic = topic;
    }

    /** The records in every partition of the topic now; its partitions are looked up at the first call. */
    long count() throws Exception {
        if (partitions == null) {
            partitions =
                    admin
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()
                            .stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
        }
        return admin
                .listOffsets(
                        partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
    }

    @Override
    public void close() {
        admin.close();
    }
}
