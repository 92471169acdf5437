package io.innflow.api.cluster;

import io.innflow.streams.inventory.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Which instance owns which hotel, from Kafka Streams' metadata ({@code application.server}).
 *
 * <p>A placement found while Kafka Streams is running is kept for {@link #REMEMBERED_NANOS} (100 ms)
 * per store and partition. Kafka Streams answers every key's metadata under one lock of the whole
 * instance, and at 64 clients reading availability request threads waited there about a tenth of their
 * time (docs/benchmarks.md, "Active stores without the lookup"). Owners change only in a rebalance; for at
 * most that long after one, a read may go to the former owner, which answers 503 with {@code
 * Retry-After} (it no longer runs the task, and a forwarded read is never forwarded again) as reads
 * during the rebalance itself do.
 */
public final class Ownership {

    /** How long a placement found in Kafka Streams' metadata is used before it is asked again. */
    static final long REMEMBERED_NANOS = 100_000_000L;

    private record Slot(String store, int partition) {}

    private record Remembered(Placement placement, long until) {}

    private final KafkaStreams streams;
    private final HostInfo self;
    private final int partitions;
    private final LongSupplier clock;
    private final Map<Slot, Remembered> remembered = new ConcurrentHashMap<>();

    /**
     * @param partitions partition count of {@code reservation-commands}, which every store's tasks
     *     follow
     */
    public Ownership(KafkaStreams streams, HostInfo self, int partitions) {
        this(streams, self, partitions, System::nanoTime);
    }

    Ownership(KafkaStreams streams, HostInfo self, int partitions, LongSupplier clock) {
        this.streams = streams;
        this.self = self;
        this.partitions = partitions;
        this.clock = clock;
    }

    public HostInfo self() {
        return self;
    }

    public int partitions() {
        return partitions;
    }

    /**
     * The partition of a hotel: the default partitioner's (murmur2 of the key), which places both the
     * commands the facade produces and the store entries of the hotel.
     */
    public static int partitionOf(String hotelId, int partitions) {
        return Utils.toPositive(Utils.murmur2(hotelId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** Where {@code hotelId} lives; {@code active} is null while that is unknown (starting, rebalancing). */
    public Placement of(String hotelId) {
        return of(StoreNames.NIGHT_INVENTORY, hotelId);
    }

    /**
     * Where {@code key} of {@code store} lives. The store's input is partitioned by the default
     * partitioner over the same partition count as commands (a repartition topic of the topology), so
     * the key's partition is known even while its owner is not.
     */
    public Placement of(String store, String key) {
        int partition = partitionOf(key, partitions);
        Slot slot = new Slot(store, partition);
        long now = clock.getAsLong();
        Remembered known = remembered.get(slot);
        boolean running = streams.state() == KafkaStreams.State.RUNNING;
        if (known != null && running && now - known.until() < 0) {
            return known.placement();
        }
        Placement placement = lookUp(store, key, partition);
        if (running && placement.active() != null) {
            remembered.put(slot, new Remembered(placement, now + REMEMBERED_NANOS));
        } else {
            remembered.remove(slot);
        }
        return placement;
    }

    private Placement lookUp(String store, String key, int partition) {
        try {
            KeyQueryMetadata meta =
                    streams.queryMetadataForKey(store, key, Serdes.String().serializer());
            if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
                return new Placement(partition, null, List.of(), self);
            }
            HostInfo active = meta.activeHost();
            boolean known = active != null && active.port() > 0;
            return new Placement(meta.partition(), known ? active : null, List.copyOf(meta.standbyHosts()), self);
        } catch (IllegalStateException | StreamsException e) {
            return new Placement(partition, null, List.of(), self);
        }
    }

    /** Every instance the metadata knows, this one first. */
    public List<HostInfo> instances() {
        Set<HostInfo> hosts = new LinkedHashSet<>();
        hosts.add(self);
        try {
            for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
                hosts.add(m.hostInfo());
            }
        } catch (IllegalStateException | StreamsException e) {
            // not running yet: only this instance is known
        }
        return List.copyOf(hosts);
    }
}
