package io.innflow.api.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because it gathers every figure the operator page shows on one timer with one Admin client; a split by figure is the next step.
 *
 * What operators watch that needs a round trip: consumer lag (Admin API, read_committed end offsets),
 * broker reachability, the dead-letter topic's tail and the catalog's replication slot. Computed on
 * its own timer, never on a request thread; the routes and gauges answer the last computation.
 */
public final class OpsMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OpsMonitor.class);

    /** The catalog connector's replication slot (connectors/catalog-source.json). */
    static final String SLOT = "innflow_catalog";

    private static final int DEAD_LETTERS_KEPT = 10;
    private static final int MESSAGE_LIMIT = 300;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    /** Where the facade's reply reading stands; its group-less reading is reported as a row of its own. */
    public interface ReplyReading {
        TopicPartition partition();

        long position();
    }

    /** The catalog database, when this node has it configured. */
    public record CatalogDatabase(String jdbcUrl, String user, String password) {}

    /** The slot's retained WAL and how far its confirmed position trails the current WAL, in bytes. */
    public record CdcLag(boolean slotFound, long retainedWalBytes, long confirmedLagBytes, boolean active) {}

    /** One computation. */
    public record Snapshot(
            long computedAtMs,
            boolean brokerReachable,
            long brokerCheckedAtMs,
            List<LagRow> lag,
            long deadLetters,
            List<DeadLetter> latestDeadLetters,
            CdcLag cdc) {}

    private final String nodeId;
    private final String streamsGroup;
    private final List<String> watchedGroups;
    private final String deadLetterTopic;
    private final KafkaStreams streams;
    private final ReplyReading reply;
    private final Optional<CatalogDatabase> catalogDb;
    private final Admin admin;
    private final KafkaConsumer<byte[], byte[]> deadLetterReader;
    private final ScheduledExecutorService timer;
    private final MultiGauge lagGauge;
    private volatile Snapshot last = new Snapshot(0, false, 0, List.of(), 0, List.of(), null);
    private Connection db;

    public OpsMonitor(
            String nodeId,
            String bootstrapServers,
            String streamsGroup,
            List<String> watchedGroups,
            String deadLetterTopic,
            KafkaStreams streams,
            ReplyReading reply,
            Optional<CatalogDatabase> catalogDb,
            MeterRegistry registry) {
        this.nodeId = nodeId;
        this.streamsGroup = streamsGroup;
        this.watchedGroups = List.copyOf(watchedGroups);
        this.deadLetterTopic = deadLetterTopic;
        this.streams = streams;
        this.reply = reply;
        this.catalogDb = catalogDb;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "ops-" + nodeId,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) CALL_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) CALL_TIMEOUT.toMillis()));
        this.deadLetterReader = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "ops-dlq-" + nodeId,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ops-monitor-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        lagGauge = MultiGauge.builder("innflow.consumer.lag")
                .description("records a consumer group has not yet committed, by group, topic and partition"
                        + " (end offsets as read_committed)")
                .register(registry);
        Gauge.builder("innflow.broker.reachable", this, m -> m.last.brokerReachable() ? 1 : 0)
                .description("1 when the last cluster description answered")
                .register(registry);
        Gauge.builder("innflow.dlq.records", this, m -> m.last.deadLetters())
                .description("records in the commands' dead-letter topic")
                .register(registry);
        if (catalogDb.isPresent()) {
            Gauge.builder("innflow.cdc.slot.retained.wal", this, m -> cdcValue(m.last.cdc(), CdcLag::retainedWalBytes))
                    .description("WAL the catalog's replication slot keeps (current WAL minus restart_lsn)")
                    .baseUnit("bytes")
                    .register(registry);
            Gauge.builder(
                            "innflow.cdc.slot.confirmed.lag",
                            this,
                            m -> cdcValue(m.last.cdc(), CdcLag::confirmedLagBytes))
                    .description("how far the connector's confirmed position trails the current WAL")
                    .baseUnit("bytes")
                    .register(registry);
        }
    }

    /** Starts computing every {@code refresh}, the first time at once. */
    public OpsMonitor start(Duration refresh) {
        timer.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last computation. */
    public Snapshot last() {
        return last;
    }

    /** Computes everything once (the timer's task; also for tests). */
    synchronized void refresh() {
        boolean reachable = brokerReachable();
        long now = System.currentTimeMillis();
        List<LagRow> lag = reachable ? lag() : last.lag();
        long deadLetters = reachable ? deadLetterCount() : last.deadLetters();
        List<DeadLetter> latest = reachable ? latestDeadLetters() : last.latestDeadLetters();
        CdcLag cdc = catalogDb.map(this::cdcLag).orElse(null);
        last = new Snapshot(now, reachable, now, lag, deadLetters, latest, cdc);
        lagGauge.register(
                lag.stream()
                        .map(row -> MultiGauge.Row.of(
                                Tags.of("group", row.group(), "topic", row.topic(), "partition", "" + row.partition()),
                                row.lag()))
                        .toList(),
                true);
    }

    private boolean brokerReachable() {
        try {
            admin.describeCluster().nodes().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Broker unreachable from {}: {}", nodeId, e.toString());
            return false;
        }
    }

    private List<LagRow> lag() {
        List<LagRow> rows = new ArrayList<>();
        try {
            Placement placement = placement();
            List<String> groups = new ArrayList<>();
            groups.add(streamsGroup);
            groups.addAll(watchedGroups);
            Map<TopicPartition, Long> ends = new HashMap<>();
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committedByGroup = new LinkedHashMap<>();
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                committed.values().removeIf(o -> o == null);
                committedByGroup.put(group, committed);
            }
            Set<TopicPartition> partitions = committedByGroup.values().stream()
                    .flatMap(m -> m.keySet().stream())
                    .collect(Collectors.toSet());
            partitions.add(reply.partition());
            ends.putAll(endOffsets(partitions));
            committedByGroup.forEach((group, committed) -> committed.forEach((tp, offset) -> {
                boolean streamsRow = group.equals(streamsGroup);
                rows.add(row(
                        group,
                        tp,
                        offset.offset(),
                        ends.getOrDefault(tp, offset.offset()),
                        streamsRow ? placement.owner(tp) : null,
                        streamsRow ? placement.standbys(tp) : List.of()));
            }));
            long position = reply.position();
            if (position >= 0) {
                TopicPartition tp = reply.partition();
                rows.add(row("facade:" + nodeId, tp, position, ends.getOrDefault(tp, position), nodeId, List.of()));
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot compute consumer lag: {}", e.toString());
            return last.lag();
        }
        rows.sort(
                Comparator.comparing(LagRow::group).thenComparing(LagRow::topic).thenComparingInt(LagRow::partition));
        return rows;
    }

    private static LagRow row(
            String group, TopicPartition tp, long committed, long end, String owner, List<String> standbys) {
        return new LagRow(
                group, tp.topic(), tp.partition(), committed, end, Math.max(0, end - committed), owner, standbys);
    }

    /** End offsets as a read_committed consumer sees them: the last stable offset. */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) throws Exception {
        return offsets(partitions, OffsetSpec.latest());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Which instance runs the active task of each input partition, and which hold standbys. */
    private Placement placement() {
        Map<TopicPartition, String> owners = new HashMap<>();
        Map<TopicPartition, List<String>> standbys = new HashMap<>();
        try {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                String address = instance.host() + ":" + instance.port();
                instance.topicPartitions().forEach(tp -> owners.put(tp, address));
                instance.standbyTopicPartitions().forEach(tp -> standbys.computeIfAbsent(tp, k -> new ArrayList<>())
                        .add(address));
            }
        } catch (RuntimeException e) {
            // Not running yet or rebalancing: lag is still worth showing without owners.
            LOG.debug("No Streams metadata yet: {}", e.toString());
        }
        return new Placement(owners, standbys);
    }

    private record Placement(Map<TopicPartition, String> owners, Map<TopicPartition, List<String>> standbyMap) {
        String owner(TopicPartition tp) {
            return owners.get(tp);
        }

        List<String> standbys(TopicPartition tp) {
            return List.copyOf(standbyMap.getOrDefault(tp, List.of()));
        }
    }

    private List<TopicPartition> deadLetterPartitions() {
        return deadLetterReader.partitionsFor(deadLetterTopic, CALL_TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private long deadLetterCount() {
        try {
            List<TopicPartition> partitions = deadLetterPartitions();
            Map<TopicPartition, Long> begin = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = endOffsets(partitions);
            return partitions.stream()
                    .mapToLong(tp -> end.getOrDefault(tp, 0L) - begin.getOrDefault(tp, 0L))
                    .sum();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot count dead letters: {}", e.toString());
            return last.deadLetters();
        }
    }

    /** The last few records of each dead-letter partition, newest first, at most {@value #DEAD_LETTERS_KEPT}. */
    private List<DeadLetter> latestDeadLetters() {
        try {
            List<TopicPartition> partitions = deadLetterPartitions();
            Map<TopicPartition, Long> begin = offsets(partitions, OffsetSpec.earliest());
            Map<TopicPartition, Long> end = endOffsets(partitions);
            List<TopicPartition> nonEmpty = partitions.stream()
                    .filter(tp -> end.get(tp) > begin.get(tp))
                    .toList();
            if (nonEmpty.isEmpty()) {
                return List.of();
            }
            deadLetterReader.assign(nonEmpty);
            nonEmpty.forEach(tp -> deadLetterReader.seek(tp, Math.max(begin.get(tp), end.get(tp) - DEAD_LETTERS_KEPT)));
            List<DeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline
                    && nonEmpty.stream().anyMatch(tp -> deadLetterReader.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> record : deadLetterReader.poll(Duration.ofMillis(200))) {
                    letters.add(deadLetter(record));
                }
            }
            letters.sort(Comparator.comparingLong(DeadLetter::timestamp).reversed());
            return List.copyOf(letters.subList(0, Math.min(DEAD_LETTERS_KEPT, letters.size())));
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Cannot read the dead-letter topic's tail: {}", e.toString());
            return last.latestDeadLetters();
        }
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record) {
        return DeadLetter.of(record, MESSAGE_LIMIT, false);
    }

    private CdcLag cdcLag(CatalogDatabase config) {
        String sql = "SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn),"
                + " pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)"
                + " FROM pg_replication_slots WHERE slot_name = ?";
        try {
            if (db == null || !db.isValid(1)) {
                db = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
            }
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                statement.setString(1, SLOT);
                statement.setQueryTimeout((int) CALL_TIMEOUT.toSeconds());
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return new CdcLag(false, 0, 0, false);
                    }
                    return new CdcLag(true, rs.getLong(2), rs.getLong(3), rs.getBoolean(1));
                }
            }
        } catch (SQLException e) {
            LOG.warn("Cannot read the replication slot {}: {}", SLOT, e.toString());
            closeDb();
            return last.cdc();
        }
    }

    private static double cdcValue(CdcLag cdc, java.util.function.ToLongFunction<CdcLag> value) {
        return cdc == null || !cdc.slotFound() ? Double.NaN : value.applyAsLong(cdc);
    }

    private void closeDb() {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                LOG.debug("Closing the catalog connection failed: {}", e.toString());
            }
            db = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            deadLetterReader.close();
            admin.close(Duration.ofSeconds(2));
            closeDb();
        }
    }
}
