package io.innflow.api.ops;

import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.streams.metrics.DomainCounters;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The node's Prometheus registry: JVM, Kafka Streams (RocksDB included), the facade's clients, HTTP
 * by route template and status, and the domain counters the topology reports through {@link
 * DomainCounters}. Everything here is in memory; nothing does I/O on a stream or request thread.
 */
public final class NodeMetrics implements DomainCounters, AutoCloseable {

    /** The HTTP timer; its tags are method, route template (never the raw path) and status. */
    public static final String HTTP_REQUESTS = "innflow.http.server.requests";
    /** The gauge of searches in progress. */
    public static final String SEARCHES_IN_PROGRESS = "innflow.search.in.progress";

    /** Reported overbookings remembered for the invariant check, bounded so a storm cannot grow it without end. */
    private static final int MAX_REPORTED = 100_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> binders = new java.util.ArrayList<>();
    private final Counter catalogChanges;
    private final Timer catalogDelay;
    private final AtomicLong lastCatalogChangeMs = new AtomicLong();
    /** The latest change's delay from its PostgreSQL commit to being applied here; null until one is known. */
    private final AtomicReference<Long> lastCommitToAppliedMs = new AtomicReference<>();

    private final Set<String> reportedOverbookings = ConcurrentHashMap.newKeySet();

