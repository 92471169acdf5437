package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of random commands, catalog changes, clock advances and duplicate requests against the
 * topology; after every step the invariants a hotel relies on are checked. Seeded and reproducible:
 * a failure names its seed and step. More seeds or steps: {@code -Dinnflow.invariants.seeds=20
 * -Dinnflow.invariants.steps=10000}.
 */
class ReservationInvariantsTest {

    private static final String HOTEL = "bkk-001";
    private static final String[] ROOM_TYPES = {"std", "dlx"};
    private static final LocalDate FIRST = LocalDate.of(2027, 1, 1);
    private static final int NIGHTS = 14;

    static LongStream seeds() {
        int count = Integer.getInteger("innflow.invariants.seeds", 4);
        return LongStream.range(0, count).map(i -> 0x5EED_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldKeepTheInvariantsUnderRandomCommands(long seed) {
        int steps = Integer.getInteger("innflow.invariants.steps", 2500);
        try (Run run = new Run(seed)) {
            for (int step = 0; step < steps; step++) {
                try {
                    run.step();
                    run.checkInvariants();
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(
                            "Invariant broken with seed " + seed + " at step " + step + " after " + run.lastAction
                                    + " (rerun: -Dinnflow.invariants.seeds=... this seed)",
                            e);
                }
            }
            assertThat(run.accepted).as("the run exercised successful commands").isGreaterThan(steps / 10);
        }
    }

    /** One random run over one hotel with two room types and two weeks of nights. */
    private static final class Run implements AutoCloseable {
        private final Random random;
        private final TopologyFixture fx = new TopologyFixture();
        private final List<String> holdIds = new ArrayList<>();
        private final List<String> bookingIds = new ArrayList<>();
        private final List<Sent> sent = new ArrayList<>();
        private final Set<String> reportedOverbooked = new HashSet<>();
        private Instant now = TopologyFixture.START;
        private int sequence;
        private int accepted;
        private String lastAction = "start";

        private record Sent(String requestId, SpecificRecord body, ReservationResult result) {}

        Run(long seed) {
            random = new Random(seed);
            fx.hotel(HOTEL);
            fx.roomType(HOTEL, "std", 4, 0, true);
            fx.roomType(HOTEL, "dlx", 2, 1, true);
            for (String type : ROOM_TYPES) {
                fx.nights(HOTEL, type, FIRST, FIRST.plusDays(NIGHTS), type.equals("std") ? 4 : 2, 100_000);
            }
        }

        void step() {
            int dice = random.nextInt(100);
            if (dice < 30) {
                send(new PlaceHold(roomType(), checkIn(), null, 1 + random.nextInt(3), 10 + random.nextInt(300), null));
            } else if (dice < 40) {
                send(new ReleaseHold(pick(holdIds)));
            } else if (dice < 55) {
                send(new ConfirmBooking(
                        pick(holdIds),
                        null,
                        TopologyFixture.pay(random.nextInt(10) == 0 ? "tok_decline" : "tok_visa"),
                        null));
            } else if (dice < 65) {
                send(new BookDirect(
                        roomType(),
                        checkIn(),
                        null,
                        1 + random.nextInt(2),
                        null,
                        TopologyFixture.pay("tok_visa"),
                        null));
            } else if (dice < 72) {
                send(new CancelBooking(pick(bookingIds)));
            } else if (dice < 80) {
                duplicate();
            } else if (dice < 88) {
                changeCatalog();
            } else {
                advance(Duration.ofSeconds(1 + random.nextInt(random.nextInt(20) == 0 ? 200_000 : 120)));
            }
        }

        private String roomType() {
            return ROOM_TYPES[random.nextInt(ROOM_TYPES.length)];
        }

        private LocalDate checkIn() {
            return FIRST.plusDays(random.nextInt(NIGHTS));
        }

        private String pick(List<String> ids) {
            return ids.isEmpty() || random.nextInt(20) == 0
                    ? "unknown-" + random.nextInt(3)
                    : ids.get(random.nextInt(ids.size()));
        }

        private void send(SpecificRecord body) {
            if (body instanceof PlaceHold h) {
                body = new PlaceHold(
                        h.getRoomTypeId(),
                        h.getCheckIn(),
                        stayEnd(h.getCheckIn()),
                        h.getQuantity(),
                        h.getHoldSeconds(),
                        null);
            } else if (body instanceof BookDirect b) {
                body = new BookDirect(
                        b.getRoomTypeId(),
                        b.getCheckIn(),
                        stayEnd(b.getCheckIn()),
                        b.getQuantity(),
                        null,
                        b.getPayment(),
                        null);
            }
            String requestId = "r" + sequence++;
            lastAction = body.getClass().getSimpleName() + " " + body;
            ReservationResult result = fx.send(requestId, HOTEL, body);
            sent.add(new Sent(requestId, body, result));
            if (result.getAccepted()) {
                accepted++;
                if (result.getHold() != null
                        && !holdIds.contains(result.getHold().getHoldId())) {
                    holdIds.add(result.getHold().getHoldId());
                }
                if (result.getBooking() != null
                        && !bookingIds.contains(result.getBooking().getBookingId())) {
                    bookingIds.add(result.getBooking().getBookingId());
                }
            }
            noteReports();
        }

        /** Some stays run past the catalog's last night, which must be refused. */
        private LocalDate stayEnd(LocalDate checkIn) {
            return checkIn.plusDays(1 + random.nextInt(4));
        }

        /** A retried request: same id, same body. It must answer the first result and change nothing. */
        private void duplicate() {
            if (sent.isEmpty()) {
                return;
            }
            Sent earlier = sent.get(random.nextInt(sent.size()));
            lastAction = "duplicate of " + earlier.requestId();
            Map<String, Object> before = snapshot();
            ReservationResult again = fx.send(earlier.requestId(), HOTEL, earlier.body());
            boolean forgotten =
                    Duration.between(earlier.result().getProcessedAt(), now).compareTo(fx.config.idempotencyRetention())
                            > 0;
            if (!forgotten) {
                assertThat(again).as("a retry answers the first result").isEqualTo(earlier.result());
                assertThat(snapshot()).as("a retry changes nothing").isEqualTo(before);
                assertThat(fx.events()).as("a retry emits nothing").isEmpty();
            }
            noteReports();
        }

        private void changeCatalog() {
            String type = roomType();
            LocalDate night = checkIn();
            int allotment = random.nextInt(5);
            boolean stopSell = random.nextInt(8) == 0;
            lastAction = "catalog " + type + " " + night + " allotment " + allotment + " stopSell " + stopSell;
            fx.night(HOTEL, type, night, allotment, 90_000 + random.nextInt(20_000), Map.of("stop_sell", stopSell));
            noteReports();
        }

        private void advance(Duration by) {
            lastAction = "advance " + by;
            now = now.plus(by);
            fx.advance(by);
            noteReports();
            for (Hold hold : holds().values()) {
                if (hold.getStatus() == HoldStatus.ACTIVE) {
                    assertThat(hold.getExpiresAt())
                            .as("hold %s is past due but active", hold.getHoldId())
                            .isAfter(now.minusSeconds(1));
                }
            }
        }

        private void noteReports() {
            for (ReservationEvent event : fx.events()) {
                if (event.getPayload() instanceof InventoryOverbooked report) {
                    reportedOverbooked.add(StoreKeys.night(HOTEL, report.getRoomTypeId(), report.getNight()));
                }
            }
            fx.availabilityUpdates();
        }

        void checkInvariants() {
            Map<String, Integer> held = new TreeMap<>();
            Map<String, Integer> sold = new TreeMap<>();
            for (Hold hold : holds().values()) {
                if (hold.getStatus() == HoldStatus.ACTIVE) {
                    add(held, hold.getRoomTypeId(), hold.getCheckIn(), hold.getCheckOut(), hold.getQuantity());
                }
            }
            for (Booking booking : bookings().values()) {
                if (booking.getStatus() != BookingStatus.CANCELLED) {
                    add(
                            sold,
                            booking.getRoomTypeId(),
                            booking.getCheckIn(),
                            booking.getCheckOut(),
                            booking.getQuantity());
                }
            }
            KeyValueStore<String, NightInventory> nights = fx.driver.getKeyValueStore(StoreNames.NIGHT_INVENTORY);
            KeyValueStore<String, RoomTypeInfo> types = fx.driver.getKeyValueStore(StoreNames.ROOM_TYPES);
            try (var it = nights.all()) {
                while (it.hasNext()) {
                    var entry = it.next();
                    NightInventory night = entry.value;
                    assertThat(night.getHeld())
                            .as("held of %s = active holds", entry.key)
                            .isEqualTo(held.getOrDefault(entry.key, 0));
                    assertThat(night.getSold())
                            .as("sold of %s = bookings", entry.key)
                            .isEqualTo(sold.getOrDefault(entry.key, 0));
                    String roomTypeId = entry.key.split("\\|")[1];
                    int ceiling = night.getAllotment()
                            + types.get(StoreKeys.roomType(HOTEL, roomTypeId)).getOverbookingAllowance();
                    if (night.getHeld() + night.getSold() > ceiling) {
                        assertThat(reportedOverbooked)
                                .as("%s is over its ceiling without a report", entry.key)
                                .contains(entry.key);
                    }
                    held.remove(entry.key);
                    sold.remove(entry.key);
                }
            }
            assertThat(held).as("holds on nights the store does not count").isEmpty();
            assertThat(sold).as("bookings on nights the store does not count").isEmpty();
        }

        private static void add(
                Map<String, Integer> counts, String roomTypeId, LocalDate in, LocalDate out, int quantity) {
            for (LocalDate d = in; d.isBefore(out); d = d.plusDays(1)) {
                counts.merge(StoreKeys.night(HOTEL, roomTypeId, d), quantity, Integer::sum);
            }
        }

        private Map<String, Hold> holds() {
            return all(StoreNames.HOLDS);
        }

        private Map<String, Booking> bookings() {
            return all(StoreNames.BOOKINGS);
        }

        private Map<String, Object> snapshot() {
            Map<String, Object> all = new HashMap<>();
            all.putAll(all(StoreNames.NIGHT_INVENTORY));
            holds().forEach((k, v) -> all.put("hold " + k, v));
            bookings().forEach((k, v) -> all.put("booking " + k, v));
            return all;
        }

        private <V> Map<String, V> all(String store) {
            Map<String, V> out = new TreeMap<>();
            KeyValueStore<String, V> kv = fx.driver.getKeyValueStore(store);
            try (var it = kv.all()) {
                it.forEachRemaining(e -> out.put(e.key, e.value));
            }
            return out;
        }

        @Override
        public void close() {
            fx.close();
        }
    }
}
