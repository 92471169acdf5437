package io.innflow.api.ops;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;

/**
 * The operator page ({@code /ops}, static HTML and JS with Chart.js from its webjar), the JSON it
 * refreshes from ({@code /ops/data}) and consumer lag ({@code /ops/lag}). Every figure comes from the
 * registry or from the last computation of the monitors: answering never waits on Kafka or PostgreSQL.
 */
public final class OpsController {

    static final String HOLD_ROUTE = "/v1/hotels/{hotelId}/holds";

    private final String nodeId;
    private final String commandsTopic;
    private final NodeMetrics metrics;
    private final OpsMonitor monitor;
    private final InvariantCheck invariant;
    private final HealthController health;
    private final KafkaStreams streams;
    private final IntSupplier waiters;
    private final CatalogBlockView catalogBlocks;
    private final String page = resource("/ops/index.html");
    private final String script = resource("/ops/ops.js");

    public OpsController(
            String nodeId,
            String commandsTopic,
            NodeMetrics metrics,
            OpsMonitor monitor,
            InvariantCheck invariant,
            HealthController health,
            KafkaStreams streams,
            IntSupplier waiters) {
        this.nodeId = nodeId;
        this.commandsTopic = commandsTopic;
        this.metrics = metrics;
        this.monitor = monitor;
        this.invariant = invariant;
        this.health = health;
        this.streams = streams;
        this.waiters = waiters;
        this.catalogBlocks = new CatalogBlockView(streams);
    }

    public void page(Context ctx) {
        ctx.html(page);
    }

    public void script(Context ctx) {
        ctx.contentType("text/javascript; charset=utf-8").result(script);
    }

    /** {@code GET /ops/lag}: the last lag computation, per group, topic and partition. */
    public void lag(Context ctx) {
        OpsMonitor.Snapshot last = monitor.last();
        ctx.json(Map.of("computedAt", last.computedAtMs(), "rows", last.lag()));
    }

    /** {@code GET /ops/data}: everything the page shows, cumulative counters included (the page derives rates). */
    public void data(Context ctx) {
        OpsMonitor.Snapshot last = monitor.last();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("node", nodeId);
        data.put("time", System.currentTimeMillis());
        data.put("health", health.readiness().body());
        data.put("lag", last.lag());
        data.put("lagComputedAt", last.computedAtMs());
        data.put("commandsProcessed", count("innflow.commands.processed"));
        data.put("holdRequests", holdRequests());
        data.put("holdLatencyMs", holdLatency());
        data.put("waiters", waiters.getAsInt());
        data.put("timeouts", count("innflow.facade.timeouts"));
        data.put("overloads", count("innflow.facade.overloads"));
        data.put("searchesInProgress", gauge(NodeMetrics.SEARCHES_IN_PROGRESS));
        NodeMetrics.CatalogFigures catalog = metrics.catalogFigures();
        Map<String, Object> catalogData = new LinkedHashMap<>();
        catalogData.put("applied", catalog.applied());
        catalogData.put("lastChangeAgeSeconds", finiteOrNull(catalog.lastChangeAgeSeconds()));
        catalogData.put("applyDelayP50Ms", catalog.applyDelayP50Ms());
        catalogData.put("applyDelayP99Ms", catalog.applyDelayP99Ms());
        catalogData.put("commitToAppliedMs", catalog.commitToAppliedMs());
        data.put("catalog", catalogData);
        data.put(
                "catalogBlocks",
                catalogBlocks.get().stream().map(CatalogBlockView::json).toList());
        data.put("cdc", last.cdc());
        InvariantCheck.Result check = invariant.last();
        data.put("invariant", check);
        data.put("placement", placement());
        data.put("deadLetters", Map.of("count", last.deadLetters(), "latest", last.latestDeadLetters()));
        ctx.json(data);
    }

    private double count(String name) {
        return metrics.registry().find(name).counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum()
                + metrics.registry().find(name).functionCounters().stream()
                        .mapToDouble(c -> c.count())
                        .sum();
    }

    /** A gauge's value, 0 when this node has none of that name. */
    private double gauge(String name) {
        return metrics.registry().find(name).gauges().stream()
                .mapToDouble(g -> g.value())
                .sum();
    }

    private long holdRequests() {
        return holdTimers().stream().mapToLong(Timer::count).sum();
    }

    /**
     * Percentiles of placing a hold, from the timer of its most frequent status among those answered
     * lately. The percentiles cover a recent window while the counts cover the node's life, so a status
     * frequent long ago and silent now (a node that sold thousands of holds, then answered only
     * refusals) would otherwise show an empty chart.
     */
    private Map<String, Double> holdLatency() {
        Map<String, Double> latency = new LinkedHashMap<>();
        holdTimers().stream()
                .map(timer -> Map.entry(timer, timer.takeSnapshot().percentileValues()))
                .filter(recent -> java.util.Arrays.stream(recent.getValue()).anyMatch(p -> p.value() > 0))
                .max(java.util.Comparator.comparingLong(
                        recent -> recent.getKey().count()))
                .ifPresent(recent -> {
                    for (ValueAtPercentile p : recent.getValue()) {
                        latency.put("p" + Math.round(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
                    }
                });
        return latency;
    }

    private List<Timer> holdTimers() {
        return new ArrayList<>(metrics.registry()
                .find(NodeMetrics.HTTP_REQUESTS)
                .tag("method", "POST")
                .tag("route", HOLD_ROUTE)
                .timers());
    }

    /** Which instance runs which partitions of the commands topic, as active task and as standby. */
    private List<Map<String, Object>> placement() {
        List<Map<String, Object>> instances = new ArrayList<>();
        try {
            for (StreamsMetadata instance : streams.metadataForAllStreamsClients()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("instance", instance.host() + ":" + instance.port());
                entry.put("active", partitionsOf(instance.topicPartitions()));
                entry.put("standby", partitionsOf(instance.standbyTopicPartitions()));
                instances.add(entry);
            }
        } catch (RuntimeException e) {
            // Not running or rebalancing: nothing to show until it settles.
            return List.of();
        }
        return instances;
    }

    private List<Integer> partitionsOf(java.util.Set<org.apache.kafka.common.TopicPartition> partitions) {
        return partitions.stream()
                .filter(tp -> tp.topic().equals(commandsTopic))
                .map(org.apache.kafka.common.TopicPartition::partition)
                .sorted()
                .toList();
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String resource(String path) {
        try (InputStream in = OpsController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
