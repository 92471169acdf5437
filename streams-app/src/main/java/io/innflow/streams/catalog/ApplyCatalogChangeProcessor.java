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
import io.innflow.streams.lifecycle.CommitWhenIdle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
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

    private final Duration commitWhenIdle;
    private ProcessorContext<String, SpecificRecord> context;
    private CommitWhenIdle idleCommit;
    private KeyValueStore<String, HotelInfo> hotels;
    private KeyValueStore<String, RoomTypeInfo> roomTypes;
    private KeyValueStore<String, NightInventory> nights;
    private InventoryLedger ledger;
    private CatalogBlocks blocks;
    private Cancellable indexing;
    /** The room type key the next slice of the offers index fill starts at; null: the first. */
    private String fillFrom;

    /**
     * @param commitWhenIdle how long the stream thread may find nothing to do before it commits: a change's
     *     availability updates reach their readers without waiting for the commit interval
     */
    public ApplyCatalogChangeProcessor(Duration commitWhenIdle) {
        this.commitWhenIdle = commitWhenIdle;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        idleCommit = CommitWhenIdle.on(context, commitWhenIdle);
        hotels = context.getStateStore(StoreNames.HOTELS);
        roomTypes = context.getStateStore(StoreNames.ROOM_TYPES);
        nights = context.getStateStore(StoreNames.NIGHT_INVENTORY);
        ledger = new InventoryLedger(context);
        blocks = new CatalogBlocks(context);
        // Right after start: nights restored from before the offers index existed get indexed, in slices.
        indexing = context.schedule(Duration.ofMillis(1), PunctuationType.WALL_CLOCK_TIME, now -> indexNights());
    }

    /** Room types whose nights one punctuation indexes at most: a slice stays well inside one transaction. */
    public static final int INDEX_SLICE = 200;

    /**
     * Writes the offers index entries of up to {@link #INDEX_SLICE} room types whose nights have none
     * (stores kept from a version before the index), then returns; the next slice goes on from the room
     * type this one stopped at, and the fill stops at the end of the store. A room type counts as indexed
     * when its first night has an entry: the entries of a room type are written in one transaction, so a
     * restart (which starts the fill again from the first room type) never finds one half indexed.
     */
    void indexNights() {
        int indexedTypes = 0;
        int nightsIndexed = 0;
        String stoppedAt = null;
        HotelInfo hotel = null;
        try (var types = fillFrom == null ? roomTypes.all() : roomTypes.range(fillFrom, null)) {
            while (types.hasNext()) {
                var entry = types.next();
                if (indexedTypes == INDEX_SLICE) {
                    stoppedAt = entry.key;
                    break;
                }
                RoomTypeInfo type = entry.value;
                if (hotel == null || !hotel.getHotelId().equals(type.getHotelId())) {
                    hotel = ledger.hotel(type.getHotelId()); // room types come in hotel order: one get per hotel
                }
                InventoryLedger.Seller seller = new InventoryLedger.Seller(hotel, type);
                LocalDate first = ledger.firstNightOf(type.getHotelId(), type.getRoomTypeId());
                if (!ledger.offers().covers(seller, first)) {
                    nightsIndexed += indexAllNights(type, nightRows(type));
                    indexedTypes++;
                }
            }
        }
        if (nightsIndexed > 0) {
            context.commit(); // each slice its own transaction, not as many as fit in the commit interval
            LOG.info("Offers index: wrote the entries of {} nights kept from before it existed", nightsIndexed);
        }
        fillFrom = stoppedAt;
        if (stoppedAt == null) {
            indexing.cancel();
        }
    }

    @Override
    public void process(Record<String, CatalogChange> record) {
        idleCommit.processed();
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
        // A hotel row arriving after its room types and nights (CDC topics are read independently)
        // opens them, like approving a hotel; suspending or deleting one closes them.
        boolean sellingChanged =
                before == null || deleted || !before.getStatus().equals(hotel.getStatus());
        // The offers index keys nights by city: a hotel that moves or goes takes its entries along.
        boolean moved = before != null
                && (deleted || !StoreKeys.city(before.getCity()).equals(StoreKeys.city(hotel.getCity())));
        if (!sellingChanged && !moved) {
            return;
        }
        String prefix = hotel.getHotelId() + StoreKeys.SEPARATOR;
        try (var types = roomTypes.range(prefix, StoreKeys.prefixEnd(hotel.getHotelId()))) {
            while (types.hasNext()) {
                RoomTypeInfo type = types.next().value;
                Map<LocalDate, NightInventory> rows = ledger.nightRows(type.getHotelId(), type.getRoomTypeId());
                if (moved) {
                    ledger.offers().remove(before.getCity(), type.getHotelId(), type.getRoomTypeId(), rows.keySet());
                }
                if (sellingChanged) {
                    publishAllNights(record, type, rows, true, now);
                } else {
                    indexAllNights(type, rows);
                }
            }
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
        if (sellingChanged) {
            // The allowance or the room type's state changes what every one of its nights can sell.
            publishAllNights(record, roomType, nightRows(roomType), false, now);
        } else if (before.getCapacity() != roomType.getCapacity()) {
            // the offers index carries the capacity search filters parties by
            indexAllNights(roomType, nightRows(roomType));
        }
    }

    private Map<LocalDate, NightInventory> nightRows(RoomTypeInfo type) {
        return ledger.nightRows(type.getHotelId(), type.getRoomTypeId());
    }

    /** Writes the offers index entry of every night of a room type ({@code rows}: its nights); returns how many. */
    private int indexAllNights(RoomTypeInfo type, Map<LocalDate, NightInventory> rows) {
        InventoryLedger.Seller seller = ledger.seller(type.getHotelId(), type.getRoomTypeId());
        rows.forEach(
                (date, night) -> ledger.offers().put(seller, type.getHotelId(), type.getRoomTypeId(), date, night));
        return rows.size();
    }

    /**
     * Publishes every night of a room type ({@code rows}: its nights). {@code sameCeiling}: the change (a
     * hotel's status) left allotment plus allowance as they were, so no night is newly overbooked.
     */
    private void publishAllNights(
            Record<String, CatalogChange> record,
            RoomTypeInfo type,
            Map<LocalDate, NightInventory> rows,
            boolean sameCeiling,
            Instant now) {
        InventoryLedger.Seller seller = ledger.seller(type.getHotelId(), type.getRoomTypeId());
        rows.forEach((date, night) -> {
            ledger.offers().put(seller, type.getHotelId(), type.getRoomTypeId(), date, night);
            publish(
                    record,
                    seller,
                    type.getHotelId(),
                    type.getRoomTypeId(),
                    date,
                    night,
                    sameCeiling ? night : null,
                    now);
        });
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
                InventoryLedger.Seller seller = seller(row);
                ledger.offers().put(seller, row.getHotelId(), row.getRoomTypeId(), row.getNight(), null);
                publish(record, seller, row.getHotelId(), row.getRoomTypeId(), row.getNight(), next, current, now);
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
        InventoryLedger.Seller seller = seller(row);
        ledger.offers().put(seller, row.getHotelId(), row.getRoomTypeId(), row.getNight(), next);
        publish(record, seller, row.getHotelId(), row.getRoomTypeId(), row.getNight(), next, current, now);
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
        private final Duration commitWhenIdle;

        /**
         * @param inventory the same instances the reservation processor declares: the night counters are shared
         * @param commitWhenIdle see {@link ApplyCatalogChangeProcessor#ApplyCatalogChangeProcessor(Duration)}
         */
        public Supplier(InventoryStores inventory, Duration commitWhenIdle) {
            this.inventory = inventory;
            this.commitWhenIdle = commitWhenIdle;
        }

        @Override
        public Processor<String, CatalogChange, String, SpecificRecord> get() {
            return new ApplyCatalogChangeProcessor(commitWhenIdle);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return new LinkedHashSet<>(inventory.all());
        }
    }
}
