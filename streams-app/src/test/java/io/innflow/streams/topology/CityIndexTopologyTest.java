package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The city index search reads: kept in step with the hotels' rows, and filled for hotels stored before it. */
class CityIndexTopologyTest {

    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldIndexAHotelUnderItsCityAndMoveItWhenTheCityChanges() {
        fx.hotel("bkk-001");
        assertThat(index()).containsExactly("bangkok|bkk-001");

        hotelIn("bkk-001", "  Phuket ", false);

        assertThat(index()).containsExactly("phuket|bkk-001");
    }

    @Test
    void shouldDropADeletedHotelFromTheIndex() {
        fx.hotel("bkk-001");
        fx.hotel("bkk-002");

        hotelIn("bkk-001", "Bangkok", true);

        assertThat(index()).containsExactly("bangkok|bkk-002");
    }

    @Test
    void shouldIndexHotelsStoredBeforeTheIndexExistedOnceAfterStart() {
        KeyValueStore<String, HotelInfo> hotels = fx.driver.getKeyValueStore(StoreNames.HOTELS);
        hotels.put("cnx-001", new HotelInfo("cnx-001", "Old", "Chiang Mai", "THB", "Asia/Bangkok", "APPROVED", null));
        assertThat(index()).isEmpty();

        fx.driver.advanceWallClockTime(Duration.ofMillis(10));

        assertThat(index()).containsExactly("chiang mai|cnx-001");
    }

    private void hotelIn(String hotelId, String city, boolean deleted) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotelId);
        row.put("name", "Hotel " + hotelId);
        row.put("city", city);
        row.put("currency", "THB");
        row.put("time_zone", "Asia/Bangkok");
        row.put("status", "APPROVED");
        row.put("__deleted", String.valueOf(deleted));
        fx.catalog(CatalogTable.HOTELS, row);
    }

    private List<String> index() {
        KeyValueStore<String, String> store = fx.driver.getKeyValueStore(StoreNames.HOTELS_BY_CITY);
        List<String> keys = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }
}
