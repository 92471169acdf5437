package io.innflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schemas evolve under BACKWARD compatibility: the current schema of every topic value and store
 * value must read data written with the released one (src/test/resources/schema-baseline). When a
 * change is released, copy the new .avsc files over the baseline.
 */
class SchemaCompatibilityTest {

    private static final List<String> BASELINE_FILES = List.of(
            "common.avsc",
            "hold.avsc",
            "booking.avsc",
            "command.avsc",
            "result.avsc",
            "event.avsc",
            "inventory.avsc",
            "offer.avsc",
            "availability.avsc",
            "catalog.avsc");

    static Stream<Schema> currentSchemas() {
        return Stream.of(
                ReservationCommand.getClassSchema(),
                ReservationResult.getClassSchema(),
                ReservationEvent.getClassSchema(),
                AvailabilityUpdate.getClassSchema(),
                NightInventory.getClassSchema(),
                NightOffer.getClassSchema(),
                Hold.getClassSchema(),
                Booking.getClassSchema(),
                RequestRecord.getClassSchema(),
                CatalogChange.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void shouldReadDataWrittenWithTheReleasedSchema(Schema current) throws IOException {
        Schema released = baseline().getTypes().get(current.getFullName());
        if (released == null) {
            return; // a new type has no released data to read
        }

        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, released);

        assertThat(result.getType())
                .as("%s: %s", current.getFullName(), result.getDescription())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema.Parser baseline() throws IOException {
        Schema.Parser parser = new Schema.Parser();
        for (String file : BASELINE_FILES) {
            try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/schema-baseline/" + file)) {
                parser.parse(in);
            }
        }
        return parser;
    }
}
