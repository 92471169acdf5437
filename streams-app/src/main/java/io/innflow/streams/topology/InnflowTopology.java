package io.innflow.streams.topology;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.catalog.ApplyCatalogChangeProcessor;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.reservation.ApplyReservationCommandProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/** Builds innflow's topology. Used by the node, by TopologyTestDriver tests and by integration tests. */
public final class InnflowTopology {

    /** Name of the repartition topic that carries catalog changes keyed by hotel. */
    public static final String CATALOG_BY_HOTEL = "catalog-by-hotel";

    private static final String[] INVENTORY_STORES = {
        StoreNames.HOTELS, StoreNames.ROOM_TYPES, StoreNames.NIGHT_INVENTORY
    };
    private static final String[] RESERVATION_STORES = {
        StoreNames.HOTELS, StoreNames.ROOM_TYPES, StoreNames.NIGHT_INVENTORY, StoreNames.HOLDS, StoreNames.REQUESTS
    };

    private InnflowTopology() {}

    public static Topology build(Topics topics, InnflowConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, topics.serdes());
        wireCatalog(builder, topics, config);
        wireCommands(builder, topics, config);
        return builder.build();
    }

    private static void addStores(StreamsBuilder builder, SerdeFactory serdes) {
        builder.addStateStore(store(StoreNames.HOTELS, serdes, HotelInfo.class));
        builder.addStateStore(store(StoreNames.ROOM_TYPES, serdes, RoomTypeInfo.class));
        builder.addStateStore(store(StoreNames.NIGHT_INVENTORY, serdes, NightInventory.class));
        builder.addStateStore(store(StoreNames.HOLDS, serdes, Hold.class));
        builder.addStateStore(store(StoreNames.REQUESTS, serdes, RequestRecord.class));
    }

    private static <V extends SpecificRecord>
            org.apache.kafka.streams.state.StoreBuilder<org.apache.kafka.streams.state.KeyValueStore<String, V>> store(
                    String name, SerdeFactory serdes, Class<V> type) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serdes.value(type));
    }

    /** Catalog rows from Debezium, re-keyed by hotel into one topic co-partitioned with commands. */
    private static void wireCatalog(StreamsBuilder builder, Topics topics, InnflowConfig config) {
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
        changes.repartition(Repartitioned.<String, CatalogChange>as(CATALOG_BY_HOTEL)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serdes().value(CatalogChange.class))
                        .withNumberOfPartitions(config.partitions()))
                .process(ApplyCatalogChangeProcessor::new, Named.as("apply-catalog-change"), INVENTORY_STORES);
    }

    /** Commands keyed by hotel: check, apply, answer the caller and tell the world. */
    private static void wireCommands(StreamsBuilder builder, Topics topics, InnflowConfig config) {
        var commands = topics.commands();
        var results = topics.results();
        var events = topics.events();
        builder.stream(
                        commands.name(),
                        Consumed.with(commands.keySerde(), commands.valueSerde())
                                .withName("reservation-commands-source"))
                .process(
                        () -> new ApplyReservationCommandProcessor(config.holdTtl(), config.maxHoldTtl()),
                        Named.as("apply-reservation-command"),
                        RESERVATION_STORES)
                .split(Named.as("route-"))
                .branch(
                        (key, value) -> value instanceof ReservationResult,
                        Branched.withConsumer(
                                stream -> stream.mapValues(value -> (ReservationResult) value, Named.as("as-result"))
                                        .to(
                                                results.name(),
                                                Produced.with(results.keySerde(), results.valueSerde())
                                                        .withName("results-sink")),
                                "results"))
                .branch(
                        (key, value) -> value instanceof ReservationEvent,
                        Branched.withConsumer(
                                stream -> stream.mapValues(value -> (ReservationEvent) value, Named.as("as-event"))
                                        .to(
                                                events.name(),
                                                Produced.with(events.keySerde(), events.valueSerde())
                                                        .withName("events-sink")),
                                "events"));
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
