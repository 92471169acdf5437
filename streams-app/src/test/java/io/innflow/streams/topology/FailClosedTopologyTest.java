package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the catalog or a command leaves a doubt, the topology refuses rather than sells: a row
 * without a column it reads is dead-lettered and blocks the sales it concerns instead of taking a
 * default; a hotel row arriving
 * after its nights opens them; a stay beginning before the hotel's today is refused.
 */
class FailClosedTopologyTest {

    private static final String HOTEL = "bkk-001";
    /** At the fixture's start, 2027-01-01T00:00Z, it is 07:00 on 1 January in Bangkok. */
    private static final LocalDate YESTERDAY_IN_BANGKOK = LocalDate.of(2026, 12, 31);

    private TopologyFixture fx;

    @BeforeEach
    void open() {
        fx = new TopologyFixture();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldRefuseSalesOfAHotelWhoseRowArrivesWithoutItsStatusRatherThanApproveIt() {
        // Given a hotel selling, and a hotel row from a source whose table has no status column
        LocalDate in = LocalDate.of(2027, 1, 10);
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", in, in.plusDays(2), 5, 150_000);
        Map<String, Object> suspended = TopologyFixture.hotelRow(HOTEL);
        suspended.put("status", "SUSPENDED");

        fx.catalogWithout(CatalogTable.HOTELS, suspended, "status");

        // Then the row is dead-lettered, not defaulted, and the hotel sells nothing until it is readable
        assertThat(fx.catalogDeadLetters()).hasSize(1);
        ReservationResult hold = fx.placeHold("r1", HOTEL, "std", in, in.plusDays(2), 1);
        assertThat(hold.getReason()).isEqualTo("CATALOG_INCOMPLETE");
        KeyValueStore<String, HotelInfo> hotels = fx.driver.getKeyValueStore(StoreNames.HOTELS);
        assertThat(hotels.get(HOTEL).getStatus())
                .as("the row read earlier stays")
                .isEqualTo("APPROVED");
    }

    @Test
    void shouldRefuseSalesOfARoomTypeWhoseRowArrivesWithoutItsActiveColumnRatherThanActivateIt() {
        LocalDate in = LocalDate.of(2027, 1, 10);
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", in, in.plusDays(2), 5, 150_000);
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", HOTEL);
        row.put("room_type_id", "std");
        row.put("code", "STD");
        row.put("name", "Standard");
        row.put("capacity", 2);
        row.put("total_rooms", 5);
        row.put("base_price_minor", 100_000L);
        row.put("overbooking_allowance", 0);

        fx.catalogWithout(CatalogTable.ROOM_TYPES, row, "active");

        assertThat(fx.catalogDeadLetters()).hasSize(1);
        assertThat(fx.placeHold("r1", HOTEL, "std", in, in.plusDays(2), 1).getReason())
                .isEqualTo("CATALOG_INCOMPLETE");
        KeyValueStore<String, RoomTypeInfo> roomTypes = fx.driver.getKeyValueStore(StoreNames.ROOM_TYPES);
        assertThat(roomTypes.get(StoreKeys.roomType(HOTEL, "std")).getActive()).isTrue();
    }

    @Test
    void shouldOfferTheNightsOfAHotelWhoseRowArrivesAfterThem() {
        // Given a room type and its nights read before their hotel's row (the CDC topics are read apart)
        LocalDate in = LocalDate.of(2027, 1, 10);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", in, in.plusDays(2), 5, 150_000);
        assertThat(fx.availabilityUpdates())
                .extracting(AvailabilityUpdate::getAvailable)
                .containsOnly(0);

        // When the hotel's row arrives
        fx.hotel(HOTEL);

        // Then each night is published again, now selling
        List<AvailabilityUpdate> after = fx.availabilityUpdates();
        assertThat(after).extracting(AvailabilityUpdate::getNight).containsExactly(in, in.plusDays(1));
        assertThat(after).extracting(AvailabilityUpdate::getAvailable).containsOnly(5);
        assertThat(after).extracting(AvailabilityUpdate::getCurrency).containsOnly("THB");
    }

    @Test
    void shouldRefuseAHoldWhoseCheckInIsBeforeTodayAtTheHotel() {
        offer(HOTEL, "Asia/Bangkok");

        ReservationResult past = fx.send("r1", HOTEL, hold(YESTERDAY_IN_BANGKOK));

        assertThat(past.getAccepted()).isFalse();
        assertThat(past.getReason()).isEqualTo("CHECK_IN_PAST");
        assertThat(fx.night(HOTEL, "std", YESTERDAY_IN_BANGKOK).getHeld()).isZero();
        assertThat(fx.send("r2", HOTEL, hold(YESTERDAY_IN_BANGKOK.plusDays(1))).getAccepted())
                .as("tonight at the hotel is still sold")
                .isTrue();
    }

    @Test
    void shouldRefuseADirectBookingWhoseCheckInIsBeforeTodayAtTheHotel() {
        offer(HOTEL, "Asia/Bangkok");

        ReservationResult past = fx.send(
                "r1",
                HOTEL,
                BookDirect.newBuilder()
                        .setRoomTypeId("std")
                        .setCheckIn(YESTERDAY_IN_BANGKOK)
                        .setCheckOut(YESTERDAY_IN_BANGKOK.plusDays(2))
                        .setQuantity(1)
                        .setPayment(TopologyFixture.pay("tok_ok"))
                        .build());

        assertThat(past.getReason()).isEqualTo("CHECK_IN_PAST");
        assertThat(fx.night(HOTEL, "std", YESTERDAY_IN_BANGKOK).getSold()).isZero();
    }

    @Test
    void shouldJudgeTodayInTheHotelsTimeZone() {
        // Given a hotel in Honolulu, where it is still 31 December at 14:00
        offer("hnl-001", "Pacific/Honolulu");

        // When a guest holds the night of 31 December there
        ReservationResult tonight = fx.send("r1", "hnl-001", hold(YESTERDAY_IN_BANGKOK));

        // Then it is tonight at the hotel, and is sold
        assertThat(tonight.getAccepted()).isTrue();
    }

    private void offer(String hotelId, String timeZone) {
        Map<String, Object> hotel = TopologyFixture.hotelRow(hotelId);
        hotel.put("time_zone", timeZone);
        fx.catalog(CatalogTable.HOTELS, hotel);
        fx.roomType(hotelId, "std", 5);
        fx.nights(hotelId, "std", YESTERDAY_IN_BANGKOK.minusDays(1), YESTERDAY_IN_BANGKOK.plusDays(5), 5, 150_000);
    }

    private static PlaceHold hold(LocalDate checkIn) {
        return PlaceHold.newBuilder()
                .setRoomTypeId("std")
                .setCheckIn(checkIn)
                .setCheckOut(checkIn.plusDays(1))
                .setQuantity(1)
                .build();
    }
}
