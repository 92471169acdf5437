package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.FrontDeskAction;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.streams.guest.GuestKeys;
import io.innflow.streams.inventory.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The guest view: holds and bookings re-keyed by principal from the events, across hotels. */
class GuestViewTopologyTest {

    private static final String BKK = "bkk-001";
    private static final String CNX = "cnx-001";
    private static final String ALICE = "guest:alice";
    private static final String BOB = "guest:bob";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final LocalDate OUT = LocalDate.of(2027, 1, 13);

    private TopologyFixture fx;
    private int sequence;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        for (String hotel : new String[] {BKK, CNX}) {
            fx.hotel(hotel);
            fx.roomType(hotel, "std", 5);
            fx.nights(hotel, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 5, 150_000);
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldListAGuestsBookingsAtEveryHotelUnderTheirPrincipalOnly() {
        Booking atBkk = book(ALICE, BKK);
        Booking atCnx = book(ALICE, CNX);
        Booking bobs = book(BOB, BKK);

        assertThat(bookingsOf(ALICE))
                .containsOnlyKeys(
                        GuestKeys.of(ALICE, BKK, atBkk.getBookingId()), GuestKeys.of(ALICE, CNX, atCnx.getBookingId()))
                .containsValues(atBkk, atCnx);
        assertThat(bookingsOf(BOB)).containsOnlyKeys(GuestKeys.of(BOB, BKK, bobs.getBookingId()));
    }

    @Test
    void shouldKeepEachBookingAtItsLatestStatus() {
        Booking cancelled = book(ALICE, BKK);
        Booking checkedIn = book(ALICE, CNX);

        fx.send(next(), ALICE, BKK, new CancelBooking(cancelled.getBookingId()));
        fx.send(next(), "partner:p1", CNX, new FrontDeskTransition(checkedIn.getBookingId(), FrontDeskAction.CHECK_IN));

        Map<String, Booking> view = bookingsOf(ALICE);
        assertThat(view.get(GuestKeys.of(ALICE, BKK, cancelled.getBookingId())).getStatus())
                .isEqualTo(BookingStatus.CANCELLED);
        assertThat(view.get(GuestKeys.of(ALICE, CNX, checkedIn.getBookingId())).getStatus())
                .isEqualTo(BookingStatus.CHECKED_IN);
        assertThat(view.get(GuestKeys.of(ALICE, CNX, checkedIn.getBookingId())))
                .as("the view holds what the hotel's store holds")
                .isEqualTo(fx.driver
                        .<String, Booking>getKeyValueStore(StoreNames.BOOKINGS)
                        .get(CNX + "|" + checkedIn.getBookingId()));
    }

    @Test
    void shouldKeepOnlyActiveHolds() {
        Hold released = hold(ALICE, BKK, 300);
        Hold confirmed = hold(ALICE, CNX, 300);
        hold(ALICE, CNX, 30); // expires below
        Hold kept = hold(ALICE, BKK, 3600);
        assertThat(holdsOf(ALICE)).hasSize(4);

        fx.send(next(), ALICE, BKK, new ReleaseHold(released.getHoldId()));
        Booking booking = fx.send(
                        next(),
                        ALICE,
                        CNX,
                        new ConfirmBooking(
                                confirmed.getHoldId(), null, TopologyFixture.pay("tok_visa"), TopologyFixture.GUEST))
                .getBooking();
        fx.advance(Duration.ofSeconds(61));

        assertThat(holdsOf(ALICE)).containsOnlyKeys(GuestKeys.of(ALICE, BKK, kept.getHoldId()));
        assertThat(bookingsOf(ALICE)).containsOnlyKeys(GuestKeys.of(ALICE, CNX, booking.getBookingId()));
    }

    @Test
    void shouldGoOnPastARecordInTheEventsTopicThatIsNoEvent() {
        // Someone else wrote to reservation-events (only the topology does): the view dead-letters it
        // and keeps up, instead of stopping the node's stream thread
        fx.driver
                .createInputTopic(
                        fx.topics.events().name(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(BKK, "not an event".getBytes(StandardCharsets.UTF_8));

        Hold after = hold(ALICE, BKK, 300);

        assertThat(holdsOf(ALICE)).containsOnlyKeys(GuestKeys.of(ALICE, BKK, after.getHoldId()));
    }

    @Test
    void shouldLeaveOutHoldsMadeWithoutAPrincipal() {
        fx.sendHold(next(), "fp", BKK, "std", IN, OUT, 1);

        assertThat(fx.results()).singleElement().satisfies(r -> assertThat(r.getAccepted())
                .isTrue());
        assertThat(all(StoreNames.GUEST_HOLDS)).isEmpty();
    }

    @Test
    void shouldNotMixAPrincipalWithALongerOneThatStartsTheSame() {
        book("guest:auth0", BKK);
        Booking longer = book("guest:auth0|123", BKK);

        assertThat(bookingsOf("guest:auth0|123"))
                .containsOnlyKeys(GuestKeys.of("guest:auth0|123", BKK, longer.getBookingId()));
        assertThat(bookingsOf("guest:auth0")).hasSize(1);
    }

    private Booking book(String principal, String hotel) {
        return fx.send(
                        next(),
                        principal,
                        hotel,
                        new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), TopologyFixture.GUEST))
                .getBooking();
    }

    private Hold hold(String principal, String hotel, int seconds) {
        return fx.send(next(), principal, hotel, new PlaceHold("std", IN, OUT, 1, seconds, null))
                .getHold();
    }

    private String next() {
        return "r" + sequence++;
    }

    private Map<String, Booking> bookingsOf(String principal) {
        return this.<Booking>range(StoreNames.GUEST_BOOKINGS, principal).entrySet().stream()
                .filter(e -> principal.equals(e.getValue().getPrincipal()))
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    }

    private Map<String, Hold> holdsOf(String principal) {
        return this.<Hold>range(StoreNames.GUEST_HOLDS, principal).entrySet().stream()
                .filter(e -> principal.equals(e.getValue().getPrincipal()))
                .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    }

    private <V> Map<String, V> range(String store, String principal) {
        Map<String, V> out = new TreeMap<>();
        KeyValueStore<String, V> kv = fx.driver.getKeyValueStore(store);
        try (var it = kv.range(GuestKeys.from(principal), GuestKeys.to(principal))) {
            it.forEachRemaining(e -> out.put(e.key, e.value));
        }
        return out;
    }

    private <V> Map<String, V> all(String store) {
        Map<String, V> out = new TreeMap<>();
        KeyValueStore<String, V> kv = fx.driver.getKeyValueStore(store);
        try (var it = kv.all()) {
            it.forEachRemaining(e -> out.put(e.key, e.value));
        }
        return out;
    }
}
