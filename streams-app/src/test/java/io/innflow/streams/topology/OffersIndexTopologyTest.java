package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.catalog.ApplyCatalogChangeProcessor;
import io.innflow.streams.inventory.CityNights;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offers index search reads ({@code city-nights-store}) against the stores it is derived from:
 * after every catalog change and every command it must hold exactly one entry per night row of a
 * known hotel and room type, under the hotel's current city, made by {@link CityNights#offer} from the row, the
 * hotel and the room type as they are now.
 */
class OffersIndexTopologyTest {

    private static final LocalDate FIRST = LocalDate.of(2027, 1, 10);
    private static final List<String> HOTELS = List.of("h-1", "h-2", "h-3");
    private static final List<String> TYPES = List.of("std", "dlx");
    private static final List<String> CITIES = List.of("Bangkok", "Phuket", " chiang mai ");

    private final TopologyFixture fx = new TopologyFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldShowAHoldInTheIndexUnderTheHotelsCity() {
        fx.hotel("h-1");
        fx.roomType("h-1", "std", 5);
        fx.nights("h-1", "std", FIRST, FIRST.plusDays(3), 3, 120_000L);

        fx.sendHold("r-1", "f-1", "h-1", "std", FIRST, FIRST.plusDays(2), 2);

        assertThat(offer("Bangkok", FIRST, "h-1", "std").getAvailable()).isEqualTo(1);
        assertThat(offer("Bangkok", FIRST.plusDays(2), "h-1", "std").getAvailable())
                .isEqualTo(3);
        assertThat(offer("Bangkok", FIRST, "h-1", "std").getCapacity()).isEqualTo(2);
        assertThat(index()).isEqualTo(derived());
    }

    @Test
    void shouldMoveAHotelsEntriesWithItsCityAndDropThemWithTheHotel() {
        fx.hotel("h-1");
        fx.roomType("h-1", "std", 5);
        fx.nights("h-1", "std", FIRST, FIRST.plusDays(2), 3, 120_000L);

        Map<String, Object> moved = TopologyFixture.hotelRow("h-1");
        moved.put("city", "Phuket");
        fx.catalog(CatalogTable.HOTELS, moved);

        assertThat(index().keySet())
                .containsExactly(
                        CityNights.key("Phuket", FIRST, "h-1", "std"),
                        CityNights.key("Phuket", FIRST.plusDays(1), "h-1", "std"));

        moved.put("__deleted", "true");
        fx.catalog(CatalogTable.HOTELS, moved);

        assertThat(index()).isEmpty();
    }

    @Test
    void shouldStayEqualToWhatTheStoresDeriveThroughRandomChangesAndCommands() {
        Random random = new Random(11);
        for (int step = 0; step < 300; step++) {
            String hotel = HOTELS.get(random.nextInt(HOTELS.size()));
            String type = TYPES.get(random.nextInt(TYPES.size()));
            LocalDate night = FIRST.plusDays(random.nextInt(6));
            switch (random.nextInt(8)) {
                case 0 -> {
                    Map<String, Object> row = TopologyFixture.hotelRow(hotel);
                    row.put("city", CITIES.get(random.nextInt(CITIES.size())));
                    row.put("status", random.nextInt(4) == 0 ? "SUSPENDED" : "APPROVED");
                    row.put("__deleted", String.valueOf(random.nextInt(10) == 0));
                    fx.catalog(CatalogTable.HOTELS, row);
                }
                case 1 ->
                    roomType(
                            hotel,
                            type,
                            1 + random.nextInt(4),
                            random.nextInt(2),
                            random.nextInt(5) != 0,
                            random.nextInt(12) == 0);
                case 2, 3 ->
                    fx.night(
                            hotel,
                            type,
                            night,
                            random.nextInt(5),
                            100_000L + random.nextInt(9) * 1_000L,
                            Map.of(
                                    "stop_sell", random.nextInt(8) == 0,
                                    "closed_to_arrival", random.nextInt(8) == 0,
                                    "closed_to_departure", random.nextInt(8) == 0,
                                    "__deleted", String.valueOf(random.nextInt(10) == 0)));
                case 4, 5, 6 ->
                    fx.sendHold(
                            "r-" + step,
                            "f-" + step,
                            hotel,
                            type,
                            night,
                            night.plusDays(1 + random.nextInt(3)),
                            1 + random.nextInt(2));
                default -> fx.advance(Duration.ofMinutes(random.nextInt(20)));
            }
            assertThat(index()).as("after step %d", step).isEqualTo(derived());
        }
        assertThat(index()).as("entries at the end").isNotEmpty();
    }

