package io.innflow.schemas.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.Photo;
import io.innflow.schemas.catalog.RoomTypeContent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the content columns of {@code hotels} and {@code room_types} (migration V40). A row without
 * any of them was written before the migration and has no content (null). A row with some of them
 * but not all, or with a NOT NULL column (amenities, photos, free_cancellation) empty, is broken and
 * fails: it never reads as a default.
 */
final class ContentColumns {

    static final List<String> HOTEL = List.of(
            "description",
            "star_rating",
            "address",
            "latitude",
            "longitude",
            "amenities",
            "photos",
            "check_in_time",
            "check_out_time",
            "cancellation_policy",
            "free_cancellation");

    static final List<String> ROOM_TYPE = List.of("description", "bed_type", "size_m2", "amenities", "photos");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentColumns() {}

    static HotelContent hotel(Map<String, Object> row) {
        if (!present(row, HOTEL)) {
            return null;
        }
        return new HotelContent(
                nullableText(row, "description"),
                nullableInt(row, "star_rating"),
                nullableText(row, "address"),
                nullableDouble(row, "latitude"),
                nullableDouble(row, "longitude"),
                texts(row, "amenities"),
                photos(row, "photos"),
                nullableText(row, "check_in_time"),
                nullableText(row, "check_out_time"),
                nullableText(row, "cancellation_policy"),
                requiredBoolean(row, "free_cancellation"));
    }

    static RoomTypeContent roomType(Map<String, Object> row) {
        if (!present(row, ROOM_TYPE)) {
            return null;
        }
        return new RoomTypeContent(
                nullableText(row, "description"),
                nullableText(row, "bed_type"),
                nullableInt(row, "size_m2"),
                texts(row, "amenities"),
                photos(row, "photos"));
    }

    /** True when every column is in the row, false when none is; throws when only some are. */
    private static boolean present(Map<String, Object> row, List<String> columns) {
        List<String> missing = columns.stream().filter(c -> !row.containsKey(c)).toList();
        if (missing.isEmpty()) {
            return true;
        }
        if (missing.size() == columns.size()) {
            return false;
        }
        throw new IllegalArgumentException("missing content column(s) " + missing);
    }

    private static String nullableText(Map<String, Object> row, String column) {
        Object v = row.get(column);
        return v == null ? null : v.toString();
    }

    private static Integer nullableInt(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("column " + column + " is not a number: " + v);
    }

    private static Double nullableDouble(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("column " + column + " is not a number: " + v);
    }

    private static boolean requiredBoolean(Map<String, Object> row, String column) {
        if (row.get(column) instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("column " + column + " must be true or false: " + row.get(column));
    }

    private static List<String> texts(Map<String, Object> row, String column) {
        if (!(row.get(column) instanceof List<?> values)) {
            throw new IllegalArgumentException("column " + column + " must be an array: " + row.get(column));
        }
        List<String> out = new ArrayList<>(values.size());
        for (Object value : values) {
            if (value == null) {
                throw new IllegalArgumentException("column " + column + " holds an empty element");
            }
            out.add(value.toString());
        }
        return out;
    }

    private static List<Photo> photos(Map<String, Object> row, String column) {
        Object v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("missing column " + column);
        }
        JsonNode array;
        try {
            array = JSON.readTree(v.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("column " + column + " is not JSON", e);
        }
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("column " + column + " is not a JSON array");
        }
        List<Photo> out = new ArrayList<>(array.size());
        for (JsonNode photo : array) {
            JsonNode url = photo.get("url");
            if (url == null || !url.isTextual()) {
                throw new IllegalArgumentException("a photo of column " + column + " has no url");
            }
            JsonNode caption = photo.get("caption");
            out.add(new Photo(url.asText(), caption == null || caption.isNull() ? null : caption.asText()));
        }
        return out;
    }
}
