package io.innflow.api.ops;

import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the catalog has been loaded: the application has committed, on every partition of every
 * catalog topic, at least the end offset that topic had when this node started. Once true it stays
 * true (later catalog changes are ordinary updates, not a reason to stop serving).
 */
public final class CatalogReadiness implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogReadiness.class);

  private final Admin admin;
  private final String groupId;
  private final Map<TopicPartition, Long> targets;
  private volatile boolean loaded;

  public CatalogReadiness(String bootstrapServers, String groupId, Topics topics) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.groupId = groupId;
    this.targets = endOffsets(topics);
    LOG.info("Catalog is loaded once group {} reaches {} records on the catalog topics", groupId,
        targets.values().stream().mapToLong(Long::longValue).sum());
  }

  public boolean loaded() {
    if (loaded) {
      return true;
    }
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      loaded =
          targets.entrySet().stream()
              .allMatch(
                  target -> {
                    OffsetAndMetadata done = committed.get(target.getKey());
                    long position = done == null ? 0 : done.offset();
                    return position >= target.getValue();
                  });
      return loaded;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private Map<TopicPartition, Long> endOffsets(Topics topics) {
    try {
      List<String> names = new ArrayList<>();
      for (CatalogTable table : CatalogTable.values()) {
        names.add(topics.catalog(table).name());
      }
      Map<TopicPartition, OffsetSpec> latest =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
              .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
              .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Cannot read the end offsets of the catalog topics: " + e, e);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