    @Test
    void shouldFillTheIndexOnceForNightsStoredBeforeItExisted() {
        fx.hotel("h-1");
        fx.roomType("h-1", "std", 5);
        fx.nights("h-1", "std", FIRST, FIRST.plusDays(3), 3, 120_000L);
        KeyValueStore<String, NightOffer> offers = fx.driver.getKeyValueStore(StoreNames.CITY_NIGHTS);
        for (String key : index().keySet()) {
            offers.delete(key); // as a store kept from a version without the index would be
        }
        assertThat(index()).isEmpty();

        fx.advance(Duration.ofMillis(10));

        assertThat(index()).hasSize(3).isEqualTo(derived());
    }

    @Test
    void shouldFillALargeIndexInSlicesOfRoomTypes() {
        fx.hotel("h-1");
        int types = ApplyCatalogChangeProcessor.INDEX_SLICE + 1;
        for (int t = 0; t < types; t++) {
            fx.roomType("h-1", "rt" + t, 5);
            fx.nights("h-1", "rt" + t, FIRST, FIRST.plusDays(2), 3, 120_000L);
        }
        KeyValueStore<String, NightOffer> offers = fx.driver.getKeyValueStore(StoreNames.CITY_NIGHTS);
        for (String key : index().keySet()) {
            offers.delete(key); // as a store kept from a version without the index would be
        }

        fx.advance(Duration.ofMillis(10));
        assertThat(index()).as("after one slice").hasSize(2 * ApplyCatalogChangeProcessor.INDEX_SLICE);

        fx.advance(Duration.ofMillis(10));
        assertThat(index()).as("after the next").hasSize(2 * types).isEqualTo(derived());
    }

    private void roomType(String hotel, String type, int capacity, int allowance, boolean active, boolean deleted) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("hotel_id", hotel);
        row.put("room_type_id", type);
        row.put("code", type.toUpperCase());
        row.put("name", "Room " + type);
        row.put("capacity", capacity);
        row.put("total_rooms", 5);
        row.put("base_price_minor", 100_000L);
        row.put("overbooking_allowance", allowance);
        row.put("active", active);
        row.put("__deleted", String.valueOf(deleted));
        fx.catalog(CatalogTable.ROOM_TYPES, row);
    }

    private NightOffer offer(String city, LocalDate night, String hotel, String type) {
        KeyValueStore<String, NightOffer> offers = fx.driver.getKeyValueStore(StoreNames.CITY_NIGHTS);
        return offers.get(CityNights.key(city, night, hotel, type));
    }

    private Map<String, NightOffer> index() {
        KeyValueStore<String, NightOffer> offers = fx.driver.getKeyValueStore(StoreNames.CITY_NIGHTS);
        Map<String, NightOffer> out = new TreeMap<>();
        try (var all = offers.all()) {
            all.forEachRemaining(kv -> out.put(kv.key, kv.value));
        }
        return out;
    }

    /** The index as the night, hotel and room type stores say it should be. */
    private Map<String, NightOffer> derived() {
        KeyValueStore<String, NightInventory> nights = fx.driver.getKeyValueStore(StoreNames.NIGHT_INVENTORY);
        KeyValueStore<String, HotelInfo> hotels = fx.driver.getKeyValueStore(StoreNames.HOTELS);
        KeyValueStore<String, RoomTypeInfo> types = fx.driver.getKeyValueStore(StoreNames.ROOM_TYPES);
        Map<String, NightOffer> out = new TreeMap<>();
        try (var all = nights.all()) {
            all.forEachRemaining(kv -> {
                String[] parts = kv.key.split("\\|");
                HotelInfo hotel = hotels.get(parts[0]);
                RoomTypeInfo type = types.get(StoreKeys.roomType(parts[0], parts[1]));
                if (hotel != null && type != null) {
                    out.put(
                            CityNights.key(hotel.getCity(), LocalDate.parse(parts[2]), parts[0], parts[1]),
                            CityNights.offer(new InventoryLedger.Seller(hotel, type), kv.value));
                }
            });
        }
        return out;
    }
}
