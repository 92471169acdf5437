package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationCommand;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poison command is dead-lettered and processing goes on (catalog poison: CatalogPoisonTopologyTest).
 * (TopologyTestDriver does not forward the
 * handlers' dead-letter records; the record landing in {@code reservation-commands-dlq} with its
 * coordinates is checked on a real broker by HoldEndToEndIT in infra/embedded.)
 */
class DeadLetterTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", IN, IN.plusDays(3), 5, 150_000);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldSkipAnUnreadableCommandAndGoOn() {
        fx.driver
                .createInputTopic(
                        fx.topics.commands().name(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(HOTEL, "not avro at all".getBytes(StandardCharsets.UTF_8));

        assertThat(fx.results()).isEmpty();
        assertThat(fx.send("r1", HOTEL, new PlaceHold("std", IN, IN.plusDays(2), 1, null, null))
                        .getAccepted())
                .as("the next command is processed")
                .isTrue();
    }

    @Test
    void shouldSkipATruncatedCommandRatherThanReadItAgainForever() {
        ReservationCommand whole = ReservationCommand.newBuilder()
                .setRequestId("r0")
                .setFingerprint("fp")
                .setReplyTo("node-1")
                .setHotelId(HOTEL)
                .setPrincipal("guest-1")
                .setIssuedAt(TopologyFixture.START)
                .setCommand(new PlaceHold("std", IN, IN.plusDays(2), 1, null, null))
                .build();
        byte[] bytes = fx.topics
                .commands()
                .valueSerde()
                .serializer()
                .serialize(fx.topics.commands().name(), whole);

        // Half a command: the decoder runs out of bytes (an EOFException, which is an IOException but no
        // network failure), so it must be dead-lettered, not retried as a registry outage would be
        rawCommand(Arrays.copyOf(bytes, bytes.length / 2));

        assertThat(fx.results()).isEmpty();
        assertThat(fx.send("r1", HOTEL, new PlaceHold("std", IN, IN.plusDays(2), 1, null, null))
                        .getAccepted())
                .as("the next command is processed")
                .isTrue();
    }

    @Test
    void shouldSkipARecordOfAnotherSchemaInTheCommandsTopic() {
        // A valid, registered record that is not a ReservationCommand (a client wrote to the wrong topic)
        byte[] other = fx.serdes
                .factory()
                .value(ReleaseHold.class)
                .serializer()
                .serialize(fx.topics.commands().name(), new ReleaseHold("h-1"));

        rawCommand(other);

        assertThat(fx.results()).isEmpty();
        assertThat(fx.send("r1", HOTEL, new PlaceHold("std", IN, IN.plusDays(2), 1, null, null))
                        .getAccepted())
                .as("the next command is processed")
                .isTrue();
    }

    private void rawCommand(byte[] value) {
        fx.driver
                .createInputTopic(
                        fx.topics.commands().name(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(HOTEL, value);
    }
}
