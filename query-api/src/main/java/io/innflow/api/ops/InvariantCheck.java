package io.innflow.api.ops;

import io.innflow.api.query.LocalStores;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.SortedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory invariant, checked off the request path: on a timer, scans this node's active night
 * counters for nights where held + sold exceed allotment + allowance that nobody reported with {@code
 * InventoryOverbooked}. Only the catalog can push a night past its ceiling, and it always reports it;
 * any other such night is a bug, so the gauge must stay 0.
 *
 * <p>A report is remembered by the node that saw it ({@link NodeMetrics#overbookingWasReported}); after a
 * restart or a task moving, an earlier, legitimate overbooking counts until the catalog touches the
 * night again.
 *
 * <p>A run reads at most {@value #MAX_NIGHTS} nights, partition by partition in key order, and the next
 * run goes on after the last night read, so a node with more nights covers them all in a pass of several
 * runs. Until a pass ends, {@link #last()} says the larger of the last full pass's counts and the pass so
 * far, so the gauges neither drop to 0 while a pass starts nor wait for its end to rise.
 */
public final class InvariantCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InvariantCheck.class);
    static final int MAX_NIGHTS = 500_000;
    private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(StoreKeys.SEPARATOR));

    /**
     * What the checks found: nights past their ceiling, those nobody reported, how many nights the pass
     * has read, and whether it read every night (the pass ended with this run).
     */
    public record Result(long checkedAtMs, long overCapacity, long unreported, long scanned, boolean complete) {}

    /** Where the next run goes on: a partition, and the last night read in it (null: from its first). */
    private record Cursor(int partition, String afterKey) {}

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final Predicate<String> reported;
    private final int maxNightsPerRun;
    private final ScheduledExecutorService timer;
    private volatile Result last = new Result(0, 0, 0, 0, false);
    private Result lastPass = last;
    private Cursor cursor;
    private long passOver;
    private long passUnreported;
    private long passScanned;

    public InvariantCheck(String nodeId, KafkaStreams streams, Predicate<String> reported, MeterRegistry registry) {
        this(nodeId, streams, reported, registry, MAX_NIGHTS);
    }

    InvariantCheck(
            String nodeId,
            KafkaStreams streams,
            Predicate<String> reported,
            MeterRegistry registry,
            int maxNightsPerRun) {
        this.streams = streams;
        this.stores = new LocalStores(streams);
        this.reported = reported;
        this.maxNightsPerRun = maxNightsPerRun;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "invariant-check-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        Gauge.builder("innflow.invariant.unreported.overbooked.nights", this, c -> c.last.unreported())
                .description("nights where held + sold exceed allotment + allowance with no InventoryOverbooked"
                        + " report; must stay 0")
                .register(registry);
        Gauge.builder("innflow.invariant.overbooked.nights", this, c -> c.last.overCapacity())
                .description("nights past allotment + allowance (reported ones included)")
                .register(registry);
    }

    public InvariantCheck start(Duration interval) {
        timer.scheduleWithFixedDelay(this::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public Result last() {
        return last;
    }

    private void runSafely() {
        try {
            if (streams.state() == KafkaStreams.State.RUNNING) {
                ReadOnlyKeyValueStore<String, RoomTypeInfo> roomTypes =
                        streams.store(StoreQueryParameters.fromNameAndType(
                                StoreNames.ROOM_TYPES, QueryableStoreTypes.keyValueStore()));
                last = scan(
                        stores.activePartitions(),
                        partition -> stores.activeStore(StoreNames.NIGHT_INVENTORY, partition),
                        roomTypes::get);
            }
        } catch (RuntimeException e) {
            // A rebalance can close a store mid-scan; the next run starts the pass again.
            LOG.debug("Invariant scan interrupted: {}", e.toString());
        }
    }

    /**
     * One run over {@code partitions} (those this node serves as an active task), reading each one's
     * nights from {@code nightsIn} (null: not here) and room types from {@code roomTypes}.
     */
    Result scan(
            SortedSet<Integer> partitions,
            IntFunction<ReadOnlyKeyValueStore<String, NightInventory>> nightsIn,
            Function<String, RoomTypeInfo> roomTypes) {
        try {
            return scanFrom(partitions, nightsIn, roomTypes);
        } catch (RuntimeException e) {
            // The nights this run read would be counted twice when read again: the next run starts a new pass.
            forgetPass();
            throw e;
        }
    }

    private Result scanFrom(
            SortedSet<Integer> partitions,
            IntFunction<ReadOnlyKeyValueStore<String, NightInventory>> nightsIn,
            Function<String, RoomTypeInfo> roomTypes) {
        long budget = maxNightsPerRun;
        long unreportedBefore = passUnreported;
        Cursor from = cursor;
        for (int partition : from == null ? partitions : partitions.tailSet(from.partition())) {
            ReadOnlyKeyValueStore<String, NightInventory> nights = nightsIn.apply(partition);
            if (nights == null) {
                continue;
            }
            String afterKey = from != null && from.partition() == partition ? from.afterKey() : null;
            // Nights come in key order, a room type's together: its allowance is read once, not once a night.
            String roomTypeKey = null;
            int allowance = 0;
            String lastRead = afterKey;
            try (KeyValueIterator<String, NightInventory> all =
                    afterKey == null ? nights.all() : nights.range(afterKey, null)) {
                while (all.hasNext()) {
                    if (budget == 0) {
                        cursor = new Cursor(partition, lastRead);
                        return logged(partial(), passUnreported - unreportedBefore);
                    }
                    KeyValue<String, NightInventory> entry = all.next();
                    if (entry.key.equals(afterKey)) {
                        continue;
                    }
                    lastRead = entry.key;
                    budget--;
                    passScanned++;
                    String[] parts = SEPARATOR.split(entry.key, 3);
                    if (parts.length < 3) {
                        continue;
                    }
                    String key = StoreKeys.roomType(parts[0], parts[1]);
                    if (!key.equals(roomTypeKey)) {
                        roomTypeKey = key;
                        RoomTypeInfo roomType = roomTypes.apply(key);
                        allowance = roomType == null ? 0 : roomType.getOverbookingAllowance();
                    }
                    count(entry.key, entry.value, allowance);
                }
            }
            from = null;
        }
        lastPass = new Result(System.currentTimeMillis(), passOver, passUnreported, passScanned, true);
        forgetPass();
        return logged(lastPass, lastPass.unreported() - unreportedBefore);
    }

    /** Counts {@code night} if it is past its ceiling, and as unreported if nobody reported it. */
    private void count(String nightKey, NightInventory night, int allowance) {
        if (night.getHeld() + night.getSold() > night.getAllotment() + allowance) {
            passOver++;
            if (!reported.test(nightKey)) {
                passUnreported++;
            }
        }
    }

    /** The next run starts a new pass. */
    private void forgetPass() {
        cursor = null;
        passOver = 0;
        passUnreported = 0;
        passScanned = 0;
    }

    private static Result logged(Result result, long unreportedThisRun) {
        if (unreportedThisRun > 0) {
            LOG.error("Inventory invariant broken: {} nights overbooked without a report", unreportedThisRun);
        }
        return result;
    }

    /** A pass still under way: its counts so far, or the last full pass's where those are larger. */
    private Result partial() {
        return new Result(
                System.currentTimeMillis(),
                Math.max(lastPass.overCapacity(), passOver),
                Math.max(lastPass.unreported(), passUnreported),
                passScanned,
                false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
