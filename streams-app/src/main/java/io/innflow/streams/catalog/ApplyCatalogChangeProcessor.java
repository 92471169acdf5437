package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges catalog rows (re-keyed by hotel) into the stores. Applying a row twice gives the same
 * state, so a replayed change is harmless. Counters (held, sold) are never touched by the catalog: a
 * lowered allotment never cancels a guest; the night shows zero and {@code InventoryOverbooked} tells
 * the hotel. Every night whose availability may have changed is published.
 *
 * <p>A row whose change could not be read ({@link UnreadableCatalogRow}, see {@link ReadCatalogRecord})
 * is recorded in {@link CatalogBlocks}, which refuses the new sales it could have changed; the next
 * readable change of the same row lifts it.
 */
public final class ApplyCatalogChangeProcessor implements Processor<String, CatalogChange, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyCatalogChangeProcessor.class);

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, HotelInfo> hotels;
    private KeyValueStore<String, RoomTypeInfo> roomTypes;
    private KeyValueStore<String, NightInventory> nights;
    private KeyValueStore<String, String> hotelsByCity;
    private InventoryLedger ledger;
    private CatalogBlocks blocks;
    private Cancellable indexing;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        hotels = context.getStateStore(StoreNames.HOTELS);
        roomTypes = context.getStateStore(StoreNames.ROOM_TYPES);
        nights = context.getStateStore(StoreNames.NIGHT_INVENTORY);
        hotelsByCity = context.getStateStore(StoreNames.HOTELS_BY_CITY);
        ledger = new InventoryLedger(context);
        blocks = new CatalogBlocks(context);
        // Once, right after start: a store of hotels restored from before the city index existed gets indexed.
        indexing = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> indexHotels());
    }

    /** Adds every hotel of this task missing from the city index, then stops. */
    void indexHotels() {
        indexing.cancel();
        try (var all = hotels.all()) {
            while (all.hasNext()) {
                HotelInfo hotel = all.next().value;
                String key = StoreKeys.cityIndex(hotel.getCity(), hotel.getHotelId());
                if (hotelsByCity.get(key) == null) {
                    hotelsByCity.put(key, hotel.getHotelId());
                }
            }
        }
    }

    @Override
    public void process(Record<String, CatalogChange> record) {
        CatalogChange change = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Object row = change.getRow();
        if (row instanceof UnreadableCatalogRow unreadable) {
            if (blocks.block(unreadable)) {
                LOG.warn(
                        "New sales of {} refused: its catalog change {} could not be read (catalog-dlq); lifted by the"
                                + " next readable change of the row",
                        CatalogBlocks.scope(unreadable),
                        unreadable.getSource());
            }
            return;
        }
        blocks.lift(row)
                .ifPresent(lifted -> LOG.warn(
                        "New sales of {} allowed again: a readable change of the row replaced the one that could"
                                + " not be read ({})",
                        CatalogBlocks.scope(lifted),
                        lifted.getSource()));
        if (row instanceof HotelInfo hotel) {
            applyHotel(record, hotel, change.getDeleted(), now);
        } else if (row instanceof RoomTypeInfo roomType) {
            applyRoomType(record, roomType, change.getDeleted(), now);
        } else if (row instanceof RoomNightRow night) {
            applyNight(record, night, change.getDeleted(), now);
        }
    }

    private void applyHotel(Record<String, CatalogChange> record, HotelInfo hotel, boolean deleted, Instant now) {
        HotelInfo before = hotels.get(hotel.getHotelId());
        if (deleted) {
            hotels.delete(hotel.getHotelId());
        } else {
            hotels.put(hotel.getHotelId(), hotel);
        }
        indexCity(before, deleted ? null : hotel);
        // A hotel row arriving after its room types and nights (CDC topics are read independently)
        // opens them, like approving a hotel; suspending or deleting one closes them.
        boolean sellingChanged =
                before == null || deleted || !before.getStatus().equals(hotel.getStatus());
        if (!sellingChanged) {
            return;
        }
        String prefix = hotel.getHotelId() + StoreKeys.SEPARATOR;
        try (var types = roomTypes.range(prefix, StoreKeys.prefixEnd(hotel.getHotelId()))) {
            while (types.hasNext()) {
                publishAllNights(record, types.next().value, true, now);
            }
        }
    }

    /** Keeps the city index in step with the hotel's row: moved, added or removed. */
    private void indexCity(HotelInfo before, HotelInfo after) {
        String oldKey = before == null ? null : StoreKeys.cityIndex(before.getCity(), before.getHotelId());
        String newKey = after == null ? null : StoreKeys.cityIndex(after.getCity(), after.getHotelId());
        if (oldKey != null && !oldKey.equals(newKey)) {
            hotelsByCity.delete(oldKey);
        }
        if (newKey != null && !newKey.equals(oldKey)) {
            hotelsByCity.put(newKey, after.getHotelId());
        }
    }

    private void applyRoomType(
            Record<String, CatalogChange> record, RoomTypeInfo roomType, boolean deleted, Instant now) {
        String key = StoreKeys.roomType(roomType.getHotelId(), roomType.getRoomTypeId());
        RoomTypeInfo before = roomTypes.get(key);
        if (deleted) {
            roomTypes.delete(key);
        } else {
            roomTypes.put(key, roomType);
        }
        boolean sellingChanged = before == null
                || deleted
                || before.getActive() != roomType.getActive()
                || !Objects.equals(before.getOverbookingAllowance(), roomType.getOverbookingAllowance());
        if (!sellingChanged) {
            return;
        }
        // The allowance or the room type's state changes what every one of its nights can sell.
        publishAllNights(record, roomType, false, now);
    }

    /**
     * Publishes every night of a room type. {@code sameCeiling}: the change (a hotel's status) left
     * allotment plus allowance as they were, so no night is newly overbooked.
     */
    private void publishAllNights(
            Record<String, CatalogChange> record, RoomTypeInfo type, boolean sameCeiling, Instant now) {
        InventoryLedger.Seller seller = ledger.seller(type.getHotelId(), type.getRoomTypeId());
        for (LocalDate date : ledger.nightsOf(type.getHotelId(), type.getRoomTypeId())) {
            NightInventory night = ledger.night(type.getHotelId(), type.getRoomTypeId(), date);
            publish(
                    record,
                    seller,
                    type.getHotelId(),
                    type.getRoomTypeId(),
                    date,
                    night,
                    sameCeiling ? night : null,
                    now);
        }
    }

    private void applyNight(Record<String, CatalogChange> record, RoomNightRow row, boolean deleted, Instant now) {
        String key = StoreKeys.night(row.getHotelId(), row.getRoomTypeId(), row.getNight());
        NightInventory current = nights.get(key);
        int held = current == null ? 0 : current.getHeld();
        int sold = current == null ? 0 : current.getSold();
        NightInventory next;
        if (deleted) {
            if (current == null) {
                return;
            }
            if (held + sold == 0) {
                nights.delete(key);
                next = NightInventory.newBuilder(current)
                        .setAllotment(0)
                        .setFromCatalog(false)
                        .build();
                publish(record, seller(row), row.getHotelId(), row.getRoomTypeId(), row.getNight(), next, current, now);
                return;
            }
            // Keep the counters of guests already holding or booked; the night stops selling.
            next = NightInventory.newBuilder(current).setFromCatalog(false).build();
        } else {
            next = NightInventory.newBuilder()
                    .setAllotment(row.getAllotment())
                    .setHeld(held)
                    .setSold(sold)
                    .setPriceMinor(row.getPriceMinor())
                    .setStopSell(row.getStopSell())
                    .setMinLos(row.getMinLos())
                    .setMaxLos(row.getMaxLos())
                    .setClosedToArrival(row.getClosedToArrival())
                    .setClosedToDeparture(row.getClosedToDeparture())
                    .setFromCatalog(true)
                    .build();
        }
        if (next.equals(current)) {
            return; // a replayed or unchanged row
        }
        nights.put(key, next);
        publish(record, seller(row), row.getHotelId(), row.getRoomTypeId(), row.getNight(), next, current, now);
    }

    private InventoryLedger.Seller seller(RoomNightRow row) {
        return ledger.seller(row.getHotelId(), row.getRoomTypeId());
    }

    /** Publishes the night's availability, and reports it if the change left it overbooked. */
    private void publish(
            Record<String, CatalogChange> record,
            InventoryLedger.Seller seller,
            String hotelId,
            String roomTypeId,
            LocalDate date,
            NightInventory night,
            NightInventory before,
            Instant now) {
        String key = StoreKeys.night(hotelId, roomTypeId, date);
        context.forward(
                record.withKey(key).withValue(InventoryLedger.update(seller, hotelId, roomTypeId, date, night, now)));
        InventoryOverbooked overbooked = InventoryLedger.overbooking(seller, roomTypeId, date, night);
        if (overbooked == null) {
            return;
        }
        InventoryOverbooked earlier =
                before == null ? null : InventoryLedger.overbooking(seller, roomTypeId, date, before);
        if (earlier != null && earlier.getExcess() == overbooked.getExcess()) {
            return; // already reported at this excess
        }
        context.forward(record.withKey(hotelId)
                .withValue(new ReservationEvent(UUID.randomUUID().toString(), hotelId, now, overbooked)));
    }

    /** Builds the processor and declares the stores it writes. */
    public static final class Supplier implements ProcessorSupplier<String, CatalogChange, String, SpecificRecord> {

        private final InventoryStores inventory;
        private final StoreBuilder<KeyValueStore<String, String>> hotelsByCity =
                InventoryStores.persistent(StoreNames.HOTELS_BY_CITY, Serdes.String());

        /** @param inventory the same instances the reservation processor declares: the night counters are shared */
        public Supplier(InventoryStores inventory) {
            this.inventory = inventory;
        }

        @Override
        public Processor<String, CatalogChange, String, SpecificRecord> get() {
            return new ApplyCatalogChangeProcessor();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            Set<StoreBuilder<?>> stores = new LinkedHashSet<>(inventory.all());
            stores.add(hotelsByCity);
            return stores;
        }
    }
}
