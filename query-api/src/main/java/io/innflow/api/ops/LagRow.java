package io.innflow.api.ops;

import java.util.List;

/**
 * The lag of one consumer on one partition.
 *
 * @param group the consumer group, or {@code facade:<node>} for a node's group-less reading of its results
 * @param committed the committed offset (the facade: its position)
 * @param end the end offset a read_committed consumer can reach (the last stable offset)
 * @param lag {@code end - committed}, never negative
 * @param owner the instance ({@code host:port}) whose active task reads the partition, when Kafka
 *     Streams' metadata knows it; null otherwise
 * @param standbys instances holding a standby of the partition's task
 */
public record LagRow(
        String group,
        String topic,
        int partition,
        long committed,
        long end,
        long lag,
        String owner,
        List<String> standbys) {}
