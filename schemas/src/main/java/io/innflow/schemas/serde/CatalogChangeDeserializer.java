package io.innflow.schemas.serde;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Debezium change record of one catalog table (unwrapped to the row by
 * ExtractNewRecordState, deletes rewritten with {@code __deleted=true}) into a {@link
 * CatalogChange}, with the commit time the connector adds. Tombstones (null values) read as null and are skipped by the topology.
 *
 * <p>Fails closed: a row that lacks a column the topology reads, or carries null or a value of the
 * wrong type where the table declares NOT NULL, fails deserialisation instead of taking a default (a
 * missing {@code status} must not read as an approved hotel, nor a missing {@code active} as an active
 * room type). The topology never skips such a record silently: it is dead-lettered and the sales its
 * row could concern are refused until the row is sent again (see docs/reliability.md). Columns the topology does not read are ignored, so new optional columns
 * (hotel content) pass.
 */
public final class CatalogChangeDeserializer implements Deserializer<CatalogChange> {

    /** The column the catalog connector adds with PostgreSQL's commit time in milliseconds. */
    public static final String SOURCE_TS_MS = "__source_ts_ms";

    private final CatalogTable table;
    private final RowDecoder rows;

    public CatalogChangeDeserializer(CatalogTable table, RowDecoder rows) {
        this.table = table;
        this.rows = rows;
    }

    @Override
    public CatalogChange deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Map<String, Object> row = rows.decode(topic, data);
        try {
            boolean deleted = "true".equalsIgnoreCase(String.valueOf(row.get("__deleted")));
            Object value =
                    switch (table) {
                        case HOTELS -> hotel(row);
                        case ROOM_TYPES -> roomType(row);
                        case ROOM_NIGHTS -> roomNight(row);
                    };
            return CatalogChange.newBuilder()
                    .setDeleted(deleted)
                    .setRow(value)
                    .setCommittedAt(committedAt(row))
                    .build();
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Catalog row of " + table.tableName() + " from " + topic + " is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * The commit time the connector adds to the row ({@code transforms.unwrap.add.fields=source.ts_ms});
     * not a column of the table, so a row without it (or with something else in it) is still applied.
     */
    private static Instant committedAt(Map<String, Object> row) {
        return row.get(SOURCE_TS_MS) instanceof Number ms && ms.longValue() > 0
                ? Instant.ofEpochMilli(ms.longValue())
                : null;
    }

    private static HotelInfo hotel(Map<String, Object> row) {
        return new HotelInfo(
                text(row, "hotel_id"),
                text(row, "name"),
                text(row, "city"),
                text(row, "currency").trim(),
                text(row, "time_zone"),
                text(row, "status"),
                ContentColumns.hotel(row));
    }

    private static RoomTypeInfo roomType(Map<String, Object> row) {
        return new RoomTypeInfo(
                text(row, "hotel_id"),
                text(row, "room_type_id"),
                text(row, "code"),
                text(row, "name"),
                number(row, "capacity").intValue(),
                number(row, "total_rooms").intValue(),
                number(row, "base_price_minor").longValue(),
                number(row, "overbooking_allowance").intValue(),
                bool(row, "active"),
                ContentColumns.roomType(row));
    }

    private static RoomNightRow roomNight(Map<String, Object> row) {
        return new RoomNightRow(
                text(row, "hotel_id"),
                text(row, "room_type_id"),
                LocalDate.ofEpochDay(number(row, "night").longValue()),
                number(row, "allotment").intValue(),
                number(row, "price_minor").longValue(),
                bool(row, "stop_sell"),
                nullableInt(row, "min_los"),
                nullableInt(row, "max_los"),
                bool(row, "closed_to_arrival"),
                bool(row, "closed_to_departure"));
    }

    /** The value of a column the table declares NOT NULL: a row without it is refused, never defaulted. */
    private static Object required(Map<String, Object> row, String column) {
        if (!row.containsKey(column)) {
            throw new IllegalArgumentException("missing column " + column);
        }
        Object v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("column " + column + " is null");
        }
        return v;
    }

    private static String text(Map<String, Object> row, String column) {
        return required(row, column).toString();
    }

    private static Number number(Map<String, Object> row, String column) {
        Object v = required(row, column);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("column " + column + " is not a number: " + v);
    }

    private static boolean bool(Map<String, Object> row, String column) {
        Object v = required(row, column);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("column " + column + " is not a boolean: " + v);
    }

    /** A nullable column: it must be in the row (the table has it), its value may be null. */
    private static Integer nullableInt(Map<String, Object> row, String column) {
        if (!row.containsKey(column)) {
            throw new IllegalArgumentException("missing column " + column);
        }
        return row.get(column) == null ? null : number(row, column).intValue();
    }
}
