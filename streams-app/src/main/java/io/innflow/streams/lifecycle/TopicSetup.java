package io.innflow.streams.lifecycle;

import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.KafkaClientSettings;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates every topic innflow uses, with explicit configs, if it does not exist yet. */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {}

    public static void ensureTopics(String bootstrapServers, Topics topics, int partitions, short replication) {
        ensureTopics(KafkaClientSettings.none(), bootstrapServers, topics, partitions, replication);
    }

    /** Like {@link #ensureTopics(String, Topics, int, short)}, through an admin client with {@code clients}. */
    public static void ensureTopics(
            KafkaClientSettings clients, String bootstrapServers, Topics topics, int partitions, short replication) {
        try (Admin admin = Admin.create(clients.clientConfig(bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.all().stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .map(topic -> newTopic(topic, partitions, replication))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return; // another node created it first
            }
            throw new IllegalStateException("Cannot create topics on " + bootstrapServers + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 30 s", e);
        }
    }

    private static NewTopic newTopic(Topic<?, ?> topic, int partitions, short replication) {
        return new NewTopic(topic.name(), partitions, replication).configs(topic.configs());
    }
}
