package io.innflow.schemas.serde;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Debezium change record of one catalog table (unwrapped to the row by
 * ExtractNewRecordState, deletes rewritten with {@code __deleted=true}) into a {@link
 * CatalogChange}. Tombstones (null values) read as null and are skipped by the topology. A row that
 * lacks a required column fails deserialisation, so it lands in the dead-letter topic.
 */
public final class CatalogChangeDeserializer implements Deserializer<CatalogChange> {

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
            return new CatalogChange(deleted, value);
        } catch (RuntimeException e) {
            throw new SerializationException(
                    "Catalog row of " + table.tableName() + " from " + topic + " is not usable: " + e.getMessage(), e);
        }
    }

    private static HotelInfo hotel(Map<String, Object> row) {
        return new HotelInfo(
                text(row, "hotel_id"),
                textOr(row, "name", ""),
                textOr(row, "city", ""),
                textOr(row, "currency", "THB").trim(),
                textOr(row, "time_zone", "Asia/Bangkok"),
                textOr(row, "status", "APPROVED"),
                ContentColumns.hotel(row));
    }

    private static RoomTypeInfo roomType(Map<String, Object> row) {
        return new RoomTypeInfo(
                text(row, "hotel_id"),
                text(row, "room_type_id"),
                (String) row.get("code"),
                textOr(row, "name", ""),
                intOr(row, "capacity", 0),
                intOr(row, "total_rooms", 0),
                longOr(row, "base_price_minor", 0),
                intOr(row, "overbooking_allowance", 0),
                !Boolean.FALSE.equals(row.get("active")),
                ContentColumns.roomType(row));
    }

    private static RoomNightRow roomNight(Map<String, Object> row) {
        return new RoomNightRow(
                text(row, "hotel_id"),
                text(row, "room_type_id"),
                LocalDate.ofEpochDay(number(row, "night").longValue()),
                intOr(row, "allotment", 0),
                longOr(row, "price_minor", 0),
                Boolean.TRUE.equals(row.get("stop_sell")),
                nullableInt(row, "min_los"),
                nullableInt(row, "max_los"),
                Boolean.TRUE.equals(row.get("closed_to_arrival")),
                Boolean.TRUE.equals(row.get("closed_to_departure")));
    }

    private static String text(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("missing column " + column);
        }
        return v.toString();
    }

    private static String textOr(Map<String, Object> row, String column, String fallback) {
        Object v = row.get(column);
        return v == null ? fallback : v.toString();
    }

    private static Number number(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("column " + column + " is not a number: " + v);
    }

    private static int intOr(Map<String, Object> row, String column, int fallback) {
        return row.get(column) == null ? fallback : number(row, column).intValue();
    }

    private static long longOr(Map<String, Object> row, String column, long fallback) {
        return row.get(column) == null ? fallback : number(row, column).longValue();
    }

    private static Integer nullableInt(Map<String, Object> row, String column) {
        return row.get(column) == null ? null : number(row, column).intValue();
    }
}
