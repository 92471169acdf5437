package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.inventory.StoreNames;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** The stores only the reservation processor uses: holds, bookings, the request log and the hold quota. */
public record ReservationStores(
        StoreBuilder<KeyValueStore<String, Hold>> holds,
        StoreBuilder<KeyValueStore<String, Booking>> bookings,
        StoreBuilder<KeyValueStore<String, RequestRecord>> requests,
        StoreBuilder<KeyValueStore<String, String>> holdExpiry,
        StoreBuilder<KeyValueStore<String, String>> requestExpiry,
        StoreBuilder<KeyValueStore<String, Integer>> holdQuota) {

    public static ReservationStores create(SerdeFactory serdes) {
        return new ReservationStores(
                InventoryStores.persistent(StoreNames.HOLDS, serdes.value(Hold.class)),
                InventoryStores.persistent(StoreNames.BOOKINGS, serdes.value(Booking.class)),
                InventoryStores.persistent(StoreNames.REQUESTS, serdes.value(RequestRecord.class)),
                InventoryStores.persistent(StoreNames.HOLD_EXPIRY, Serdes.String()),
                InventoryStores.persistent(StoreNames.REQUEST_EXPIRY, Serdes.String()),
                // Cached like the nights: one guest's holds rewrite the same counter.
                InventoryStores.persistent(StoreNames.HOLD_QUOTA, Serdes.Integer())
                        .withCachingEnabled());
    }

    /** In a stable order, so the topology describes itself the same way on every run. */
    public Set<StoreBuilder<?>> all() {
        return Collections.unmodifiableSet(
                new LinkedHashSet<>(List.of(holds, bookings, requests, holdExpiry, requestExpiry, holdQuota)));
    }
}
