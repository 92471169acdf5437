package io.innflow.api.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.innflow.api.http.ApiException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Body of {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/nights}: set some values on
 * every night of [from, to) that falls on one of {@code daysOfWeek} (all days when absent).
 *
 * <pre>{"from": "2027-01-01", "to": "2027-04-01", "daysOfWeek": ["FRI", "SAT"],
 *  "set": {"priceMinor": 250000, "minLos": 2}}</pre>
 *
 * @param from first night
 * @param to the night after the last (exclusive, like a check-out date)
 * @param daysOfWeek {@code MON}..{@code SUN} (or full English names); absent or empty: every day
 * @param set the values to set: any of allotment, priceMinor, stopSell, minLos, maxLos,
 *     closedToArrival, closedToDeparture; minLos and maxLos may be null to remove the restriction
 */
public record NightsRequest(LocalDate from, LocalDate to, List<String> daysOfWeek, ObjectNode set) {

    /** The most nights one call may cover. */
    static final int MAX_NIGHTS = 731;

    private static final List<String> FIELDS =
            List.of("allotment", "priceMinor", "stopSell", "minLos", "maxLos", "closedToArrival", "closedToDeparture");

    /** The validated request: its nights and the values to set (a null minLos/maxLos clears it). */
    record Change(List<LocalDate> nights, Set<DayOfWeek> days, Map<String, Object> values) {

        boolean sets(String field) {
            return values.containsKey(field);
        }

        Object value(String field) {
            return values.get(field);
        }
    }

    Change validated() {
        if (from == null || to == null) {
            throw ApiException.badRequest("from and to are required (ISO dates; to is exclusive)");
        }
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("to must be after from (to is exclusive, like a check-out date)");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_NIGHTS) {
            throw ApiException.badRequest("One call may cover at most " + MAX_NIGHTS + " nights");
        }
        Set<DayOfWeek> days = days();
        List<LocalDate> nights = new ArrayList<>();
        for (LocalDate night = from; night.isBefore(to); night = night.plusDays(1)) {
            if (days.contains(night.getDayOfWeek())) {
                nights.add(night);
            }
        }
        if (nights.isEmpty()) {
            throw ApiException.badRequest("No night between from and to falls on the given daysOfWeek");
        }
        return new Change(List.copyOf(nights), days, values());
    }

    private Set<DayOfWeek> days() {
        if (daysOfWeek == null || daysOfWeek.isEmpty()) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String raw : daysOfWeek) {
            days.add(day(raw));
        }
        return days;
    }

    private static DayOfWeek day(String raw) {
        String name = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(name) || day.name().substring(0, 3).equals(name)) {
                return day;
            }
        }
        throw ApiException.badRequest("daysOfWeek holds MON, TUE, WED, THU, FRI, SAT or SUN, not '" + raw + "'");
    }

    private Map<String, Object> values() {
        if (set == null || set.isEmpty()) {
            throw ApiException.badRequest("set is required and names at least one of " + String.join(", ", FIELDS));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "allotment" ->
                    values.put(name, (int) whole(name, value, 0, NightRowValidator.MAX_ALLOTMENT, false));
                case "priceMinor" -> values.put(name, whole(name, value, 0, NightRowValidator.MAX_PRICE_MINOR, false));
                case "minLos", "maxLos" -> {
                    Long los =
                            value.isNull() ? null : whole(name, value, 1, NightRowValidator.MAX_LENGTH_OF_STAY, true);
                    values.put(name, los == null ? null : los.intValue());
                }
                case "stopSell", "closedToArrival", "closedToDeparture" -> {
                    if (!value.isBoolean()) {
                        throw ApiException.badRequest("set." + name + " must be true or false");
                    }
                    values.put(name, value.booleanValue());
                }
                default ->
                    throw ApiException.badRequest(
                            "set." + name + " is not a night field; fields: " + String.join(", ", FIELDS));
            }
        }
        if (values.get("minLos") instanceof Integer min && values.get("maxLos") instanceof Integer max && min > max) {
            throw ApiException.badRequest("set.minLos must not be greater than set.maxLos");
        }
        return values;
    }

    private static long whole(String name, JsonNode value, long min, long max, boolean nullable) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.badRequest("set." + name + " must be a whole number" + (nullable ? " or null" : ""));
        }
        long n = value.longValue();
        if (n < min || n > max) {
            throw ApiException.badRequest("set." + name + " must be between " + min + " and " + max);
        }
        return n;
    }
}
