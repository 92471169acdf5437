package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The catalog rows of a hotel's task whose last change could not be read ({@code catalog-blocks-store}):
 * a lost change of a known row, so new sales it could have changed are refused until a readable change
 * of the same row arrives. The scope is what the row's key names: a hotel row blocks the hotel, a room
 * type row its room type, a night row the stays of that room type that include, arrive or depart on
 * that night (its allotment, stop-sell and restrictions).
 */
public final class CatalogBlocks {

    private final KeyValueStore<String, UnreadableCatalogRow> store;

    public CatalogBlocks(ProcessorContext<?, ?> context) {
        this.store = context.getStateStore(StoreNames.CATALOG_BLOCKS);
    }

    /** Records the row as unreadable; returns false if it was already. */
    boolean block(UnreadableCatalogRow row) {
        String key = key(row);
        boolean fresh = store.get(key) == null;
        store.put(key, row);
        return fresh;
    }

    /** A readable change of {@code row} arrived: lifts its block, returned if there was one. */
    Optional<UnreadableCatalogRow> lift(Object row) {
        String key = keyOf(row);
        if (key == null) {
            return Optional.empty();
        }
        UnreadableCatalogRow blocked = store.get(key);
        if (blocked != null) {
            store.delete(key);
        }
        return Optional.ofNullable(blocked);
    }

    /** The block that refuses a new stay of {@code roomTypeId} over [checkIn, checkOut), if any. */
    public Optional<UnreadableCatalogRow> blocking(
            String hotelId, String roomTypeId, LocalDate checkIn, LocalDate checkOut) {
        try (KeyValueIterator<String, UnreadableCatalogRow> all =
                store.range(hotelId + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(hotelId))) {
            while (all.hasNext()) {
                UnreadableCatalogRow row = all.next().value;
                if (covers(row, roomTypeId, checkIn, checkOut)) {
                    return Optional.of(row);
                }
            }
        }
        return Optional.empty();
    }

    /** Every block in {@code store} (the local tasks' stores, for operators), in key order. */
    public static List<UnreadableCatalogRow> all(ReadOnlyKeyValueStore<String, UnreadableCatalogRow> store) {
        List<UnreadableCatalogRow> rows = new ArrayList<>();
        try (KeyValueIterator<String, UnreadableCatalogRow> all = store.all()) {
            all.forEachRemaining(entry -> rows.add(entry.value));
        }
        return rows;
    }

    /** The scope of a block in words, for logs and operators: never more than ids and a date. */
    public static String scope(UnreadableCatalogRow row) {
        if (row.getRoomTypeId() == null) {
            return "hotel " + row.getHotelId();
        }
        String type = "hotel " + row.getHotelId() + " room type " + row.getRoomTypeId();
        return row.getNight() == null ? type : type + " night " + row.getNight();
    }

    private static boolean covers(UnreadableCatalogRow row, String roomTypeId, LocalDate checkIn, LocalDate checkOut) {
        if (row.getRoomTypeId() == null) {
            return true;
        }
        if (!row.getRoomTypeId().equals(roomTypeId)) {
            return false;
        }
        LocalDate night = row.getNight();
        // Inclusive of checkOut: a night's row also says whether departure is closed that day.
        return night == null || (!night.isBefore(checkIn) && !night.isAfter(checkOut));
    }

    static String key(UnreadableCatalogRow row) {
        String table = row.getTable();
        if (CatalogTable.HOTELS.tableName().equals(table)) {
            return key(row.getHotelId(), table);
        }
        if (CatalogTable.ROOM_TYPES.tableName().equals(table)) {
            return key(row.getHotelId(), table, row.getRoomTypeId());
        }
        return key(row.getHotelId(), table, row.getRoomTypeId(), String.valueOf(row.getNight()));
    }

    private static String keyOf(Object row) {
        if (row instanceof HotelInfo hotel) {
            return key(hotel.getHotelId(), CatalogTable.HOTELS.tableName());
        }
        if (row instanceof RoomTypeInfo type) {
            return key(type.getHotelId(), CatalogTable.ROOM_TYPES.tableName(), type.getRoomTypeId());
        }
        if (row instanceof RoomNightRow night) {
            return key(
                    night.getHotelId(),
                    CatalogTable.ROOM_NIGHTS.tableName(),
                    night.getRoomTypeId(),
                    night.getNight().toString());
        }
        return null;
    }

    private static String key(String... parts) {
        return String.join(StoreKeys.SEPARATOR, parts);
    }
}
