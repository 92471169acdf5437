package io.innflow.connectors.catalog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Values set on some nights of one room type (a validated {@code PUT .../nights}): each field is kept
 * or set; a set minLos or maxLos of null removes the restriction.
 *
 * @param nights the nights, in order (at least one)
 * @param days the days of the week they were chosen by
 */
public record NightsChange(
        List<LocalDate> nights,
        Set<DayOfWeek> days,
        Setting<Integer> allotment,
        Setting<Long> priceMinor,
        Setting<Boolean> stopSell,
        Setting<Integer> minLos,
        Setting<Integer> maxLos,
        Setting<Boolean> closedToArrival,
        Setting<Boolean> closedToDeparture) {

    public NightsChange {
        if (nights.isEmpty()) {
            throw new IllegalArgumentException("a change covers at least one night");
        }
        nights = List.copyOf(nights);
        days = Set.copyOf(days);
    }

    public LocalDate first() {
        return nights.get(0);
    }

    public LocalDate last() {
        return nights.get(nights.size() - 1);
    }

    /** A night without a row can be created only when its allotment and price are both set. */
    public boolean createsRows() {
        return allotment.isSet() && priceMinor.isSet();
    }

    /** The night's row after the change; {@code current} is its stored row, or null (see {@link #createsRows}). */
    public NightRow applyTo(String roomTypeId, LocalDate night, NightRow current) {
        boolean stored = current != null;
        return new NightRow(
                roomTypeId,
                night,
                allotment.or(stored ? current.allotment() : null),
                priceMinor.or(stored ? current.priceMinor() : null),
                stopSell.or(stored && current.stopSell()),
                minLos.or(stored ? current.minLos() : null),
                maxLos.or(stored ? current.maxLos() : null),
                closedToArrival.or(stored && current.closedToArrival()),
                closedToDeparture.or(stored && current.closedToDeparture()));
    }

    /** The fields set, by their API names, with their new values: the "set" of an audit entry. */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        fields().forEach((name, field) -> {
            if (field.setting().isSet()) {
                values.put(name, field.setting().or(null));
            }
        });
        return values;
    }

    /** For each field set, up to ten distinct values {@code rows} held before: the "before" of an audit entry. */
    public Map<String, Object> before(Collection<NightRow> rows) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("nightsWithRow", rows.size());
        fields().forEach((name, field) -> {
            if (field.setting().isSet()) {
                before.put(
                        name,
                        rows.stream().map(field.stored()).distinct().limit(10).toList());
            }
        });
        return before;
    }

    private record Field(Setting<?> setting, Function<NightRow, Object> stored) {}

    private Map<String, Field> fields() {
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("allotment", new Field(allotment, NightRow::allotment));
        fields.put("priceMinor", new Field(priceMinor, NightRow::priceMinor));
        fields.put("stopSell", new Field(stopSell, NightRow::stopSell));
        fields.put("minLos", new Field(minLos, NightRow::minLos));
        fields.put("maxLos", new Field(maxLos, NightRow::maxLos));
        fields.put("closedToArrival", new Field(closedToArrival, NightRow::closedToArrival));
        fields.put("closedToDeparture", new Field(closedToDeparture, NightRow::closedToDeparture));
        return fields;
    }
}
