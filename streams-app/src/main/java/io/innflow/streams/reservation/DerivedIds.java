package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.NightPrice;
import io.innflow.streams.inventory.StoreKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Ids and amounts derived from a command, the same every time the command is processed. */
final class DerivedIds {

    private DerivedIds() {}

    /** A name-based UUID: deterministic for the same source. */
    static String derive(String hotelId, String kind, String source) {
        return UUID.nameUUIDFromBytes(
                        String.join(StoreKeys.SEPARATOR, hotelId, kind, source).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The mock payment provider's reference for a booking made by {@code c}. */
    static String paymentReference(Command c) {
        return "pay_" + derive(c.hotelId(), "payment", c.source()).substring(0, 18);
    }

    /** What the guest pays: every night's price times the rooms. */
    static long total(List<NightPrice> prices, int quantity) {
        return prices.stream().mapToLong(NightPrice::getPriceMinor).sum() * quantity;
    }
}
