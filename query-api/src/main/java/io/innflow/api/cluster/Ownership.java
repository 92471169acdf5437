package io.innflow.api.cluster;

import io.innflow.streams.inventory.StoreNames;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance owns which hotel, from Kafka Streams' metadata ({@code application.server}). */
public final class Ownership {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final int partitions;

    /**
     * @param partitions partition count of {@code reservation-commands}, which every store's tasks
     *     follow
     */
    public Ownership(KafkaStreams streams, HostInfo self, int partitions) {
        this.streams = streams;
        this.self = self;
        this.partitions = partitions;
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