    public NodeMetrics(String nodeId) {
        registry.config().commonTags("node", nodeId);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        catalogChanges = Counter.builder("innflow.catalog.changes.applied")
                .description("catalog rows applied to the stores by this node")
                .register(registry);
        catalogDelay = Timer.builder("innflow.catalog.apply.delay")
                .description("from the CDC connector writing a catalog change to this node applying it")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("innflow.catalog.commit.to.applied", lastCommitToAppliedMs, NodeMetrics::seconds)
                .description("the latest catalog change's delay from its PostgreSQL commit (Debezium's source ts_ms)"
                        + " to this node applying it (NaN: none yet)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("innflow.catalog.last.change.age", lastCatalogChangeMs, NodeMetrics::ageSeconds)
                .description("seconds since this node applied its last catalog change (NaN: none yet)")
                .baseUnit("seconds")
                .register(registry);
    }

    /** The registry, to bind more meters (the facade's clients, lag, health). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Binds Kafka Streams' own metrics (threads, tasks, and RocksDB's: block cache, memtables, compaction)
     * and the catalog rows this node's tasks refuse new sales for.
     */
    public void bindStreams(KafkaStreams streams) {
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        binders.add(metrics);
        bindCatalogBlocks(new CatalogBlockView(streams));
    }

    /**
     * Gauges of the blocked catalog rows and their hotels, read from {@code blocks} at each scrape. Held
     * strongly: Micrometer keeps a gauge's object by a weak reference, and nothing else holds {@code blocks},
     * so after a garbage collection both gauges read NaN (an alert on "must be 0" then never fires).
     */
    void bindCatalogBlocks(Supplier<List<UnreadableCatalogRow>> blocks) {
        Gauge.builder("innflow.catalog.blocked.hotels", blocks, b -> b.get().stream()
                        .map(UnreadableCatalogRow::getHotelId)
                        .distinct()
                        .count())
                .description("hotels of this node's tasks with new sales refused because a catalog change could"
                        + " not be read (must be 0; see docs/reliability.md)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("innflow.catalog.blocked.rows", blocks, b -> b.get().size())
                .description("catalog rows of this node's tasks whose last change could not be read")
                .strongReference(true)
                .register(registry);
    }

    /**
     * {@code innflow_search_in_progress}: the searches this node coordinates now, against the bound
     * {@code innflow.limits.max-concurrent-searches} (docs/limits.md). Held strongly, like the gauges above.
     */
    public void bindSearchesInProgress(IntSupplier searches) {
        Gauge.builder(SEARCHES_IN_PROGRESS, searches, IntSupplier::getAsInt)
                .description("searches this node coordinates now; at innflow.limits.max-concurrent-searches,"
                        + " more are refused with 503 overloaded")
                .strongReference(true)
                .register(registry);
    }

    /** {@code GET /metrics}: Prometheus text format. */
    public void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** Records one HTTP exchange (Javalin's request logger), tagged by route template, not path. */
    public void recordHttp(Context ctx, Float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint == null ? "unmatched" : endpoint.path;
        Timer.builder(HTTP_REQUESTS)
                .description("HTTP requests by method, route template and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    @Override
    public void event(String type) {
        registry.counter("innflow.events", "type", type).increment();
    }

    @Override
    public void answered() {
        registry.counter("innflow.commands.processed").increment();
    }

    @Override
    public void rejected(String reason) {
        registry.counter("innflow.commands.rejected", "reason", reason).increment();
    }

    @Override
    public void replayed() {
        registry.counter("innflow.commands.replayed").increment();
    }

    @Override
    public void catalogChangeApplied(long producedAtMs, long appliedAtMs) {
        catalogChanges.increment();
        lastCatalogChangeMs.set(appliedAtMs);
        if (producedAtMs > 0 && appliedAtMs >= producedAtMs) {
            catalogDelay.record(appliedAtMs - producedAtMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void catalogChangeCommittedAndApplied(long committedAtMs, long appliedAtMs) {
        // Kept as measured: a negative value is the database's clock ahead of the node's.
        lastCommitToAppliedMs.set(appliedAtMs - committedAtMs);
    }

    @Override
    public void catalogDeadLettered(boolean rowKnown) {
        registry.counter("innflow.catalog.dead.letters", "row", rowKnown ? "known" : "unknown")
                .increment();
    }

    @Override
    public void overbookingReported(String nightKey) {
        if (reportedOverbookings.size() < MAX_REPORTED) {
            reportedOverbookings.add(nightKey);
        }
    }

    @Override
    public void counterDrift(String nightKey) {
        // Tagged by nothing but the node: a night key per series would grow without bound.
        registry.counter("innflow.inventory.counter.drift").increment();
    }

    /** True if this node saw {@code InventoryOverbooked} for the night since it started. */
    public boolean overbookingWasReported(String nightKey) {
        return reportedOverbookings.contains(nightKey);
    }

    /** The catalog apply delay's median and 99th percentile in milliseconds, and the changes applied. */
    public CatalogFigures catalogFigures() {
        var percentiles = catalogDelay.takeSnapshot().percentileValues();
        double p50 = percentiles.length > 0 ? percentiles[0].value(TimeUnit.MILLISECONDS) : 0;
        double p99 = percentiles.length > 1 ? percentiles[1].value(TimeUnit.MILLISECONDS) : 0;
        return new CatalogFigures(
                (long) catalogChanges.count(), ageSeconds(lastCatalogChangeMs), p50, p99, lastCommitToAppliedMs.get());
    }

    /**
     * What the operator page shows of the catalog path.
     *
     * @param commitToAppliedMs the latest change's delay from its PostgreSQL commit to being applied here;
     *     null until a change carrying its commit time was applied
     */
    public record CatalogFigures(
            long applied,
            double lastChangeAgeSeconds,
            double applyDelayP50Ms,
            double applyDelayP99Ms,
            Long commitToAppliedMs) {}

    private static double seconds(AtomicReference<Long> ms) {
        Long value = ms.get();
        return value == null ? Double.NaN : value / 1000.0;
    }

    private static double ageSeconds(AtomicLong lastMs) {
        long last = lastMs.get();
        return last == 0 ? Double.NaN : (System.currentTimeMillis() - last) / 1000.0;
    }

    @Override
    public void close() {
        for (AutoCloseable binder : binders) {
            try {
                binder.close();
            } catch (Exception e) {
                // Closing meters only stops their background refresh; nothing to recover.
            }
        }
        registry.close();
    }
}
