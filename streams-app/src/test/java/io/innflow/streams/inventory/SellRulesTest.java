package io.innflow.streams.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.Rejection.Reason;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every sell rule on its own, against nights built in memory. */
class SellRulesTest {

    private static final LocalDate IN = LocalDate.of(2027, 3, 10);
    private static final LocalDate OUT = IN.plusDays(3);

    private HotelInfo hotel = hotel("APPROVED");
    private RoomTypeInfo roomType = roomType(0, true);
    private final List<NightInventory> nights = new ArrayList<>(Arrays.asList(night(), night(), night()));
    private NightInventory departure = night();

    @Test
    void shouldAcceptAStayWhoseEveryNightHasRoomsLeft() {
        // Given three open nights of 5 rooms, 4 of them already held or sold
        nights.replaceAll(night -> with(night).setHeld(2).setSold(2).build());

        // When one room is asked for
        Optional<Rejection> rejection = check(1);

        // Then the stay sells
        assertThat(rejection).isEmpty();
    }

    @Test
    void shouldRejectHoldWhenNightIsSoldOut() {
        // Given the middle night has every room held or sold
        nights.set(1, with(night()).setHeld(3).setSold(2).build());

        // When one room is asked for
        Optional<Rejection> rejection = check(1);

        // Then nothing is sold, and the message names the night
        assertThat(rejection).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.NOT_AVAILABLE);
            assertThat(r.message()).contains(IN.plusDays(1).toString());
        });
    }

    @Test
    void shouldSellTheLastRoomsWhenAllotmentPlusAllowanceMinusHeldAndSoldEqualsTheQuantity() {
        // Given 5 rooms plus an overbooking allowance of 1, and 4 held or sold on every night
        roomType = roomType(1, true);
        nights.replaceAll(night -> with(night).setHeld(1).setSold(3).build());

        // When exactly the two rooms left are asked for, and then one more
        Optional<Rejection> exact = check(2);
        Optional<Rejection> oneTooMany = check(3);

        // Then the first sells and the second does not
        assertThat(exact).isEmpty();
        assertThat(oneTooMany).map(Rejection::reason).contains(Reason.NOT_AVAILABLE);
    }

    @Test
    void shouldRejectMoreRoomsThanTheNightHasEvenWhenNoneAreTaken() {
        // Given 5 rooms and an allowance of 1
        roomType = roomType(1, true);

        // When 7 rooms are asked for
        Optional<Rejection> rejection = check(7);

        // Then the request exceeds what exists, not merely what is left
        assertThat(rejection).map(Rejection::reason).contains(Reason.QUANTITY_EXCEEDS_CAPACITY);
        assertThat(check(6)).isEmpty();
    }

    @Test
    void shouldRejectAStayWithAStopSellNight() {
        // Given sales are stopped on the last night
        nights.set(2, with(night()).setStopSell(true).build());

        // When one room is asked for
        Optional<Rejection> rejection = check(1);

        // Then the stay is refused for the stop-sell
        assertThat(rejection).map(Rejection::reason).contains(Reason.STOP_SELL);
    }

    @Test
    void shouldRejectArrivalOnANightClosedToArrival() {
        // Given arrival is closed on the first night
        nights.set(0, with(night()).setClosedToArrival(true).build());

        // When a stay arrives that night
        Optional<Rejection> rejection = check(1);

        // Then it is refused
        assertThat(rejection).map(Rejection::reason).contains(Reason.CLOSED_TO_ARRIVAL);
    }

    @Test
    void shouldIgnoreClosedToArrivalOnANightInsideTheStay() {
        // Given arrival is closed on the second night, which the stay only passes through
        nights.set(1, with(night()).setClosedToArrival(true).build());

        // When a stay arrives the night before
        Optional<Rejection> rejection = check(1);

        // Then it sells
        assertThat(rejection).isEmpty();
    }

    @Test
    void shouldRejectDepartureOnADateClosedToDeparture() {
        // Given departure is closed on the check-out date
        departure = with(night()).setClosedToDeparture(true).build();

        // When a stay leaves that day
        Optional<Rejection> rejection = check(1);

        // Then it is refused
        assertThat(rejection).map(Rejection::reason).contains(Reason.CLOSED_TO_DEPARTURE);
    }

    @Test
    void shouldIgnoreClosedToDepartureOnANightInsideTheStay() {
        // Given departure is closed on the second night, on which the stay does not leave
        nights.set(1, with(night()).setClosedToDeparture(true).build());

        // When the stay is checked
        Optional<Rejection> rejection = check(1);

        // Then it sells
        assertThat(rejection).isEmpty();
    }

    @Test
    void shouldRejectAStayShorterThanTheArrivalNightsMinimumLength() {
        // Given stays arriving on the first night need at least 4 nights
        nights.set(0, with(night()).setMinLos(4).build());

        // When a 3-night stay arrives
        Optional<Rejection> rejection = check(1);

        // Then it is refused
        assertThat(rejection).map(Rejection::reason).contains(Reason.MIN_LENGTH_OF_STAY);
    }

    @Test
    void shouldRejectAStayLongerThanTheArrivalNightsMaximumLength() {
        // Given stays arriving on the first night may last at most 2 nights
        nights.set(0, with(night()).setMaxLos(2).build());

        // When a 3-night stay arrives
        Optional<Rejection> rejection = check(1);

        // Then it is refused
        assertThat(rejection).map(Rejection::reason).contains(Reason.MAX_LENGTH_OF_STAY);
    }

    @Test
    void shouldAcceptAStayOfExactlyTheMinimumAndMaximumLength() {
        // Given stays arriving on the first night must last exactly 3 nights
        nights.set(0, with(night()).setMinLos(3).setMaxLos(3).build());

        // When a 3-night stay arrives
        Optional<Rejection> rejection = check(1);

        // Then it sells
        assertThat(rejection).isEmpty();
    }

    @Test
    void shouldRejectAStayWithANightTheCatalogDoesNotOffer() {
        // Given the catalog has no row for the middle night
        nights.set(1, null);

        // When the stay is checked
        Optional<Rejection> rejection = check(1);

        // Then it is refused, naming the night
        assertThat(rejection).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.NIGHT_NOT_OFFERED);
            assertThat(r.message()).contains(IN.plusDays(1).toString());
        });
    }

    @Test
    void shouldRejectAStayWithANightOnlyKeptForItsCounters() {
        // Given the catalog deleted the last night, which is kept only because a guest holds it
        nights.set(2, with(night()).setFromCatalog(false).setHeld(1).build());

        // When the stay is checked
        Optional<Rejection> rejection = check(1);

        // Then it is refused
        assertThat(rejection).map(Rejection::reason).contains(Reason.NIGHT_NOT_OFFERED);
    }

    @Test
    void shouldSellAllNightsOrNone() {
        // Given the first two nights have rooms and the last is sold out
        nights.set(2, with(night()).setSold(5).build());

        // When the stay is checked
        Optional<Rejection> rejection = check(1);

        // Then the whole stay is refused for the last night
        assertThat(rejection).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.NOT_AVAILABLE);
            assertThat(r.message()).contains(IN.plusDays(2).toString());
        });
    }

    @Test
    void shouldRejectAnUnknownOrUnapprovedHotel() {
        // Given the hotel is waiting for approval
        hotel = hotel("PENDING");

        // When the stay is checked, and again for no hotel at all
        Optional<Rejection> pending = check(1);
        hotel = null;
        Optional<Rejection> unknown = check(1);

        // Then both are refused as an unknown hotel
        assertThat(pending).map(Rejection::reason).contains(Reason.HOTEL_NOT_FOUND);
        assertThat(unknown).map(Rejection::reason).contains(Reason.HOTEL_NOT_FOUND);
    }

    @Test
    void shouldRejectAnUnknownOrInactiveRoomType() {
        // Given the room type is inactive
        roomType = roomType(0, false);

        // When the stay is checked, and again for no room type at all
        Optional<Rejection> inactive = check(1);
        roomType = null;
        Optional<Rejection> unknown = check(1);

        // Then both are refused as an unknown room type
        assertThat(inactive).map(Rejection::reason).contains(Reason.ROOM_TYPE_NOT_FOUND);
        assertThat(unknown).map(Rejection::reason).contains(Reason.ROOM_TYPE_NOT_FOUND);
    }

    @Test
    void shouldRejectMisshapenRequestsBeforeLookingAtTheCatalog() {
        // Given no catalog at all
        hotel = null;
        roomType = null;

        // When the dates are reversed, the stay is too long, or no room is asked for
        Optional<Rejection> reversed = SellRules.checkShape(new Stay("h", "std", OUT, IN, 1));
        Optional<Rejection> sameDay = SellRules.checkShape(new Stay("h", "std", IN, IN, 1));
        Optional<Rejection> tooLong =
                SellRules.checkShape(new Stay("h", "std", IN, IN.plusDays(SellRules.MAX_STAY_NIGHTS + 1), 1));
        Optional<Rejection> noRoom = check(0);

        // Then each is an invalid request, not a missing hotel
        assertThat(List.of(reversed, sameDay, tooLong, noRoom))
                .allSatisfy(r -> assertThat(r).map(Rejection::reason).contains(Reason.INVALID_REQUEST));
        assertThat(SellRules.checkShape(new Stay("h", "std", IN, IN.plusDays(SellRules.MAX_STAY_NIGHTS), 1)))
                .isEmpty();
    }

    @Test
    void shouldShowNothingAvailableOnAStopSellOrUncataloguedOrOverbookedNight() {
        // Given nights that cannot sell, and one pushed past its ceiling by a lowered allotment
        NightInventory stopSell = with(night()).setStopSell(true).build();
        NightInventory uncatalogued = with(night()).setFromCatalog(false).build();
        NightInventory overbooked = with(night()).setAllotment(2).setSold(4).build();

        // When their availability is computed, then none shows a room, and none shows a negative count
        assertThat(SellRules.available(stopSell, 1)).isZero();
        assertThat(SellRules.available(uncatalogued, 1)).isZero();
        assertThat(SellRules.available(overbooked, 1)).isZero();
        assertThat(SellRules.available(with(night()).setHeld(1).setSold(1).build(), 1))
                .isEqualTo(4);
    }

    @Test
    void shouldGiveTheSameAnswerThroughTheSignatureSearchUses() {
        // Given the middle night is stopped
        nights.set(1, with(night()).setStopSell(true).build());

        // When search checks the nights it assembled itself
        Optional<Rejection> rejection = SellRules.checkStay(hotel, roomType, IN, OUT, 1, nights, departure);

        // Then it gets the same rejection as the reservation processor
        assertThat(rejection).isEqualTo(check(1)).map(Rejection::reason).contains(Reason.STOP_SELL);
    }

    private Optional<Rejection> check(int quantity) {
        Stay stay = new Stay("bkk-001", "std", IN, OUT, quantity);
        return SellRules.checkStay(new StayNights(stay, hotel, roomType, nights, departure));
    }

    private static HotelInfo hotel(String status) {
        return new HotelInfo("bkk-001", "Hotel", "Bangkok", "THB", "Asia/Bangkok", status, null);
    }

    private static RoomTypeInfo roomType(int overbookingAllowance, boolean active) {
        return RoomTypeInfo.newBuilder()
                .setHotelId("bkk-001")
                .setRoomTypeId("std")
                .setName("Standard")
                .setCapacity(2)
                .setTotalRooms(5)
                .setBasePriceMinor(100_000)
                .setOverbookingAllowance(overbookingAllowance)
                .setActive(active)
                .build();
    }

    /** An open night of 5 rooms at 1,000.00. */
    private static NightInventory night() {
        return NightInventory.newBuilder()
                .setAllotment(5)
                .setPriceMinor(100_000)
                .setFromCatalog(true)
                .build();
    }

    private static NightInventory.Builder with(NightInventory night) {
        return NightInventory.newBuilder(night);
    }
}
