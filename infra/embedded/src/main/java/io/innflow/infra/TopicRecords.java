package io.innflow.infra;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records some topics hold so far (the sum of their partitions' end offsets), for whoever waits
 * on a stage by polling it: the embedded stack waiting for Debezium's snapshot, the benchmarks timing
 * CDC. One admin client and one look at the topics' partitions serve all the polls, so a poll is one
 * offsets request to the broker, not a new client and a description of the topics each time.
 */
public final class TopicRecords implements AutoCloseable {

    private final Admin admin;
    private final List<String> topics;
    private List<TopicPartition> partitions;

    public TopicRecords(String bootstrapServers, List<String> topics) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.topics = List.copyOf(topics);
    }

    /** The records in every partition of the topics now; their partitions are looked up at the first call. */
    public long count() throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions == null) {
            partitions = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
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
