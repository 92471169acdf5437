package io.innflow.streams.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.NightPrice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A stay and what the ledger held for it, read once and passed through check, price and adjust. It
 * is a snapshot: after the ledger adjusts the stay, read it again before adjusting once more.
 *
 * @param nights one entry per night of [checkIn, checkOut), in order; null where the catalog has no
 *     row
 * @param departure the row of the checkOut date itself, if any (closed to departure)
 */
public record StayNights(
        Stay stay, HotelInfo hotel, RoomTypeInfo roomType, List<NightInventory> nights, NightInventory departure) {

    public StayNights {
        // Not List.copyOf: a night without a catalog row is a null entry.
        nights = Collections.unmodifiableList(new ArrayList<>(nights));
    }

    /** The row of the arrival night, or null. */
    public NightInventory arrival() {
        return nights.isEmpty() ? null : nights.get(0);
    }

    /** What decides whether these nights sell. */
    public InventoryLedger.Seller seller() {
        return new InventoryLedger.Seller(hotel, roomType);
    }

    /** The price of each night, in order; only meaningful once the stay passed the sell rules. */
    public List<NightPrice> prices() {
        List<NightPrice> prices = new ArrayList<>(nights.size());
        for (int i = 0; i < nights.size(); i++) {
            prices.add(new NightPrice(stay.checkIn().plusDays(i), nights.get(i).getPriceMinor()));
        }
        return prices;
    }
}
