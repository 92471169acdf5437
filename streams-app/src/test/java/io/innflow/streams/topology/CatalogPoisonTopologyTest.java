package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.SerdeFactory;
import io.innflow.streams.inventory.StoreNames;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A catalog record that cannot be read stops only what it must: it is dead-lettered to {@code
 * catalog-dlq}; if its key names the row, new sales the lost change could concern are refused (409
 * CATALOG_INCOMPLETE) until a readable change of the same row arrives, and everything else goes on. A
 * transient failure is read again, never dead-lettered.
 */
class CatalogPoisonTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final String OTHER_HOTEL = "hkt-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final LocalDate POISONED_NIGHT = IN.plusDays(1);

    private TopologyFixture fx;

    private void open(TopologyFixture fixture) {
        fx = fixture;
        for (String hotel : List.of(HOTEL, OTHER_HOTEL)) {
            fx.hotel(hotel);
            for (String type : List.of("std", "dlx")) {
                fx.roomType(hotel, type, 5);
                fx.nights(hotel, type, IN, IN.plusDays(6), 5, 150_000);
            }
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldDeadLetterAnUnreadableNightAndRefuseOnlyTheStaysItConcernsUntilTheRowIsSentAgain() {
        open(new TopologyFixture());
        // Given a hold placed before the poison
        ReservationResult earlier = fx.placeHold("r0", HOTEL, "std", IN, IN.plusDays(3), 1);
        assertThat(earlier.getAccepted()).isTrue();
        Map<String, Object> night = nightRow(HOTEL, "std", POISONED_NIGHT, 3);
        byte[] key = fx.catalogKey(CatalogTable.ROOM_NIGHTS, night);
        byte[] value = "not avro at all".getBytes(StandardCharsets.UTF_8);

        // When a change of that night arrives that cannot be read (its key can)
        fx.catalogRaw(CatalogTable.ROOM_NIGHTS, key, value);

        // Then it is in catalog-dlq as it was, with where it came from
        List<TestRecord<byte[], byte[]>> dead = fx.catalogDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(dead.get(0).value()).isEqualTo(value);
        assertThat(header(dead.get(0).headers(), "__streams.errors.topic")).isEqualTo("catalog.public.room_nights");
        assertThat(header(dead.get(0).headers(), "__streams.errors.partition")).isEqualTo("0");
        assertThat(header(dead.get(0).headers(), "__streams.errors.offset")).isNotBlank();
        assertThat(header(dead.get(0).headers(), "__streams.errors.exception")).isNotBlank();
        // and new stays of that room type touching the night are refused
        assertThat(hold("r1", HOTEL, "std", IN, IN.plusDays(3)).getReason()).isEqualTo("CATALOG_INCOMPLETE");
        assertThat(fx.send("r2", HOTEL, direct("std", POISONED_NIGHT, POISONED_NIGHT.plusDays(1)))
                        .getReason())
                .isEqualTo("CATALOG_INCOMPLETE");
        assertThat(hold("r3", HOTEL, "std", IN, POISONED_NIGHT).getReason())
                .as("a departure on that night: the row also says whether departure is closed")
                .isEqualTo("CATALOG_INCOMPLETE");
        // while other nights, room types and hotels sell, and an existing hold is confirmed
        assertThat(hold("r4", HOTEL, "std", IN.plusDays(3), IN.plusDays(5)).getAccepted())
                .isTrue();
        assertThat(hold("r5", HOTEL, "dlx", IN, IN.plusDays(3)).getAccepted()).isTrue();
        assertThat(hold("r6", OTHER_HOTEL, "std", IN, IN.plusDays(3)).getAccepted())
                .isTrue();
        assertThat(fx.send(
                                "r7",
                                HOTEL,
                                new ConfirmBooking(
                                        earlier.getHold().getHoldId(),
                                        null,
                                        TopologyFixture.pay("tok_visa"),
                                        TopologyFixture.GUEST))
                        .getAccepted())
                .isTrue();
        KeyValueStore<String, UnreadableCatalogRow> blocks = fx.driver.getKeyValueStore(StoreNames.CATALOG_BLOCKS);
        assertThat(blocks.approximateNumEntries()).isEqualTo(1);

        // When the row is changed again in PostgreSQL (a readable change of the same row)
        fx.catalog(CatalogTable.ROOM_NIGHTS, night);

        // Then the night sells again, with the allotment the new change gives it
        ReservationResult after = hold("r8", HOTEL, "std", IN, IN.plusDays(3));
        assertThat(after.getAccepted()).isTrue();
        assertThat(fx.night(HOTEL, "std", POISONED_NIGHT).getAllotment()).isEqualTo(3);
        assertThat(blocks.approximateNumEntries()).isZero();
    }

    @Test
    void shouldRefuseTheWholeHotelForAHotelRowOfAnotherSchemaAndLiftItWithTheNextReadableRow() {
        open(new TopologyFixture());
        Map<String, Object> hotel = TopologyFixture.hotelRow(HOTEL);
        // A valid record of a registered schema that is no catalog row (written to the wrong topic)
        SpecificRecord other = new ReleaseHold("h-1");
        @SuppressWarnings("unchecked")
        Serde<SpecificRecord> serde =
                (Serde<SpecificRecord>) (Serde<?>) fx.serdes.factory().value(ReleaseHold.class);
        byte[] wrongSchema = serde.serializer()
                .serialize(fx.topics.catalog(CatalogTable.HOTELS).name(), other);

        fx.catalogRaw(CatalogTable.HOTELS, fx.catalogKey(CatalogTable.HOTELS, hotel), wrongSchema);

        assertThat(fx.catalogDeadLetters()).hasSize(1);
        assertThat(hold("r1", HOTEL, "dlx", IN.plusDays(4), IN.plusDays(5)).getReason())
                .isEqualTo("CATALOG_INCOMPLETE");
        assertThat(hold("r2", OTHER_HOTEL, "dlx", IN, IN.plusDays(2)).getAccepted())
                .isTrue();

        fx.catalog(CatalogTable.HOTELS, hotel);

        assertThat(hold("r3", HOTEL, "dlx", IN.plusDays(4), IN.plusDays(5)).getAccepted())
                .isTrue();
    }

    @Test
    void shouldBlockOnlyTheRoomTypeOfATruncatedRoomTypeRow() {
        open(new TopologyFixture());
        Map<String, Object> type = new HashMap<>();
        type.put("hotel_id", HOTEL);
        type.put("room_type_id", "std");
        byte[] whole = fx.serdes.catalogRow(
                fx.topics.catalog(CatalogTable.ROOM_NIGHTS).name(),
                CatalogTable.ROOM_NIGHTS,
                nightRow(HOTEL, "std", IN, 5));

        fx.catalogRaw(
                CatalogTable.ROOM_TYPES,
                fx.catalogKey(CatalogTable.ROOM_TYPES, type),
                Arrays.copyOf(whole, whole.length / 2));

        assertThat(fx.catalogDeadLetters()).hasSize(1);
        assertThat(hold("r1", HOTEL, "std", IN.plusDays(4), IN.plusDays(5)).getReason())
                .isEqualTo("CATALOG_INCOMPLETE");
        assertThat(hold("r2", HOTEL, "dlx", IN.plusDays(4), IN.plusDays(5)).getAccepted())
                .isTrue();
        assertThat(fx.send(
                                "r3",
                                HOTEL,
                                new ReleaseHold(hold("r4", HOTEL, "dlx", IN, IN.plusDays(1))
                                        .getHold()
                                        .getHoldId()))
                        .getAccepted())
                .as("releases go on")
                .isTrue();
    }

    @Test
    void shouldDeadLetterARecordWhoseKeyCannotBeReadEitherAndBlockNothing() {
        open(new TopologyFixture());
        byte[] key = "no key".getBytes(StandardCharsets.UTF_8);
        byte[] value = "no value".getBytes(StandardCharsets.UTF_8);

        fx.catalogRaw(CatalogTable.ROOM_NIGHTS, key, value);

        List<TestRecord<byte[], byte[]>> dead = fx.catalogDeadLetters();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).key()).isEqualTo(key);
        assertThat(dead.get(0).value()).isEqualTo(value);
        KeyValueStore<String, UnreadableCatalogRow> blocks = fx.driver.getKeyValueStore(StoreNames.CATALOG_BLOCKS);
        assertThat(blocks.approximateNumEntries()).isZero();
        assertThat(hold("r1", HOTEL, "std", IN, IN.plusDays(3)).getAccepted()).isTrue();
        fx.night(HOTEL, "std", IN.plusDays(5), 0, 150_000, Map.of());
        assertThat(fx.night(HOTEL, "std", IN.plusDays(5)).getAllotment())
                .as("the catalog goes on")
                .isZero();
    }

    @Test
    void shouldReadTheRecordAgainRatherThanDeadLetterItWhenTheRegistryCannotBeReached() {
        boolean[] registryDown = {false};
        open(new TopologyFixture(factory -> new SerdeFactory() {
            @Override
            public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
                return factory.value(type);
            }

            @Override
            public io.innflow.schemas.serde.RowDecoder catalogRows() {
                var rows = factory.catalogRows();
                return (topic, bytes) -> {
                    if (registryDown[0]) {
                        throw new SerializationException(
                                "Cannot fetch schema 12", new ConnectException("Connection refused"));
                    }
                    return rows.decode(topic, bytes);
                };
            }
        }));
        registryDown[0] = true;

        assertThatThrownBy(() -> fx.night(HOTEL, "std", POISONED_NIGHT, 0, 150_000, Map.of()))
                .as("the thread fails and is replaced; the record is read again from the last commit")
                .isInstanceOf(StreamsException.class)
                .hasStackTraceContaining("Connection refused");
        assertThat(fx.catalogDeadLetters()).isEmpty();
        KeyValueStore<String, UnreadableCatalogRow> blocks = fx.driver.getKeyValueStore(StoreNames.CATALOG_BLOCKS);
        assertThat(blocks.approximateNumEntries()).isZero();
    }

    private ReservationResult hold(String requestId, String hotel, String type, LocalDate in, LocalDate out) {
        return fx.send(requestId, hotel, new PlaceHold(type, in, out, 1, null, TopologyFixture.GUEST));
    }

    private static BookDirect direct(String type, LocalDate in, LocalDate out) {
        return new BookDirect(type, in, out, 1, null, TopologyFixture.pay("tok_visa"), TopologyFixture.GUEST);
    }

    private static Map<String, Object> nightRow(String hotel, String type, LocalDate night, int allotment) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotel);
        row.put("room_type_id", type);
        row.put("night", (int) night.toEpochDay());
        row.put("allotment", allotment);
        row.put("price_minor", 150_000L);
        row.put("stop_sell", false);
        row.put("closed_to_arrival", false);
        row.put("closed_to_departure", false);
        return row;
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
