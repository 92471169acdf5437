package io.innflow.streams.lifecycle;

import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.KafkaClientSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the catalog has been loaded, in two steps: first the application has committed, on every
 * partition of the catalog topics, the end offset those topics had when this node started; then it
 * has consumed the repartition topics those catalog records were re-keyed into, up to where they
 * stood at that moment. Once true it stays true: later catalog changes are updates, not a reason to
 * stop serving. The repartition topics are read off the topology's description, never spelled here.
 */
public final class CatalogReadiness implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogReadiness.class);

    private final Admin admin;
    private final String groupId;
    private final List<String> repartitionTopics;
    private final Map<TopicPartition, Long> sourceTargets;
    private volatile Map<TopicPartition, Long> repartitionTargets;
    private volatile boolean loaded;

    /**
     * @param topology the topology the application runs, whose description names the repartition
     *     topics fed by the catalog topics
     */
    public CatalogReadiness(String bootstrapServers, String applicationId, Topics topics, Topology topology) {
        this(KafkaClientSettings.none(), bootstrapServers, applicationId, topics, topology);
    }

    /** With the node's pass-through Kafka client settings on its admin client. */
    public CatalogReadiness(
            KafkaClientSettings clients,
            String bootstrapServers,
            String applicationId,
            Topics topics,
            Topology topology) {
        List<String> sources = Arrays.stream(CatalogTable.values())
                .map(table -> topics.catalog(table).name())
                .toList();
        this.groupId = applicationId;
        // Kafka Streams names an internal topic "<application.id>-<name in the description>".
        this.repartitionTopics = repartitionTopicsFed(topology.describe(), Set.copyOf(sources)).stream()
                .map(name -> applicationId + "-" + name)
                .toList();
        this.admin = Admin.create(clients.clientConfig(bootstrapServers));
        this.sourceTargets = endOffsets(sources);
        LOG.info(
                "Catalog counts as loaded once group {} has read {} catalog records and what they caused on {}",
                groupId,
                sourceTargets.values().stream().mapToLong(Long::longValue).sum(),
                repartitionTopics);
    }

    /**
     * The topics written by the sub-topologies that read {@code sources} and read by another
     * sub-topology: the repartition topics those sources feed, as the description names them (without
     * the application id prefix).
     */
    public static List<String> repartitionTopicsFed(TopologyDescription description, Set<String> sources) {
        List<String> written = description.subtopologies().stream()
                .filter(sub -> sub.nodes().stream()
                        .anyMatch(node -> node instanceof TopologyDescription.Source source
                                && source.topicSet() != null
                                && source.topicSet().stream().anyMatch(sources::contains)))
                .flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Sink sink && sink.topic() != null)
                .map(node -> ((TopologyDescription.Sink) node).topic())
                .distinct()
                .toList();
        Set<String> read = description.subtopologies().stream()
                .flatMap(sub -> sub.nodes().stream())
                .filter(node -> node instanceof TopologyDescription.Source source && source.topicSet() != null)
                .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
                .collect(Collectors.toSet());
        return written.stream().filter(read::contains).toList();
    }

    public boolean loaded() {
        if (loaded) {
            return true;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get(5, TimeUnit.SECONDS);
            if (repartitionTargets == null) {
                if (!reached(committed, sourceTargets, 0)) {
                    return false;
                }
                repartitionTargets = endOffsets(repartitionTopics);
            }
            // A repartition topic is written in transactions: its end offset lies past a commit
            // marker that a consumer skips without committing, hence the slack of one.
            loaded = reached(committed, repartitionTargets, 1);
            return loaded;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Cannot tell yet whether the catalog is loaded: {}", e.toString());
            return false;
        }
    }

    private static boolean reached(
            Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> targets, long slack) {
        return targets.entrySet().stream().allMatch(target -> {
            OffsetAndMetadata done = committed.get(target.getKey());
            long position = done == null ? 0 : done.offset();
            return position >= target.getValue() - slack;
        });
    }

    /** Read-committed end offsets (the last stable offset) of every partition of the topics. */
    private Map<TopicPartition, Long> endOffsets(List<String> topicNames) {
        try {
            Map<TopicPartition, OffsetSpec> latest =
                    admin.describeTopics(topicNames).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                            .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                            .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            return admin
                    .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Cannot read the end offsets of " + topicNames + ": " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
