package io.innflow.streams.topology;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.catalog.ApplyCatalogChangeProcessor;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.reservation.ApplyReservationCommandProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Builds innflow's topology. Used by the node, by TopologyTestDriver tests and by integration tests. */
public final class InnflowTopology {

    /** Name of the repartition topic that carries catalog changes keyed by hotel. */
    public static final String CATALOG_BY_HOTEL = "catalog-by-hotel";

    private static final String[] INVENTORY_STORES = {
        StoreNames.HOTELS, StoreNames.ROOM_TYPES, StoreNames.NIGHT_INVENTORY
    };
    private static final String[] RESERVATION_STORES = {
        StoreNames.HOTELS,
        StoreNames.ROOM_TYPES,
        StoreNames.NIGHT_INVENTORY,
        StoreNames.HOLDS,
        StoreNames.BOOKINGS,
        StoreNames.REQUESTS,
        StoreNames.HOLD_EXPIRY,
        StoreNames.REQUEST_EXPIRY
    };

    private InnflowTopology() {}

    public static Topology build(Topics topics, TopologySettings config) {
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, topics.serdes());
        KStream<String, SpecificRecord> catalogOut = wireCatalog(builder, topics, config);
        KStream<String, SpecificRecord> commandsOut = wireCommands(builder, topics, config);
        wireOutputs(catalogOut.merge(commandsOut, Named.as("merge-outputs")), topics);
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, SerdeFactory serdes) {
        builder.addStateStore(store(StoreNames.HOTELS, Serdes.String(), serdes.value(HotelInfo.class)));
        builder.addStateStore(store(StoreNames.ROOM_TYPES, Serdes.String(), serdes.value(RoomTypeInfo.class)));
        builder.addStateStore(store(StoreNames.NIGHT_INVENTORY, Serdes.String(), serdes.value(NightInventory.class)));
        builder.addStateStore(store(StoreNames.HOLDS, Serdes.String(), serdes.value(Hold.class)));
        builder.addStateStore(store(StoreNames.BOOKINGS, Serdes.String(), serdes.value(Booking.class)));
        builder.addStateStore(store(StoreNames.REQUESTS, Serdes.String(), serdes.value(RequestRecord.class)));
        builder.addStateStore(store(StoreNames.HOLD_EXPIRY, Serdes.String(), Serdes.String()));
        builder.addStateStore(store(StoreNames.REQUEST_EXPIRY, Serdes.String(), Serdes.String()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<String> keys, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values);
    }

    /** Catalog rows from Debezium, re-keyed by hotel into one topic co-partitioned with commands. */
    private static KStream<String, SpecificRecord> wireCatalog(
            StreamsBuilder builder, Topics topics, TopologySettings config) {
        KStream<String, CatalogChange> changes = null;
        for (CatalogTable table : CatalogTable.values()) {
            Topic<byte[], CatalogChange> topic = topics.catalog(table);
            String name = table.tableName().replace('_', '-');
            KStream<String, CatalogChange> byHotel = builder.stream(
                            topic.name(),
                            Consumed.with(topic.keySerde(), topic.valueSerde()).withName("catalog-" + name + "-source"))
                    .filter((key, change) -> change != null, Named.as("catalog-" + name + "-skip-tombstones"))
                    .selectKey((key, change) -> hotelIdOf(change), Named.as("catalog-" + name + "-by-hotel"));
            changes = changes == null ? byHotel : changes.merge(byHotel, Named.as("catalog-" + name + "-merge"));
        }
        return changes.repartition(Repartitioned.<String, CatalogChange>as(CATALOG_BY_HOTEL)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serdes().value(CatalogChange.class))
                        .withNumberOfPartitions(config.partitions()))
                .process(ApplyCatalogChangeProcessor::new, Named.as("apply-catalog-change"), INVENTORY_STORES);
    }

    /** Commands keyed by hotel: check and apply. */
    private static KStream<String, SpecificRecord> wireCommands(
            StreamsBuilder builder, Topics topics, TopologySettings config) {
        var commands = topics.commands();
        return builder.stream(
                        commands.name(),
                        Consumed.with(commands.keySerde(), commands.valueSerde())
                                .withName("reservation-commands-source"))
                .process(
                        () -> new ApplyReservationCommandProcessor(
                                config.holdTtl(), config.maxHoldTtl(), config.idempotencyRetention()),
                        Named.as("apply-reservation-command"),
                        RESERVATION_STORES);
    }

    /** Results to the caller's reply address, events by hotel, availability by night. */
    private static void wireOutputs(KStream<String, SpecificRecord> out, Topics topics) {
        out.split(Named.as("route-"))
                .branch(
                        (key, value) -> value instanceof ReservationResult,
                        Branched.withConsumer(
                                stream -> to(stream, topics.results(), "result", "results-sink"), "results"))
                .branch(
                        (key, value) -> value instanceof ReservationEvent,
                        Branched.withConsumer(stream -> to(stream, topics.events(), "event", "events-sink"), "events"))
                .branch(
                        (key, value) -> value instanceof AvailabilityUpdate,
                        Branched.withConsumer(
                                stream -> to(stream, topics.availabilityUpdates(), "availability", "availability-sink"),
                                "availability"));
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void to(
            KStream<String, SpecificRecord> stream, Topic<String, V> topic, String name, String sink) {
        stream.mapValues(value -> (V) value, Named.as("as-" + name))
                .to(
                        topic.name(),
                        Produced.with(topic.keySerde(), topic.valueSerde()).withName(sink));
    }

    private static String hotelIdOf(CatalogChange change) {
        Object row = change.getRow();
        if (row instanceof HotelInfo hotel) {
            return hotel.getHotelId();
        }
        if (row instanceof RoomTypeInfo roomType) {
            return roomType.getHotelId();
        }
        return ((RoomNightRow) row).getHotelId();
    }
}
