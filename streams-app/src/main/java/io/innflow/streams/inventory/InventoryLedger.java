package io.innflow.streams.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-night counters of one task, over its stores. Every change of a night goes through here so
 * that it is published to {@code availability-updates} and written to the offers index search reads
 * ({@link CityNights}), and a night pushed past its ceiling by the catalog is reported as {@code
 * InventoryOverbooked}.
 */
public final class InventoryLedger {

    private static final Logger LOG = LoggerFactory.getLogger(InventoryLedger.class);

    private final KeyValueStore<String, HotelInfo> hotels;
    private final KeyValueStore<String, RoomTypeInfo> roomTypes;
    private final KeyValueStore<String, NightInventory> nights;
    private final CityNights offers;
    private final DomainCounters counters;

    public InventoryLedger(ProcessorContext<?, ?> context) {
        this(context, DomainCounters.NONE);
    }

    /** @param counters where a counter that would go below zero (drift) is reported */
    public InventoryLedger(ProcessorContext<?, ?> context, DomainCounters counters) {
        this(
                context.getStateStore(StoreNames.HOTELS),
                context.getStateStore(StoreNames.ROOM_TYPES),
                context.getStateStore(StoreNames.NIGHT_INVENTORY),
                context.getStateStore(StoreNames.CITY_NIGHTS),
                counters);
    }

    public InventoryLedger(
            KeyValueStore<String, HotelInfo> hotels,
            KeyValueStore<String, RoomTypeInfo> roomTypes,
            KeyValueStore<String, NightInventory> nights,
            KeyValueStore<String, NightOffer> offers) {
        this(hotels, roomTypes, nights, offers, DomainCounters.NONE);
    }

    public InventoryLedger(
            KeyValueStore<String, HotelInfo> hotels,
            KeyValueStore<String, RoomTypeInfo> roomTypes,
            KeyValueStore<String, NightInventory> nights,
            KeyValueStore<String, NightOffer> offers,
            DomainCounters counters) {
        this.hotels = hotels;
        this.roomTypes = roomTypes;
        this.nights = nights;
        this.offers = new CityNights(offers);
        this.counters = counters;
    }

    /** The offers index, for writers of nights outside the ledger (the catalog processor). */
    public CityNights offers() {
        return offers;
    }

    public HotelInfo hotel(String hotelId) {
        return hotels.get(hotelId);
    }

    public RoomTypeInfo roomType(String hotelId, String roomTypeId) {
        return roomTypes.get(StoreKeys.roomType(hotelId, roomTypeId));
    }

    public NightInventory night(String hotelId, String roomTypeId, LocalDate night) {
        return nights.get(StoreKeys.night(hotelId, roomTypeId, night));
    }

    /** Reads everything a stay is checked, priced and adjusted against, once. */
    public StayNights read(Stay stay) {
        List<NightInventory> rows = new ArrayList<>();
        for (LocalDate date = stay.checkIn(); date.isBefore(stay.checkOut()); date = date.plusDays(1)) {
            rows.add(night(stay.hotelId(), stay.roomTypeId(), date));
        }
        return new StayNights(
                stay,
                hotel(stay.hotelId()),
                roomType(stay.hotelId(), stay.roomTypeId()),
                rows,
                night(stay.hotelId(), stay.roomTypeId(), stay.checkOut()));
    }

    /** A hold is placed: its rooms are held on every night. */
    public void hold(StayNights read, Instant now, BiConsumer<String, AvailabilityUpdate> publish) {
        adjust(read, read.stay().quantity(), 0, now, publish);
    }

    /** A hold is released or expired: its rooms are free again. */
    public void release(StayNights read, Instant now, BiConsumer<String, AvailabilityUpdate> publish) {
        adjust(read, -read.stay().quantity(), 0, now, publish);
    }

    /** A hold becomes a booking: its rooms move from held to sold. */
    public void confirm(StayNights read, Instant now, BiConsumer<String, AvailabilityUpdate> publish) {
        adjust(read, -read.stay().quantity(), read.stay().quantity(), now, publish);
    }

    /** A booking made without a hold: its rooms are sold. */
    public void book(StayNights read, Instant now, BiConsumer<String, AvailabilityUpdate> publish) {
        adjust(read, 0, read.stay().quantity(), now, publish);
    }

    /** A booking is cancelled: its rooms are no longer sold. */
    public void cancel(StayNights read, Instant now, BiConsumer<String, AvailabilityUpdate> publish) {
        adjust(read, 0, -read.stay().quantity(), now, publish);
    }

