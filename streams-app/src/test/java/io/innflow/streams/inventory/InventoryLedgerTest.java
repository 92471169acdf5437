package io.innflow.streams.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.serde.TestSerdes;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-night counters over real in-memory stores: what each step of a reservation does to them. */
class InventoryLedgerTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 3, 10);
    private static final LocalDate OUT = IN.plusDays(2);
    private static final Instant NOW = Instant.parse("2027-03-01T09:00:00Z");

    private final TestSerdes serdes = new TestSerdes();
    private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    private final List<AvailabilityUpdate> published = new ArrayList<>();
    private final List<String> publishedKeys = new ArrayList<>();
    private KeyValueStore<String, HotelInfo> hotels;
    private KeyValueStore<String, RoomTypeInfo> roomTypes;
    private KeyValueStore<String, NightInventory> nights;
    private KeyValueStore<String, NightOffer> offers;
    private InventoryLedger ledger;

    @BeforeEach
    void openStores() {
        hotels = store(StoreNames.HOTELS, serdes.factory().value(HotelInfo.class));
        roomTypes = store(StoreNames.ROOM_TYPES, serdes.factory().value(RoomTypeInfo.class));
        nights = store(StoreNames.NIGHT_INVENTORY, serdes.factory().value(NightInventory.class));
        offers = store(StoreNames.CITY_NIGHTS, serdes.factory().value(NightOffer.class));
        ledger = new InventoryLedger(hotels, roomTypes, nights, offers);
        hotels.put(HOTEL, new HotelInfo(HOTEL, "Hotel", "Bangkok", "THB", "Asia/Bangkok", "APPROVED", null));
        roomTypes.put(StoreKeys.roomType(HOTEL, "std"), roomType(0));
        offer(IN, 3);
        offer(IN.plusDays(1), 3);
    }

    @Test
    void shouldReadEveryNightOfTheStayAndTheDepartureDate() {
        // Given a departure-date row that closes departure, and no row for a later stay's second night
        nights.put(
                StoreKeys.night(HOTEL, "std", OUT),
                catalogNight(3).setClosedToDeparture(true).build());

        // When the stays are read
        StayNights read = ledger.read(stay(1));
        StayNights longer = ledger.read(new Stay(HOTEL, "std", IN.plusDays(1), IN.plusDays(4), 1));

        // Then each night is there in order, a missing one as null, and the departure row beside them
        assertThat(read.hotel().getCurrency()).isEqualTo("THB");
        assertThat(read.roomType().getRoomTypeId()).isEqualTo("std");
        assertThat(read.nights()).extracting(NightInventory::getAllotment).containsExactly(3, 3);
        assertThat(read.departure().getClosedToDeparture()).isTrue();
        assertThat(longer.nights()).hasSize(3).element(2).isNull();
        assertThat(longer.departure()).isNull();
    }

    @Test
    void shouldHoldTheRoomsOnEveryNightOfTheStayAndPublishWhatIsLeft() {
        // Given two nights of 3 rooms
        // When a hold for 2 rooms is placed
        ledger.hold(ledger.read(stay(2)), NOW, this::publish);

        // Then both nights count 2 held and show 1 room left; the departure date is untouched
        assertThat(night(IN).getHeld()).isEqualTo(2);
        assertThat(night(IN.plusDays(1)).getHeld()).isEqualTo(2);
        assertThat(night(OUT)).isNull();
        assertThat(publishedKeys)
                .containsExactly(StoreKeys.night(HOTEL, "std", IN), StoreKeys.night(HOTEL, "std", IN.plusDays(1)));
        assertThat(published).allSatisfy(update -> {
            assertThat(update.getHeld()).isEqualTo(2);
            assertThat(update.getAvailable()).isEqualTo(1);
            assertThat(update.getCurrency()).isEqualTo("THB");
            assertThat(update.getUpdatedAt()).isEqualTo(NOW);
        });
        // And search's offers index shows the same rooms left, under the hotel's city
        assertThat(offers.get(CityNights.key("Bangkok", IN, HOTEL, "std")).getAvailable())
                .isEqualTo(1);
        assertThat(offers.get(CityNights.key("bangkok", IN.plusDays(1), HOTEL, "std"))
                        .getAvailable())
                .isEqualTo(1);
    }

    @Test
    void shouldFreeTheRoomsWhenAHoldIsReleased() {
        // Given a hold of 2 rooms
        ledger.hold(ledger.read(stay(2)), NOW, this::publish);

        // When it is released
        ledger.release(ledger.read(stay(2)), NOW, this::publish);

        // Then nothing is held and all 3 rooms show again
        assertThat(night(IN).getHeld()).isZero();
        assertThat(lastUpdate().getAvailable()).isEqualTo(3);
    }

    @Test
    void shouldMoveTheRoomsFromHeldToSoldWhenAHoldIsConfirmed() {
        // Given a hold of 2 rooms
        ledger.hold(ledger.read(stay(2)), NOW, this::publish);

        // When it is confirmed
        ledger.confirm(ledger.read(stay(2)), NOW, this::publish);

        // Then the rooms are sold, no longer held, and still taken
        assertThat(night(IN).getHeld()).isZero();
        assertThat(night(IN).getSold()).isEqualTo(2);
        assertThat(lastUpdate().getSold()).isEqualTo(2);
        assertThat(lastUpdate().getAvailable()).isEqualTo(1);
    }

    @Test
    void shouldSellTheRoomsOfADirectBookingAndFreeThemWhenItIsCancelled() {
        // Given a direct booking of 1 room
        ledger.book(ledger.read(stay(1)), NOW, this::publish);
        assertThat(night(IN.plusDays(1)).getSold()).isEqualTo(1);

        // When it is cancelled
        ledger.cancel(ledger.read(stay(1)), NOW, this::publish);

        // Then nothing is sold any more
        assertThat(night(IN.plusDays(1)).getSold()).isZero();
        assertThat(lastUpdate().getAvailable()).isEqualTo(3);
    }

    @Test
    void shouldShowZeroWhenTheLastRoomIsTaken() {
        // Given 3 rooms
        // When all 3 are held
        ledger.hold(ledger.read(stay(3)), NOW, this::publish);

        // Then the nights show nothing left
        assertThat(published).extracting(AvailabilityUpdate::getAvailable).containsOnly(0);
    }

    @Test
    void shouldStopAtZeroButReportTheDriftOfEveryCounterThatWouldGoBelowIt() {
        // Given a ledger that reports drift, and one room held
        List<String> drifted = new ArrayList<>();
        ledger = new InventoryLedger(hotels, roomTypes, nights, offers, driftInto(drifted));
        ledger.hold(ledger.read(stay(1)), NOW, this::publish);

        // When more rooms are released and cancelled than were ever taken
        ledger.release(ledger.read(stay(2)), NOW, this::publish);
        ledger.cancel(ledger.read(stay(2)), NOW, this::publish);

        // Then the counters stop at zero (a negative count would sell rooms the night does not have)
        assertThat(night(IN).getHeld()).isZero();
        assertThat(night(IN).getSold()).isZero();
        assertThat(lastUpdate().getAvailable()).isEqualTo(3);
        // And each night of each step is reported as drift, not hidden
        String first = StoreKeys.night(HOTEL, "std", IN);
        String second = StoreKeys.night(HOTEL, "std", IN.plusDays(1));
        assertThat(drifted).containsExactly(first, second, first, second);
    }

    @Test
    void shouldReportNoDriftWhenTheCountersAgree() {
        List<String> drifted = new ArrayList<>();
        ledger = new InventoryLedger(hotels, roomTypes, nights, offers, driftInto(drifted));

        ledger.hold(ledger.read(stay(2)), NOW, this::publish);
        ledger.confirm(ledger.read(stay(2)), NOW, this::publish);
        ledger.cancel(ledger.read(stay(2)), NOW, this::publish);

        assertThat(drifted).isEmpty();
        assertThat(night(IN).getSold()).isZero();
    }

    private static DomainCounters driftInto(List<String> drifted) {
        return new DomainCounters() {
            @Override
            public void event(String type) {}

            @Override
            public void answered() {}

            @Override
            public void rejected(String reason) {}

            @Override
            public void replayed() {}

            @Override
            public void catalogChangeApplied(long producedAtMs, long appliedAtMs) {}

            @Override
            public void catalogChangeCommittedAndApplied(long committedAtMs, long appliedAtMs) {}

            @Override
            public void overbookingReported(String nightKey) {}

            @Override
            public void counterDrift(String nightKey) {
                drifted.add(nightKey);
            }
        };
    }

    @Test
    void shouldKeepCountingOnANightTheCatalogDeletedAndForgetItAtZero() {
        // Given a hold on the first night, after which the catalog deleted that night's row
        ledger.hold(ledger.read(stay(1)), NOW, this::publish);
        nights.delete(StoreKeys.night(HOTEL, "std", IN));

        // When the hold is confirmed, the night is kept for its counter but sells nothing
        ledger.confirm(ledger.read(stay(1)), NOW, this::publish);
        NightInventory kept = night(IN);
        assertThat(kept.getFromCatalog()).isFalse();
        assertThat(kept.getSold()).isEqualTo(1);
        assertThat(kept.getAllotment()).isZero();
        assertThat(published.get(published.size() - 2).getAvailable()).isZero();

        // When the booking is cancelled, the night has nothing left to count
        ledger.cancel(ledger.read(stay(1)), NOW, this::publish);

        // Then its row is gone, while the catalogued night keeps its row at zero; so do their offers
        assertThat(night(IN)).isNull();
        assertThat(night(IN.plusDays(1))).isNotNull();
        assertThat(night(IN.plusDays(1)).getSold()).isZero();
        assertThat(offers.get(CityNights.key("Bangkok", IN, HOTEL, "std"))).isNull();
        assertThat(offers.get(CityNights.key("Bangkok", IN.plusDays(1), HOTEL, "std"))
                        .getAvailable())
                .isEqualTo(3);
    }

    @Test
    void shouldPublishNothingAvailableWhileTheHotelIsNotApproved() {
        // Given the hotel is suspended
        hotels.put(HOTEL, new HotelInfo(HOTEL, "Hotel", "Bangkok", "THB", "Asia/Bangkok", "SUSPENDED", null));

        // When a booking's rooms are freed
        ledger.cancel(ledger.read(stay(1)), NOW, this::publish);

        // Then its nights are published, but show no rooms
        assertThat(published)
                .hasSize(2)
                .extracting(AvailabilityUpdate::getAvailable)
                .containsOnly(0);
    }

    @Test
    void shouldCountTheOverbookingAllowanceInWhatIsLeft() {
        // Given 3 rooms and an allowance of 1
        roomTypes.put(StoreKeys.roomType(HOTEL, "std"), roomType(1));

        // When 3 rooms are held
        ledger.hold(ledger.read(stay(3)), NOW, this::publish);

        // Then one more room still shows, and the update carries the allowance
        assertThat(lastUpdate().getAvailable()).isEqualTo(1);
        assertThat(lastUpdate().getOverbookingAllowance()).isEqualTo(1);
    }

    private Stay stay(int quantity) {
        return new Stay(HOTEL, "std", IN, OUT, quantity);
    }

    private void publish(String key, AvailabilityUpdate update) {
        publishedKeys.add(key);
        published.add(update);
    }

    private AvailabilityUpdate lastUpdate() {
        return published.get(published.size() - 1);
    }

    private NightInventory night(LocalDate date) {
        return nights.get(StoreKeys.night(HOTEL, "std", date));
    }

    private void offer(LocalDate date, int allotment) {
        nights.put(StoreKeys.night(HOTEL, "std", date), catalogNight(allotment).build());
    }

    private static NightInventory.Builder catalogNight(int allotment) {
        return NightInventory.newBuilder()
                .setAllotment(allotment)
                .setPriceMinor(100_000)
                .setFromCatalog(true);
    }

    private static RoomTypeInfo roomType(int overbookingAllowance) {
        return RoomTypeInfo.newBuilder()
                .setHotelId(HOTEL)
                .setRoomTypeId("std")
                .setName("Standard")
                .setCapacity(2)
                .setTotalRooms(3)
                .setBasePriceMinor(100_000)
                .setOverbookingAllowance(overbookingAllowance)
                .build();
    }

    /** A Kafka Streams in-memory store with its serdes, as the processors see one, without a changelog. */
    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.open(context, name, values);
    }
}
