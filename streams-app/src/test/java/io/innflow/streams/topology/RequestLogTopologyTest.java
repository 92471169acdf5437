package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotency window remembers who sent each request, so the node shows its result to them only. */
class RequestLogTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 5, 150_000);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private RequestRecord stored(String requestId) {
        KeyValueStore<String, RequestRecord> requests = fx.driver.getKeyValueStore(StoreNames.REQUESTS);
        return requests.get(StoreKeys.request(HOTEL, requestId));
    }

    @Test
    void shouldRememberTheSenderOfARejectedRequestAsOfAnAcceptedOne() {
        ReservationResult rejected =
                fx.send("r-rejected", "guest:a", HOTEL, new PlaceHold("suite", IN, IN.plusDays(1), 1, null, null));
        ReservationResult accepted =
                fx.send("r-accepted", "guest:a", HOTEL, new PlaceHold("std", IN, IN.plusDays(1), 1, null, null));

        assertThat(rejected.getAccepted()).isFalse();
        assertThat(rejected.getHold())
                .as("a rejection carries no hold to tell its owner by")
                .isNull();
        assertThat(stored("r-rejected").getPrincipal()).isEqualTo("guest:a");
        assertThat(stored("r-rejected").getResult().getReason()).isEqualTo(rejected.getReason());
        assertThat(accepted.getAccepted()).isTrue();
        assertThat(stored("r-accepted").getPrincipal()).isEqualTo("guest:a");
    }
}