    /**
     * Adds {@code heldDelta} and {@code soldDelta} to every night of the stay and publishes each
     * night's new availability. A counter that would go below zero means the ledger and the holds and
     * bookings disagree (drift): it is logged with its night and reported to the counters, and the
     * counter stops at zero, because a negative count would sell rooms the night does not have. The
     * command still applies: it frees rooms, and refusing it would leave a hold that never ends.
     */
    private void adjust(
            StayNights read,
            int heldDelta,
            int soldDelta,
            Instant now,
            BiConsumer<String, AvailabilityUpdate> publish) {
        Stay stay = read.stay();
        Seller seller = read.seller();
        for (int i = 0; i < read.nights().size(); i++) {
            LocalDate date = stay.checkIn().plusDays(i);
            String key = StoreKeys.night(stay.hotelId(), stay.roomTypeId(), date);
            NightInventory before = read.nights().get(i);
            // No row: the catalog deleted it meanwhile. Keep counting; the night no longer sells.
            NightInventory night = before == null
                    ? NightInventory.newBuilder()
                            .setAllotment(0)
                            .setPriceMinor(0)
                            .setFromCatalog(false)
                            .build()
                    : NightInventory.newBuilder(before).build();
            night.setHeld(counted(key, "held", night.getHeld(), heldDelta));
            night.setSold(counted(key, "sold", night.getSold(), soldDelta));
            if (!night.getFromCatalog() && night.getHeld() + night.getSold() == 0) {
                nights.delete(key);
                offers.put(seller, stay.hotelId(), stay.roomTypeId(), date, null);
            } else {
                nights.put(key, night);
                offers.put(seller, stay.hotelId(), stay.roomTypeId(), date, night);
            }
            publish.accept(key, update(seller, stay.hotelId(), stay.roomTypeId(), date, night, now));
        }
    }

    private int counted(String nightKey, String counter, int before, int delta) {
        int after = before + delta;
        if (after >= 0) {
            return after;
        }
        LOG.warn(
                "Counter drift at night {}: {} was {} and would become {}; kept at 0. The night's holds and"
                        + " bookings disagree with its counters (see docs/reliability.md)",
                nightKey,
                counter,
                before,
                after);
        counters.counterDrift(nightKey);
        return 0;
    }

    /** What decides whether a room type's nights sell: its hotel and the room type itself. */
    public record Seller(HotelInfo hotel, RoomTypeInfo roomType) {

        public int allowance() {
            return roomType == null ? 0 : roomType.getOverbookingAllowance();
        }

        public boolean sells() {
            return roomType != null && roomType.getActive() && hotel != null && "APPROVED".equals(hotel.getStatus());
        }
    }

    /** Reads the hotel and room type once, for every night of one room type being published. */
    public Seller seller(String hotelId, String roomTypeId) {
        return new Seller(hotel(hotelId), roomType(hotelId, roomTypeId));
    }

    /** The availability of one night as {@code availability-updates} carries it. */
    public static AvailabilityUpdate update(
            Seller seller, String hotelId, String roomTypeId, LocalDate date, NightInventory night, Instant now) {
        return AvailabilityUpdate.newBuilder()
                .setHotelId(hotelId)
                .setRoomTypeId(roomTypeId)
                .setNight(date)
                .setAllotment(night.getAllotment())
                .setOverbookingAllowance(seller.allowance())
                .setHeld(night.getHeld())
                .setSold(night.getSold())
                .setAvailable(seller.sells() ? SellRules.available(night, seller.allowance()) : 0)
                .setPriceMinor(night.getPriceMinor())
                .setCurrency(seller.hotel() == null ? "" : seller.hotel().getCurrency())
                .setStopSell(night.getStopSell())
                .setUpdatedAt(now)
                .build();
    }

    /** The report of a night whose held + sold exceed allotment + allowance, or null if it fits. */
    public static InventoryOverbooked overbooking(
            Seller seller, String roomTypeId, LocalDate date, NightInventory night) {
        int allowance = seller.allowance();
        int excess = night.getHeld() + night.getSold() - (night.getAllotment() + allowance);
        if (excess <= 0) {
            return null;
        }
        return new InventoryOverbooked(
                roomTypeId, date, night.getAllotment(), allowance, night.getHeld(), night.getSold(), excess);
    }

    /** The first night of one room type in the store, or null when it has none. */
    public LocalDate firstNightOf(String hotelId, String roomTypeId) {
        String prefix = StoreKeys.roomType(hotelId, roomTypeId);
        try (var it = nights.range(prefix + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(prefix))) {
            if (!it.hasNext()) {
                return null;
            }
            return StoreKeys.nightOf(it.next().key);
        }
    }

    /**
     * Every night of one room type with its counters, in date order, read in one pass: for changes that
     * affect them all (allowance, active, the hotel's status or city) and the offers index fill.
     */
    public Map<LocalDate, NightInventory> nightRows(String hotelId, String roomTypeId) {
        // The store's keys end in yyyy-MM-dd, so its range already comes in date order.
        Map<LocalDate, NightInventory> rows = new LinkedHashMap<>();
        String prefix = StoreKeys.roomType(hotelId, roomTypeId);
        try (var it = nights.range(prefix + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(prefix))) {
            while (it.hasNext()) {
                var entry = it.next();
                rows.put(StoreKeys.nightOf(entry.key), entry.value);
            }
        }
        return rows;
    }
}
