package io.innflow.streams.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.serde.FlatRecordSerde;
import io.innflow.schemas.serde.SerdeFactory;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The stores of the catalog, the per-night counters, the offers index search reads and the catalog
 * rows that could not be read. Built once per topology: both the catalog
 * and the reservation processor declare these same instances, which Kafka Streams adds once and
 * connects to both.
 */
public record InventoryStores(
        StoreBuilder<KeyValueStore<String, HotelInfo>> hotels,
        StoreBuilder<KeyValueStore<String, RoomTypeInfo>> roomTypes,
        StoreBuilder<KeyValueStore<String, NightInventory>> nights,
        StoreBuilder<KeyValueStore<String, NightOffer>> cityNights,
        StoreBuilder<KeyValueStore<String, UnreadableCatalogRow>> catalogBlocks) {

    public static InventoryStores create(SerdeFactory serdes) {
        return new InventoryStores(
                persistent(StoreNames.HOTELS, serdes.value(HotelInfo.class)),
                persistent(StoreNames.ROOM_TYPES, serdes.value(RoomTypeInfo.class)),
                // Cached: every sale of a hot hotel rewrites the same nights; one changelog record per commit.
                persistent(StoreNames.NIGHT_INVENTORY, serdes.value(NightInventory.class))
                        .withCachingEnabled(),
                // Cached like the nights: written with every change of a night. Search reads thousands of
                // entries per request: the values this node wrote are read by hand (same wire format;
                // FlatRecordSerde says when).
                persistent(
                                StoreNames.CITY_NIGHTS,
                                FlatRecordSerde.wrapping(serdes.value(NightOffer.class), NightOffer::new))
                        .withCachingEnabled(),
                // In memory (changelogged like the others): a handful of entries, read on every new sale.
                Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.CATALOG_BLOCKS),
                        Serdes.String(),
                        serdes.value(UnreadableCatalogRow.class)));
    }

    /** In a stable order, so the topology describes itself the same way on every run. */
    public Set<StoreBuilder<?>> all() {
        return Collections.unmodifiableSet(
                new LinkedHashSet<>(List.of(hotels, roomTypes, nights, cityNights, catalogBlocks)));
    }

    /** A persistent, changelogged key-value store with string keys. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> persistent(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }
}
