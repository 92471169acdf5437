package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.config.ReliabilitySettings;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backlog of due work after an outage (holds to expire, requests to forget) is spread over several
 * punctuations, each doing at most the configured amount, so no transaction outlasts the poll
 * interval; expiry stays in {@code expiresAt} order and everything is done in the end.
 */
class BoundedPunctuationTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final int PER_RUN = 10;
    private static final int BACKLOG = 25;

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture(
                TopologySettings.from(Map.of("innflow.idempotency.retention", "PT1H")),
                ReliabilitySettings.from(Map.of(
                        "innflow.reliability.expire-holds-per-run", Integer.toString(PER_RUN),
                        "innflow.reliability.forget-requests-per-run", Integer.toString(PER_RUN))));
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 100);
        fx.nights(HOTEL, "std", IN, IN.plusDays(1), 100, 150_000);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldExpireABacklogOfHoldsOverSeveralBoundedRunsEarliestExpiryFirst() {
        // Given 25 holds, each placed asking for a second less than the one before, so the last
        // placed expires first
        List<Instant> expiries = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            ReservationResult placed = fx.send("r" + i, HOTEL, hold(600 - i));
            assertThat(placed.getAccepted()).isTrue();
            expiries.add(placed.getHold().getExpiresAt());
        }
        expiries.sort(Comparator.naturalOrder());
        fx.events();

        // When the node comes back an hour later, every hold overdue: one run, then the next ones
        fx.advance(Duration.ofHours(1));
        List<Instant> first = expiredAt(fx.events());
        int heldAfterFirst = fx.night(HOTEL, "std", IN).getHeld();
        fx.advance(Duration.ofMillis(250));
        List<Instant> second = expiredAt(fx.events());
        fx.advance(Duration.ofMillis(250));
        List<Instant> third = expiredAt(fx.events());
        fx.advance(Duration.ofMillis(250));
        List<Instant> fourth = expiredAt(fx.events());

        // Then each run expires at most 10, earliest expiresAt first, until none is left
        assertThat(first).as("first run").containsExactlyElementsOf(expiries.subList(0, 10));
        assertThat(heldAfterFirst).as("rooms still held after the first run").isEqualTo(15);
        assertThat(second).as("second run").containsExactlyElementsOf(expiries.subList(10, 20));
        assertThat(third).as("third run").containsExactlyElementsOf(expiries.subList(20, 25));
        assertThat(fourth).as("nothing left").isEmpty();
        assertThat(fx.night(HOTEL, "std", IN).getHeld()).isZero();
    }

    @Test
    void shouldForgetABacklogOfRequestsOverSeveralBoundedRuns() {
        // Given 25 requests remembered at the start
        for (int i = 0; i < BACKLOG; i++) {
            fx.send("release-" + i, HOTEL, new ReleaseHold("no-such-hold-" + i));
        }
        assertThat(rememberedRequests()).isEqualTo(BACKLOG);

        // When the node comes back two hours later (the window is one hour), then runs again each second
        fx.advance(Duration.ofHours(2));
        long afterFirst = rememberedRequests();
        fx.advance(Duration.ofSeconds(1));
        long afterSecond = rememberedRequests();
        fx.advance(Duration.ofSeconds(1));
        long afterThird = rememberedRequests();

        // Then each run forgets at most 10, until all are forgotten
        assertThat(List.of(afterFirst, afterSecond, afterThird)).containsExactly(15L, 5L, 0L);
    }

    private static PlaceHold hold(int holdSeconds) {
        return PlaceHold.newBuilder()
                .setRoomTypeId("std")
                .setCheckIn(IN)
                .setCheckOut(IN.plusDays(1))
                .setQuantity(1)
                .setHoldSeconds(holdSeconds)
                .build();
    }

    private static List<Instant> expiredAt(List<ReservationEvent> events) {
        return events.stream()
                .filter(e -> e.getPayload() instanceof HoldExpired)
                .map(e -> ((HoldExpired) e.getPayload()).getHold().getExpiresAt())
                .toList();
    }

    private long rememberedRequests() {
        KeyValueStore<String, Object> requests = fx.driver.getKeyValueStore(StoreNames.REQUESTS);
        long n = 0;
        try (var it = requests.all()) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }
}
