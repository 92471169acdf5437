package io.innflow.api.guest;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.streams.guest.GuestKeys;
import io.innflow.streams.inventory.StoreNames;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * Interactive queries over the guest view: one principal's bookings and active holds, at every
 * hotel, from the one partition that holds that principal's key.
 */
public final class GuestReservations {

    private final LocalStores stores;

    public GuestReservations(LocalStores stores) {
        this.stores = stores;
    }

    /** Every booking of {@code principal}, whatever its status, in key order. */
    public Lookup<List<Booking>> bookings(ReadScope scope, String principal) {
        return stores.read(
                scope,
                p -> new Lookup.Found<>(own(
                        p.<Booking>range(StoreNames.GUEST_BOOKINGS, GuestKeys.from(principal), GuestKeys.to(principal)),
                        principal,
                        Booking::getPrincipal)));
    }

    /** The active holds of {@code principal}, in key order. */
    public Lookup<List<Hold>> holds(ReadScope scope, String principal) {
        return stores.read(
                scope,
                p -> new Lookup.Found<>(own(
                        p.<Hold>range(StoreNames.GUEST_HOLDS, GuestKeys.from(principal), GuestKeys.to(principal)),
                        principal,
                        Hold::getPrincipal)));
    }

    /** Only {@code principal}'s: a longer principal that starts the same way shares the key range. */
    private static <V> List<V> own(List<KeyValue<String, V>> entries, String principal, Function<V, String> owner) {
        return entries.stream()
                .map(entry -> entry.value)
                .filter(value -> principal.equals(owner.apply(value)))
                .toList();
    }
}
