package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.streams.guest.GuestKeys;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stores a node reads without Kafka Streams' lookup: registered while their task runs, showing what
 * the task has applied, and gone once it stops.
 */
class RunningStoresTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final String GUEST = "guest:alice";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);

    private final TopologyFixture fx = new TopologyFixture();
    private boolean closed;

    @AfterEach
    void close() {
        if (!closed) {
            fx.close();
        }
    }

    @Test
    void shouldServeTheRunningTasksStoresWithWhatTheTaskApplied() {
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", IN, IN.plusDays(3), 5, 150_000);
        Hold hold = fx.send("r-1", GUEST, HOTEL, new PlaceHold("std", IN, IN.plusDays(2), 2, null, null))
                .getHold();

        ReadOnlyKeyValueStore<String, HotelInfo> hotels = fx.running.store(StoreNames.HOTELS, 0);
        ReadOnlyKeyValueStore<String, NightInventory> nights = fx.running.store(StoreNames.NIGHT_INVENTORY, 0);
        ReadOnlyKeyValueStore<String, Hold> guestHolds = fx.running.store(StoreNames.GUEST_HOLDS, 0);

        assertThat(hotels.get(HOTEL).getName()).isEqualTo("Hotel " + HOTEL);
        assertThat(nights.get(StoreKeys.night(HOTEL, "std", IN)).getHeld()).isEqualTo(2);
        assertThat(guestHolds.get(GuestKeys.of(GUEST, HOTEL, hold.getHoldId()))).isEqualTo(hold);
        assertThat(fx.running.<String, Hold>store(StoreNames.HOLDS, 1)).isNull(); // no task of partition 1 here
    }

    @Test
    void shouldServeNothingOnceTheTasksStopRunning() {
        assertThat(fx.running.<String, HotelInfo>store(StoreNames.HOTELS, 0)).isNotNull();

        fx.close();
        closed = true;

        assertThat(fx.running.<String, HotelInfo>store(StoreNames.HOTELS, 0)).isNull();
        assertThat(fx.running.<String, NightInventory>store(StoreNames.NIGHT_INVENTORY, 0))
                .isNull();
        assertThat(fx.running.<String, Hold>store(StoreNames.GUEST_HOLDS, 0)).isNull();
    }
}
