package io.innflow.api.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.NightsChange;
import io.innflow.connectors.catalog.Setting;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
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

    /** The change this body asks for; throws {@link CatalogException.Invalid} on the first problem. */
    NightsChange validated() {
        if (from == null || to == null) {
            throw CatalogException.Invalid.request("from and to are required (ISO dates; to is exclusive)");
        }
        if (!to.isAfter(from)) {
            throw CatalogException.Invalid.request("to must be after from (to is exclusive, like a check-out date)");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_NIGHTS) {
            throw CatalogException.Invalid.request("One call may cover at most " + MAX_NIGHTS + " nights");
        }
        Set<DayOfWeek> days = days();
        List<LocalDate> nights = new ArrayList<>();
        for (LocalDate night = from; night.isBefore(to); night = night.plusDays(1)) {
            if (days.contains(night.getDayOfWeek())) {
                nights.add(night);
            }
        }
        if (nights.isEmpty()) {
            throw CatalogException.Invalid.request("No night between from and to falls on the given daysOfWeek");
        }
        return values(nights, days);
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
        throw CatalogException.Invalid.request(
                "daysOfWeek holds MON, TUE, WED, THU, FRI, SAT or SUN, not '" + raw + "'");
    }

    private NightsChange values(List<LocalDate> nights, Set<DayOfWeek> days) {
        if (set == null || set.isEmpty()) {
            throw CatalogException.Invalid.request(
                    "set is required and names at least one of " + String.join(", ", FIELDS));
        }
        for (Iterator<String> names = set.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw CatalogException.Invalid.request(
                        "set." + name + " is not a night field; fields: " + String.join(", ", FIELDS));
            }
        }
        NightsChange change = new NightsChange(
                nights,
                days,
                number("allotment", 0, NightRowValidator.MAX_ALLOTMENT, false).map(Long::intValue),
                number("priceMinor", 0, NightRowValidator.MAX_PRICE_MINOR, false),
                flag("stopSell"),
                number("minLos", 1, NightRowValidator.MAX_LENGTH_OF_STAY, true).map(Long::intValue),
                number("maxLos", 1, NightRowValidator.MAX_LENGTH_OF_STAY, true).map(Long::intValue),
                flag("closedToArrival"),
                flag("closedToDeparture"));
        Integer minLos = change.minLos().or(null);
        Integer maxLos = change.maxLos().or(null);
        if (minLos != null && maxLos != null && minLos > maxLos) {
            throw CatalogException.Invalid.request("set.minLos must not be greater than set.maxLos");
        }
        return change;
    }

    /** A whole-number field of {@code set}; a nullable one set to null clears the stored value. */
    private Setting<Long> number(String name, long min, long max, boolean nullable) {
        JsonNode value = set.get(name);
        if (value == null) {
            return Setting.keep();
        }
        if (nullable && value.isNull()) {
            return Setting.to(null);
        }
        return Setting.to(whole(name, value, min, max, nullable));
    }

    private Setting<Boolean> flag(String name) {
        JsonNode value = set.get(name);
        if (value == null) {
            return Setting.keep();
        }
        if (!value.isBoolean()) {
            throw CatalogException.Invalid.request("set." + name + " must be true or false");
        }
        return Setting.to(value.booleanValue());
    }

    private static long whole(String name, JsonNode value, long min, long max, boolean nullable) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw CatalogException.Invalid.request(
                    "set." + name + " must be a whole number" + (nullable ? " or null" : ""));
        }
        long n = value.longValue();
        if (n < min || n > max) {
            throw CatalogException.Invalid.request("set." + name + " must be between " + min + " and " + max);
        }
        return n;
    }
}
