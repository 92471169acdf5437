package io.innflow.api.partner;

import io.innflow.api.catalog.ChangeView;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.Hotels;
import io.innflow.connectors.catalog.NightRow;
import io.innflow.connectors.catalog.Nights;
import io.innflow.connectors.catalog.NightsChange;
import io.innflow.connectors.catalog.NightsWriter;
import io.innflow.connectors.catalog.RoomTypeRow;
import io.innflow.connectors.catalog.RoomTypes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The partner's use case of setting values on a range of nights of one room type. */
final class NightsEditor {

    private final CatalogDatabase db;
    private final AuditLog audit;
    private final Clock clock;

    NightsEditor(CatalogDatabase db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    ChangeView set(Actor partner, String hotelId, String roomTypeId, NightsRequest request) {
        NightsChange change = request.validated();
        LocalDate today = LocalDate.now(clock);
        LocalDate first = change.first();
        LocalDate last = change.last();
        if (first.isBefore(today.minusDays(1))) {
            throw CatalogException.Invalid.request("from " + first + " is in the past");
        }
        if (last.isAfter(today.plusYears(NightRowValidator.YEARS_AHEAD))) {
            throw CatalogException.Invalid.request(
                    "Nights may be set at most " + NightRowValidator.YEARS_AHEAD + " years ahead: " + last);
        }
        return db.inTransaction(c -> {
            PartnerCatalog.owned(c, partner, hotelId, Hotels.Lock.KEY_SHARE);
            RoomTypeRow roomType = RoomTypes.find(c, hotelId, roomTypeId, false)
                    .orElseThrow(() -> new CatalogException.NotFound(
                            "ROOM_TYPE_NOT_FOUND", "Hotel " + hotelId + " has no room type " + roomTypeId));
            Map<LocalDate, NightRow> existing = Nights.lockRange(c, hotelId, roomTypeId, first, last);
            List<NightRow> rows = rows(change, roomTypeId, existing);
            check(rows, roomType);
            NightsWriter.Counts counts = NightsWriter.upsert(c, hotelId, rows);
            String target = "room-type " + roomTypeId + " nights " + first + ".." + last
                    + (change.days().size() == 7 ? "" : " " + days(change));
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("nights", rows.size());
            after.put("inserted", counts.inserted());
            after.put("updated", counts.updated());
            after.put("unchanged", counts.unchanged());
            after.put("set", change.values());
            if (!counts.changed()) {
                return ChangeView.unchanged("nights.set", hotelId, target, after);
            }
            return ChangeView.recorded(
                    audit, c, partner, "nights.set", hotelId, target, change.before(existing.values()), after);
        });
    }

    /** The rows after the change; a night without a row is refused unless the change creates rows. */
    private static List<NightRow> rows(NightsChange change, String roomTypeId, Map<LocalDate, NightRow> existing) {
        List<NightRow> rows = new ArrayList<>(change.nights().size());
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate night : change.nights()) {
            NightRow current = existing.get(night);
            if (current == null && !change.createsRows()) {
                missing.add(night);
                continue;
            }
            rows.add(change.applyTo(roomTypeId, night, current));
        }
        if (!missing.isEmpty()) {
            throw new CatalogException.RuleViolated(
                    "NIGHT_NOT_OFFERED",
                    missing.size() + " of the nights have no row yet (first " + missing.get(0)
                            + "): set allotment and priceMinor to create them");
        }
        return rows;
    }

    private static void check(List<NightRow> rows, RoomTypeRow roomType) {
        for (NightRow row : rows) {
            if (row.allotment() > roomType.totalRooms()) {
                throw new CatalogException.RuleViolated(
                        CatalogException.RuleViolated.CONSTRAINT_VIOLATED,
                        "allotment " + row.allotment() + " exceeds the " + roomType.totalRooms()
                                + " rooms of room type " + roomType.roomTypeId());
            }
            if (row.minLos() != null && row.maxLos() != null && row.minLos() > row.maxLos()) {
                throw new CatalogException.RuleViolated(
                        CatalogException.RuleViolated.CONSTRAINT_VIOLATED,
                        "minLos " + row.minLos() + " would exceed maxLos " + row.maxLos() + " on " + row.night());
            }
        }
    }

    private static String days(NightsChange change) {
        return change.days().stream()
                .sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }
}
