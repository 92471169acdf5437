package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.streams.lifecycle.ProcessingErrorHandler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A guest's name, email and phone never reach a log: the logs of a whole journey through the topology,
 * of a broken command sent to the dead-letter topic and of a processing failure are read back (the test
 * logger writes to standard error) and searched for them.
 */
class GuestPrivacyTest {

    private static final String HOTEL = "bkk-privacy";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final String EMAIL = "private.person@example.com";
    private static final String NAME = "Private Person";
    private static final String PHONE = "+66 81 555 0199";
    private static final GuestDetails GUEST = new GuestDetails(NAME, EMAIL, PHONE, 1, 0, "Allergic to feathers");

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stderr;
    private TopologyFixture fx;

    @BeforeEach
    void captureLogs() {
        stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", IN, IN.plusDays(3), 5, 150_000);
    }

    @AfterEach
    void restore() {
        fx.close();
        System.setErr(stderr);
    }

    @Test
    void shouldLogNothingOfTheGuestOnAnyPathOfACommand() {
        // Given a journey with guest details: hold, confirm, correction, a repeat and a rejection
        String holdId = fx.send("r1", HOTEL, new PlaceHold("std", IN, IN.plusDays(2), 1, null, GUEST))
                .getHold()
                .getHoldId();
        String bookingId = fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        fx.send("r3", HOTEL, new CorrectGuestContact(bookingId, null, "new." + EMAIL, null));
        fx.send("r3", HOTEL, new CorrectGuestContact(bookingId, null, "new." + EMAIL, null));
        fx.send("r4", "guest-2", HOTEL, new CorrectGuestContact(bookingId, NAME, EMAIL, PHONE));

        // When a command carrying them cannot be read (dead-lettered) and a processing failure is handled
        fx.driver
                .createInputTopic(
                        fx.topics.commands().name(),
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(
                        HOTEL,
                        ("{\"guest\":{\"leadName\":\"" + NAME + "\",\"email\":\"" + EMAIL + "\"}}")
                                .getBytes(StandardCharsets.UTF_8));
        ReservationCommand command = ReservationCommand.newBuilder()
                .setRequestId("r5")
                .setFingerprint("fp")
                .setReplyTo("node-1")
                .setHotelId(HOTEL)
                .setPrincipal("guest-1")
                .setIssuedAt(Instant.EPOCH)
                .setCommand(new PlaceHold("std", IN, IN.plusDays(1), 1, null, GUEST))
                .build();
        new ProcessingErrorHandler()
                .handleError(context(), new Record<>(HOTEL, command, 0L), new IllegalStateException("boom"));

        // Then the logs name the coordinates of both, and nothing of the guest
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("Dead-lettering unreadable record").contains("Processing failed");
        assertThat(logs).doesNotContain(EMAIL, NAME, PHONE, "feathers", "private.person");
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "reservation-commands";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 7L;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "apply-reservation-command";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public long timestamp() {
                return 0L;
            }

            @Override
            public byte[] sourceRawKey() {
                return HOTEL.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return EMAIL.getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
