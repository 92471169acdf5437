package io.innflow.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class StructToJsonTest {

    private static final Schema NIGHT = SchemaBuilder.struct()
            .name("NightPrice")
            .field("night", Date.SCHEMA)
            .field("priceMinor", Schema.INT64_SCHEMA)
            .build();
    private static final Schema BOOKING = SchemaBuilder.struct()
            .name("Booking")
            .field("bookingId", Schema.STRING_SCHEMA)
            .field("holdId", Schema.OPTIONAL_STRING_SCHEMA)
            .field("nights", SchemaBuilder.array(NIGHT).build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema CONFIRMED = SchemaBuilder.struct()
            .name("BookingConfirmed")
            .optional()
            .field("booking", BOOKING)
            .build();
    private static final Schema HOLD_PLACED = SchemaBuilder.struct()
            .name("HoldPlaced")
            .optional()
            .field("holdId", Schema.STRING_SCHEMA)
            .build();
    // How an Avro converter presents a union of records: a struct with one optional field per branch.
    private static final Schema UNION = SchemaBuilder.struct()
            .name("Union")
            .field("HoldPlaced", HOLD_PLACED)
            .field("BookingConfirmed", CONFIRMED)
            .build();
    private static final Schema EVENT = SchemaBuilder.struct()
            .name("ReservationEvent")
            .field("eventId", Schema.STRING_SCHEMA)
            .field("occurredAt", Timestamp.SCHEMA)
            .field("payload", UNION)
            .build();

    @Test
    void shouldRenderAUnionAsItsOneBranchWithDatesAndNightsAsJson() {
        // Given
        Struct booking = new Struct(BOOKING)
                .put("bookingId", "b-1")
                .put("nights", List.of(night("2027-03-01", 12_000), night("2027-03-02", 13_500)))
                .put("note", "say \"hi\"\n");
        Struct event = new Struct(EVENT)
                .put("eventId", "e-1")
                .put("occurredAt", java.util.Date.from(Instant.parse("2027-01-05T10:15:30.250Z")))
                .put(
                        "payload",
                        new Struct(UNION).put("BookingConfirmed", new Struct(CONFIRMED).put("booking", booking)));

        // When
        SinkRecord out = transform("payload").apply(record(event));

        // Then
        Struct value = (Struct) out.value();
        assertThat(value.getString("payload"))
                .isEqualTo("{\"BookingConfirmed\":{\"booking\":{\"bookingId\":\"b-1\",\"nights\":["
                        + "{\"night\":\"2027-03-01\",\"priceMinor\":12000},{\"night\":\"2027-03-02\",\"priceMinor\":13500}],"
                        + "\"note\":\"say \\\"hi\\\"\\n\"}}}");
        assertThat(value.getString("eventId")).isEqualTo("e-1");
        assertThat(value.get("occurredAt")).isEqualTo(event.get("occurredAt"));
    }

    @Test
    void shouldMarkTheNewFieldAsJsonbForTheJdbcSink() {
        // Given
        Struct event = new Struct(EVENT)
                .put("eventId", "e-2")
                .put("occurredAt", new java.util.Date(0))
                .put("payload", new Struct(UNION).put("HoldPlaced", new Struct(HOLD_PLACED).put("holdId", "h-1")));

        // When
        SinkRecord out = transform("payload").apply(record(event));

        // Then
        Schema payload = out.valueSchema().field("payload").schema();
        assertThat(payload.type()).isEqualTo(Schema.Type.STRING);
        assertThat(payload.name()).isEqualTo("io.debezium.data.Json");
        assertThat(payload.parameters()).isEqualTo(Map.of("__debezium.source.column.type", "JSONB"));
        assertThat(((Struct) out.value()).getString("payload")).isEqualTo("{\"HoldPlaced\":{\"holdId\":\"h-1\"}}");
        assertThat(out.key()).isEqualTo("hotel-1");
    }

    @Test
    void shouldLeaveOutTheOmittedFieldsAtAnyDepth() {
        // Given a booking whose note stands for a guest's contact details
        Struct booking = new Struct(BOOKING)
                .put("bookingId", "b-2")
                .put("nights", List.of(night("2027-03-01", 12_000)))
                .put("note", "ada@example.com");
        Struct event = new Struct(EVENT)
                .put("eventId", "e-4")
                .put("occurredAt", new java.util.Date(0))
                .put(
                        "payload",
                        new Struct(UNION).put("BookingConfirmed", new Struct(CONFIRMED).put("booking", booking)));
        StructToJson<SinkRecord> transform = new StructToJson<>();
        transform.configure(Map.of("fields", "payload", "omit", "note,holdId"));

        // When
        SinkRecord out = transform.apply(record(event));

        // Then
        assertThat(((Struct) out.value()).getString("payload"))
                .isEqualTo("{\"BookingConfirmed\":{\"booking\":{\"bookingId\":\"b-2\",\"nights\":["
                        + "{\"night\":\"2027-03-01\",\"priceMinor\":12000}]}}}");
    }

    @Test
    void shouldRefuseAFieldTheValueDoesNotHave() {
        Struct event = new Struct(EVENT)
                .put("eventId", "e-3")
                .put("occurredAt", new java.util.Date(0))
                .put("payload", new Struct(UNION).put("HoldPlaced", new Struct(HOLD_PLACED).put("holdId", "h-1")));

        assertThatThrownBy(() -> transform("body").apply(record(event)))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("no field 'body'");
    }

    private static Struct night(String night, long price) {
        return new Struct(NIGHT)
                .put(
                        "night",
                        java.util.Date.from(
                                LocalDate.parse(night).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)))
                .put("priceMinor", price);
    }

    private static StructToJson<SinkRecord> transform(String fields) {
        StructToJson<SinkRecord> transform = new StructToJson<>();
        transform.configure(Map.of("fields", fields));
        return transform;
    }

    private static SinkRecord record(Struct value) {
        return new SinkRecord("reservation-events", 0, Schema.STRING_SCHEMA, "hotel-1", value.schema(), value, 42L);
    }
}
