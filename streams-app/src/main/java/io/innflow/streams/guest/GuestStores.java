package io.innflow.streams.guest;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.inventory.StoreNames;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** The guest view's stores: bookings and active holds keyed {@code principal|hotelId|id}. */
public record GuestStores(
        StoreBuilder<KeyValueStore<String, Booking>> bookings, StoreBuilder<KeyValueStore<String, Hold>> holds) {

    public static GuestStores create(SerdeFactory serdes) {
        return new GuestStores(
                InventoryStores.persistent(StoreNames.GUEST_BOOKINGS, serdes.value(Booking.class)),
                InventoryStores.persistent(StoreNames.GUEST_HOLDS, serdes.value(Hold.class)));
    }

    /** In a stable order, so the topology describes itself the same way on every run. */
    public Set<StoreBuilder<?>> all() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(bookings, holds)));
    }
}
