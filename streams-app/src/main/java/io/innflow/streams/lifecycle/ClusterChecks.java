package io.innflow.streams.lifecycle;

import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.KafkaClientSettings;
import io.innflow.streams.topology.InnflowTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks a node runs against the Kafka cluster before it creates topics or starts Kafka Streams,
 * so a wrong setting stops it with a message instead of losing data or failing inside a stream
 * thread later.
 *
 * <ul>
 *   <li><b>Durability</b>: on a cluster of more than one broker, replication factor 1 (configured,
 *       or on a topic that already exists) is refused unless the cluster is declared a development
 *       one: one lost broker would lose holds and bookings.
 *   <li><b>Co-partitioning</b>: {@code reservation-commands} and the catalog repartition topic
 *       ({@code <application.id>-catalog-by-hotel-repartition}) must have the same partition count,
 *       because one task applies both a hotel's catalog rows and its commands. A topic that does not
 *       exist yet counts with the partition count the node would create it with.
 * </ul>
 *
 * The decision ({@link #problems}) is a pure function of {@link Facts} and {@link Expectations};
 * {@link #read} gathers the facts with Kafka's Admin API.
 */
public final class ClusterChecks {

    private ClusterChecks() {}

    /** What the cluster looks like: live brokers, and partition count and replication of existing topics. */
    public record Facts(int brokers, Map<String, TopicShape> existingTopics) {
        public Facts {
            existingTopics = Map.copyOf(existingTopics);
        }
    }

    /** Partition count and replication factor of one existing topic. */
    public record TopicShape(int partitions, int replicationFactor) {}

    /**
     * What the node is configured to do.
     *
     * @param replicationFactor {@code innflow.topics.replication}
     * @param partitions {@code innflow.topics.partitions}: new topics and the repartition topic get it
     * @param development true when the cluster is declared a development one (replication 1 allowed)
     * @param commandsTopic the commands topic
     * @param catalogRepartitionTopic the catalog repartition topic
     * @param ownTopics every topic the node creates (checked for replication factor 1 when they exist)
     */
    public record Expectations(
            int replicationFactor,
            int partitions,
            boolean development,
            String commandsTopic,
            String catalogRepartitionTopic,
            Set<String> ownTopics) {
        public Expectations {
            Objects.requireNonNull(commandsTopic, "commandsTopic");
            Objects.requireNonNull(catalogRepartitionTopic, "catalogRepartitionTopic");
            ownTopics = Set.copyOf(ownTopics);
        }

        /** The expectations of a node with {@code config}, using the topics of {@code topics}. */
        public static Expectations of(InnflowConfig config, Topics topics) {
            Set<String> own = new LinkedHashSet<>();
            topics.all().stream().map(Topic::name).forEach(own::add);
            String repartition =
                    ClusterChecks.catalogRepartitionTopic(config.node().applicationId());
            own.add(repartition);
            return new Expectations(
                    config.node().replicationFactor(),
                    config.topology().partitions(),
                    config.node().clusterDevelopment(),
                    topics.commands().name(),
                    repartition,
                    own);
        }

        /** Every topic whose shape the checks need. */
        public Set<String> topicsToDescribe() {
            Set<String> names = new LinkedHashSet<>(ownTopics);
            names.add(commandsTopic);
            names.add(catalogRepartitionTopic);
            return names;
        }
    }

    /** The name Kafka Streams gives the catalog repartition topic of application {@code applicationId}. */
    public static String catalogRepartitionTopic(String applicationId) {
        return applicationId + "-" + InnflowTopology.CATALOG_BY_HOTEL + "-repartition";
    }

    /**
     * Reads the facts and stops the node when a check fails.
     *
     * @throws IllegalStateException naming every failed check and what to change
     */
    public static void verify(String bootstrapServers, Expectations expected, Duration timeout) {
        verify(KafkaClientSettings.none(), bootstrapServers, expected, timeout);
    }

    /** Like {@link #verify(String, Expectations, Duration)}, through an admin client with {@code clients}. */
    public static void verify(
            KafkaClientSettings clients, String bootstrapServers, Expectations expected, Duration timeout) {
        Map<String, Object> adminConfig = clients.clientConfig(bootstrapServers);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            List<String> problems = problems(read(admin, expected.topicsToDescribe(), timeout), expected);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(
                        "The node refuses to start against " + bootstrapServers + ": " + String.join("; ", problems));
            }
        }
    }

    /** Every failed check as a sentence naming the setting to change; empty when all pass. */
    public static List<String> problems(Facts facts, Expectations expected) {
        List<String> problems = new ArrayList<>();
        if (facts.brokers() > 1 && !expected.development()) {
            if (expected.replicationFactor() == 1) {
                problems.add("innflow.topics.replication is 1 on a cluster of " + facts.brokers()
                        + " brokers, so losing one broker loses data; set it to 3 (with min.insync.replicas=2"
                        + " on the brokers), or declare a development cluster");
            }
            List<String> unreplicated = expected.ownTopics().stream()
                    .filter(name -> facts.existingTopics().containsKey(name))
                    .filter(name -> facts.existingTopics().get(name).replicationFactor() == 1)
                    .sorted()
                    .toList();
            if (!unreplicated.isEmpty()) {
                problems.add("topics " + unreplicated + " exist with replication factor 1 on a cluster of "
                        + facts.brokers() + " brokers; reassign their replicas (kafka-reassign-partitions)"
                        + " or declare a development cluster");
            }
        }
        int commands = partitionsOf(facts, expected.commandsTopic(), expected.partitions());
        int repartition = partitionsOf(facts, expected.catalogRepartitionTopic(), expected.partitions());
        if (commands != repartition) {
            problems.add(expected.commandsTopic() + " has " + commands + " partitions but "
                    + expected.catalogRepartitionTopic() + " " + describe(facts, expected.catalogRepartitionTopic())
                    + " " + repartition + "; they must be co-partitioned (one task owns a hotel's catalog and"
                    + " commands): set innflow.topics.partitions to " + commands
                    + " and give both topics that many partitions");
        }
        return problems;
    }

    /** Live brokers and the shape of those of {@code topicNames} that exist. */
    public static Facts read(Admin admin, Collection<String> topicNames, Duration timeout) {
        try {
            int brokers = admin.describeCluster()
                    .nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            Map<String, TopicShape> shapes = new LinkedHashMap<>();
            Map<String, KafkaFuture<TopicDescription>> described =
                    admin.describeTopics(topicNames).topicNameValues();
            for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : described.entrySet()) {
                try {
                    TopicDescription d = entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    int replication = d.partitions().stream()
                            .mapToInt(p -> p.replicas().size())
                            .min()
                            .orElse(0);
                    shapes.put(entry.getKey(), new TopicShape(d.partitions().size(), replication));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                }
            }
            return new Facts(brokers, shapes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the Kafka cluster", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot describe the Kafka cluster: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe the cluster within " + timeout, e);
        }
    }

    private static int partitionsOf(Facts facts, String topic, int ifMissing) {
        TopicShape shape = facts.existingTopics().get(topic);
        return shape == null ? ifMissing : shape.partitions();
    }

    private static String describe(Facts facts, String topic) {
        return facts.existingTopics().containsKey(topic) ? "has" : "would be created with";
    }
}
