package io.innflow.api.ops;

import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * night again. The scan is bounded to {@value #MAX_NIGHTS} nights per run.
 */
public final class InvariantCheck implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InvariantCheck.class);
    static final int MAX_NIGHTS = 500_000;
    private static final Pattern SEPARATOR = Pattern.compile(Pattern.quote(StoreKeys.SEPARATOR));

    /** One scan: nights past their ceiling, those nobody reported, how many nights were read. */
    public record Result(long checkedAtMs, long overCapacity, long unreported, long scanned, boolean complete) {}

    private final KafkaStreams streams;
    private final Predicate<String> reported;
    private final ScheduledExecutorService timer;
    private volatile Result last = new Result(0, 0, 0, 0, false);

    public InvariantCheck(String nodeId, KafkaStreams streams, Predicate<String> reported, MeterRegistry registry) {
        this.streams = streams;
        this.reported = reported;
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
                last = scan();
            }
        } catch (RuntimeException e) {
            // A rebalance can close a store mid-scan; the next run tries again.
            LOG.debug("Invariant scan interrupted: {}", e.toString());
        }
    }

    Result scan() {
        ReadOnlyKeyValueStore<String, NightInventory> nights = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.NIGHT_INVENTORY, QueryableStoreTypes.keyValueStore()));
        ReadOnlyKeyValueStore<String, RoomTypeInfo> roomTypes = streams.store(
                StoreQueryParameters.fromNameAndType(StoreNames.ROOM_TYPES, QueryableStoreTypes.keyValueStore()));
        long scanned = 0;
        long over = 0;
        long unreported = 0;
        // Nights come in key order, a room type's together: its allowance is read once, not once a night.
        String roomTypeKey = null;
        int allowance = 0;
        try (KeyValueIterator<String, NightInventory> all = nights.all()) {
            while (all.hasNext() && scanned < MAX_NIGHTS) {
                KeyValue<String, NightInventory> entry = all.next();
                scanned++;
                String[] parts = SEPARATOR.split(entry.key, 3);
                if (parts.length < 3) {
                    continue;
                }
                String key = StoreKeys.roomType(parts[0], parts[1]);
                if (!key.equals(roomTypeKey)) {
                    roomTypeKey = key;
                    RoomTypeInfo roomType = roomTypes.get(key);
                    allowance = roomType == null ? 0 : roomType.getOverbookingAllowance();
                }
                NightInventory night = entry.value;
                if (night.getHeld() + night.getSold() > night.getAllotment() + allowance) {
                    over++;
                    if (!reported.test(entry.key)) {
                        unreported++;
                    }
                }
            }
            if (unreported > 0) {
                LOG.error("Inventory invariant broken: {} nights overbooked without a report", unreported);
            }
            return new Result(System.currentTimeMillis(), over, unreported, scanned, !all.hasNext());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
