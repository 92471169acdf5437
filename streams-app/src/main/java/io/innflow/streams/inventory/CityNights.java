package io.innflow.streams.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import java.time.LocalDate;
import java.util.Collection;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The offers index search reads ({@link StoreNames#CITY_NIGHTS}): per city and night, one small entry
 * per room type of the task's hotels there, holding what decides whether a stay sells and at what
 * price. A search reads the entries of its nights and the departure date, a few range scans over one
 * city, instead of every hotel's room types and nights.
 *
 * <p>An entry exists exactly when the night's row exists in {@code night-inventory-store} and its
 * hotel and room type are known (the city comes from the hotel). Whoever writes a night, or changes what decides
 * whether its nights sell (a hotel's status or city, a room type's state, allowance or capacity),
 * writes the entries here in the same task and transaction.
 */
public final class CityNights {

    private final KeyValueStore<String, NightOffer> offers;

    public CityNights(KeyValueStore<String, NightOffer> offers) {
        this.offers = offers;
    }

    /** The key prefix of one city's entries on one night: {@code city|yyyy-MM-dd|}. */
    public static String prefix(String city, LocalDate night) {
        return StoreKeys.city(city) + StoreKeys.SEPARATOR + night + StoreKeys.SEPARATOR;
    }

    /** The smallest key above every entry of one city on one night. */
    public static String prefixEnd(String city, LocalDate night) {
        return StoreKeys.prefixEnd(StoreKeys.city(city) + StoreKeys.SEPARATOR + night);
    }

    /** {@code city|yyyy-MM-dd|hotelId|roomTypeId}. */
    public static String key(String city, LocalDate night, String hotelId, String roomTypeId) {
        return prefix(city, night) + StoreKeys.roomType(hotelId, roomTypeId);
    }

    /**
     * What the index holds for one night of a room type. {@code available} is what {@link
     * SellRules#available} allows, or 0 when the hotel or room type does not sell, so that "available
     * on every night" alone says the stay passes {@link SellRules#checkStay}'s per-night checks.
     */
    public static NightOffer offer(InventoryLedger.Seller seller, NightInventory night) {
        // The all-arguments constructor: the builder validates and copies every field, once per night of a hold.
        return new NightOffer(
                seller.sells() ? SellRules.available(night, seller.allowance()) : 0,
                night.getPriceMinor(),
                seller.roomType().getCapacity(),
                night.getMinLos(),
                night.getMaxLos(),
                night.getClosedToArrival(),
                night.getClosedToDeparture());
    }

    /**
     * Writes the entry of one night as its row and seller now are. No entry when the row is gone
     * ({@code night} null) or its room type is unknown; without a hotel there is no city to index
     * under, and its entries went when it did ({@link #remove}).
     */
    public void put(
            InventoryLedger.Seller seller, String hotelId, String roomTypeId, LocalDate date, NightInventory night) {
        HotelInfo hotel = seller.hotel();
        if (hotel == null) {
            return;
        }
        String key = key(hotel.getCity(), date, hotelId, roomTypeId);
        if (night == null || seller.roomType() == null) {
            offers.delete(key);
        } else {
            offers.put(key, offer(seller, night));
        }
    }

    /** Removes the entries of the given nights of a room type from a city its hotel has left. */
    public void remove(String city, String hotelId, String roomTypeId, Collection<LocalDate> dates) {
        for (LocalDate date : dates) {
            offers.delete(key(city, date, hotelId, roomTypeId));
        }
    }

    /**
     * Whether a room type's nights are in the index, judged by the first of them ({@code firstNight},
     * null when it has none): the entries of a room type are written together. True when there is
     * nothing to index (no nights, no hotel or room type).
     */
    public boolean covers(InventoryLedger.Seller seller, LocalDate firstNight) {
        if (firstNight == null || seller.hotel() == null || seller.roomType() == null) {
            return true;
        }
        RoomTypeInfo type = seller.roomType();
        return offers.get(key(seller.hotel().getCity(), firstNight, type.getHotelId(), type.getRoomTypeId())) != null;
    }
}
