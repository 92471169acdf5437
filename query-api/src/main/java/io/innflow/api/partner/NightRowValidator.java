package io.innflow.api.partner;

import io.innflow.connectors.catalog.NightRow;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of one night row, shared by the CSV and JSON uploads: every field is read from text, and
 * every problem of a row is reported, not only the first.
 */
final class NightRowValidator {

    /** Columns of an upload, in CSV order. */
    static final List<String> COLUMNS = List.of(
            "room_type_id",
            "night",
            "allotment",
            "price_minor",
            "stop_sell",
            "min_los",
            "max_los",
            "closed_to_arrival",
            "closed_to_departure");

    static final int MAX_ALLOTMENT = 100_000;
    static final long MAX_PRICE_MINOR = 1_000_000_000_000L;
    static final int MAX_LENGTH_OF_STAY = 365;
    /** Nights may be set up to this many years ahead. */
    static final int YEARS_AHEAD = 3;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,19}");

    private final String hotelId;
    private final Map<String, RoomTypeRef> roomTypes;
    private final LocalDate earliest;
    private final LocalDate latest;

    /**
     * @param roomTypes the hotel's room types by id
     * @param today the current date; nights before yesterday are refused (time zones differ, a day of
     *     slack covers them)
     */
    NightRowValidator(String hotelId, Map<String, RoomTypeRef> roomTypes, LocalDate today) {
        this.hotelId = hotelId;
        this.roomTypes = roomTypes;
        this.earliest = today.minusDays(1);
        this.latest = today.plusYears(YEARS_AHEAD);
    }

    /** The outcome of one row: the row, or its errors. */
    record Result(NightRow row, List<String> errors) {
        boolean valid() {
            return errors.isEmpty();
        }
    }

    /** Validates the text of one row; {@code values} maps each column of {@link #COLUMNS} to its text (null or blank: empty). */
    Result validate(Map<String, String> values) {
        List<String> errors = new ArrayList<>();
        String roomTypeId = text(values, "room_type_id");
        RoomTypeRef roomType = null;
        if (roomTypeId.isEmpty()) {
            errors.add("room_type_id is required");
        } else if (!ID.matcher(roomTypeId).matches()) {
            errors.add("room_type_id '" + roomTypeId + "' must be 1-64 letters, digits, '.', '-' or '_'");
        } else {
            roomType = roomTypes.get(roomTypeId);
            if (roomType == null) {
                errors.add("room_type_id '" + roomTypeId + "' is not a room type of hotel " + hotelId
                        + " (its room types: "
                        + String.join(", ", roomTypes.keySet().stream().sorted().toList())
                        + ")");
            }
        }
        LocalDate night = night(text(values, "night"), errors);
        Long allotment = whole(values, "allotment", true, 0, MAX_ALLOTMENT, errors);
        if (allotment != null && roomType != null && allotment > roomType.totalRooms()) {
            errors.add("allotment " + allotment + " exceeds the " + roomType.totalRooms() + " rooms of room type "
                    + roomTypeId);
        }
        Long price = whole(values, "price_minor", true, 0, MAX_PRICE_MINOR, errors);
        Boolean stopSell = bool(values, "stop_sell", errors);
        Long minLos = whole(values, "min_los", false, 1, MAX_LENGTH_OF_STAY, errors);
        Long maxLos = whole(values, "max_los", false, 1, MAX_LENGTH_OF_STAY, errors);
        if (minLos != null && maxLos != null && minLos > maxLos) {
            errors.add("min_los " + minLos + " is greater than max_los " + maxLos);
        }
        Boolean cta = bool(values, "closed_to_arrival", errors);
        Boolean ctd = bool(values, "closed_to_departure", errors);
        if (!errors.isEmpty()) {
            return new Result(null, List.copyOf(errors));
        }
        return new Result(
                new NightRow(
                        roomTypeId,
                        night,
                        allotment.intValue(),
                        price,
                        stopSell,
                        minLos == null ? null : minLos.intValue(),
                        maxLos == null ? null : maxLos.intValue(),
                        cta,
                        ctd),
                List.of());
    }

    private LocalDate night(String raw, List<String> errors) {
        if (raw.isEmpty()) {
            errors.add("night is required (YYYY-MM-DD)");
            return null;
        }
        LocalDate night;
        try {
            night = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            errors.add("night '" + raw + "' is not a date (YYYY-MM-DD)");
            return null;
        }
        if (night.isBefore(earliest)) {
            errors.add("night " + night + " is in the past");
        } else if (night.isAfter(latest)) {
            errors.add("night " + night + " is more than " + YEARS_AHEAD + " years ahead");
        }
        return night;
    }

    private static Long whole(
            Map<String, String> values, String column, boolean required, long min, long max, List<String> errors) {
        String raw = text(values, column);
        if (raw.isEmpty()) {
            if (required) {
                errors.add(column + " is required");
            }
            return null;
        }
        if (!WHOLE.matcher(raw).matches()) {
            errors.add(column + " '" + raw + "' is not a whole number");
            return null;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            errors.add(column + " '" + raw + "' is too large");
            return null;
        }
        if (value < min) {
            errors.add(column + " " + value + (min == 0 ? " is negative" : " is less than " + min));
            return null;
        }
        if (value > max) {
            errors.add(column + " " + value + " is more than " + max);
            return null;
        }
        return value;
    }

    private static Boolean bool(Map<String, String> values, String column, List<String> errors) {
        String raw = text(values, column).toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "", "false", "0" -> false;
            case "true", "1" -> true;
            default -> {
                errors.add(column + " '" + raw + "' is not true or false");
                yield false;
            }
        };
    }

    private static String text(Map<String, String> values, String column) {
        String raw = values.get(column);
        return raw == null ? "" : raw.trim();
    }
}
