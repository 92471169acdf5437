package io.innflow.api.partner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.catalog.Actor;
import io.innflow.api.catalog.AuditLog;
import io.innflow.api.catalog.CatalogDatabase;
import io.innflow.api.catalog.ChangeView;
import io.innflow.api.catalog.HotelRecord;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.RejectedException;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A partner's writes to the catalog database. Each write is one transaction that checks the hotel
 * belongs to the partner, changes the rows and appends its audit entry; Debezium then carries the
 * rows to the topology. Nothing is written, and nothing audited, when a request matches what is
 * stored.
 */
public final class PartnerCatalog {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CatalogDatabase db;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public PartnerCatalog(CatalogDatabase db, AuditLog audit, ObjectMapper json, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** How an upload is encoded. */
    public enum Format {
        CSV,
        JSON
    }

    // ---- hotels

    public ChangeView createHotel(Actor partner, HotelRequest request) {
        HotelRequest r = request.validated(true);
        String hotelId = r.hotelId() != null ? r.hotelId() : newHotelId();
        return db.inTransaction(c -> {
            HotelRecord created;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hotels"
                    + " (hotel_id, name, city, currency, time_zone, status, partner_id)"
                    + " VALUES (?, ?, ?, ?, ?, 'PENDING', ?) ON CONFLICT (hotel_id) DO NOTHING RETURNING "
                    + HotelRecord.COLUMNS)) {
                ps.setString(1, hotelId);
                ps.setString(2, r.name());
                ps.setString(3, r.city());
                ps.setString(4, Objects.requireNonNullElse(r.currency(), HotelRequest.DEFAULT_CURRENCY));
                ps.setString(5, Objects.requireNonNullElse(r.timeZone(), HotelRequest.DEFAULT_TIME_ZONE));
                ps.setString(6, partner.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new RejectedException(409, "HOTEL_EXISTS", "The hotel id " + hotelId + " is taken");
                    }
                    created = HotelRecord.read(rs);
                }
            }
            return written(c, partner, "hotel.create", hotelId, "hotel " + hotelId, null, created.summary());
        });
    }

    public ChangeView updateHotel(Actor partner, String hotelId, HotelRequest request) {
        HotelRequest r = request.validated(false);
        return db.inTransaction(c -> {
            HotelRecord before = owned(c, partner, hotelId, "FOR NO KEY UPDATE");
            HotelRecord after = new HotelRecord(
                    hotelId,
                    r.name(),
                    r.city(),
                    Objects.requireNonNullElse(r.currency(), before.currency()),
                    Objects.requireNonNullElse(r.timeZone(), before.timeZone()),
                    before.status(),
                    before.partnerId(),
                    before.createdAt(),
                    before.updatedAt());
            if (after.summary().equals(before.summary())) {
                return unchanged("hotel.update", hotelId, "hotel " + hotelId, before.summary());
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE hotels SET name = ?, city = ?, currency = ?,"
                    + " time_zone = ?, updated_at = now() WHERE hotel_id = ?")) {
                ps.setString(1, after.name());
                ps.setString(2, after.city());
                ps.setString(3, after.currency());
                ps.setString(4, after.timeZone());
                ps.setString(5, hotelId);
                ps.executeUpdate();
            }
            return written(c, partner, "hotel.update", hotelId, "hotel " + hotelId, before.summary(), after.summary());
        });
    }

    /** The partner's hotels, by id. */
    public List<HotelRecord> hotels(Actor partner) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + HotelRecord.COLUMNS + " FROM hotels WHERE partner_id = ? ORDER BY hotel_id")) {
                ps.setString(1, partner.id());
                List<HotelRecord> hotels = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hotels.add(HotelRecord.read(rs));
                    }
                }
                return hotels;
            }
        });
    }

    /** One of the partner's hotels with its room types. */
    public Map<String, Object> hotel(Actor partner, String hotelId) {
        return db.read(c -> {
            HotelRecord hotel = owned(c, partner, hotelId, "");
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("hotel", hotel);
            view.put("roomTypes", roomTypes(c, hotelId));
            return view;
        });
    }

    /** Fails with 404 or 403 unless the hotel exists and belongs to the partner. */
    public void requireOwned(Actor partner, String hotelId) {
        db.read(c -> owned(c, partner, hotelId, ""));
    }

    // ---- room types

    /** What {@link #putRoomType} did; {@code created} is true when the room type did not exist. */
    public record RoomTypeChange(boolean created, ChangeView change) {}

    public RoomTypeChange putRoomType(Actor partner, String hotelId, String roomTypeId, RoomTypeRequest request) {
        RoomTypeRequest r = request.validated(roomTypeId);
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, "FOR KEY SHARE");
            String target = "room-type " + roomTypeId;
            RoomTypeRecord before = roomType(c, hotelId, roomTypeId, true);
            RoomTypeRecord after = new RoomTypeRecord(
                    roomTypeId,
                    r.code(),
                    r.name(),
                    r.capacity(),
                    r.totalRooms(),
                    r.basePriceMinor(),
                    r.overbookingAllowance(),
                    r.active(),
                    0,
                    null,
                    null);
            if (before == null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO room_types (hotel_id, room_type_id, code,"
                        + " name, capacity, total_rooms, base_price_minor, overbooking_allowance, active)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    bindRoomType(ps, hotelId, roomTypeId, after);
                    ps.executeUpdate();
                }
                return new RoomTypeChange(
                        true, written(c, partner, "room-type.create", hotelId, target, null, after.summary()));
            }
            if (before.summary().equals(after.summary())) {
                return new RoomTypeChange(false, unchanged("room-type.update", hotelId, target, before.summary()));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE room_types SET code = ?, name = ?, capacity = ?,"
                    + " total_rooms = ?, base_price_minor = ?, overbooking_allowance = ?, active = ?"
                    + " WHERE hotel_id = ? AND room_type_id = ?")) {
                ps.setString(1, after.code());
                ps.setString(2, after.name());
                ps.setInt(3, after.capacity());
                ps.setInt(4, after.totalRooms());
                ps.setLong(5, after.basePriceMinor());
                ps.setInt(6, after.overbookingAllowance());
                ps.setBoolean(7, after.active());
                ps.setString(8, hotelId);
                ps.setString(9, roomTypeId);
                ps.executeUpdate();
            }
            String action = before.active() == after.active()
                    ? "room-type.update"
                    : after.active() ? "room-type.activate" : "room-type.deactivate";
            return new RoomTypeChange(
                    false, written(c, partner, action, hotelId, target, before.summary(), after.summary()));
        });
    }

    private static void bindRoomType(PreparedStatement ps, String hotelId, String roomTypeId, RoomTypeRecord r)
            throws SQLException {
        ps.setString(1, hotelId);
        ps.setString(2, roomTypeId);
        ps.setString(3, r.code());
        ps.setString(4, r.name());
        ps.setInt(5, r.capacity());
        ps.setInt(6, r.totalRooms());
        ps.setLong(7, r.basePriceMinor());
        ps.setInt(8, r.overbookingAllowance());
        ps.setBoolean(9, r.active());
    }

    // ---- nights

    /** Sets values on the nights of a date range (and days of the week) of one room type. */
    public ChangeView setNights(Actor partner, String hotelId, String roomTypeId, NightsRequest request) {
        NightsRequest.Change change = request.validated();
        LocalDate today = LocalDate.now(clock);
        LocalDate first = change.nights().get(0);
        LocalDate last = change.nights().get(change.nights().size() - 1);
        if (first.isBefore(today.minusDays(1))) {
            throw ApiException.badRequest("from " + first + " is in the past");
        }
        if (last.isAfter(today.plusYears(NightRowValidator.YEARS_AHEAD))) {
            throw ApiException.badRequest(
                    "Nights may be set at most " + NightRowValidator.YEARS_AHEAD + " years ahead: " + last);
        }
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, "FOR KEY SHARE");
            RoomTypeRecord roomType = roomType(c, hotelId, roomTypeId, false);
            if (roomType == null) {
                throw new RejectedException(
                        404, "ROOM_TYPE_NOT_FOUND", "Hotel " + hotelId + " has no room type " + roomTypeId);
            }
            Map<LocalDate, NightRow> existing = nights(c, hotelId, roomTypeId, first, last);
            List<NightRow> rows = new ArrayList<>(change.nights().size());
            List<LocalDate> missing = new ArrayList<>();
            for (LocalDate night : change.nights()) {
                NightRow current = existing.get(night);
                if (current == null && !(change.sets("allotment") && change.sets("priceMinor"))) {
                    missing.add(night);
                    continue;
                }
                rows.add(apply(roomTypeId, night, current, change));
            }
            if (!missing.isEmpty()) {
                throw new RejectedException(
                        422,
                        "NIGHT_NOT_OFFERED",
                        missing.size() + " of the nights have no row yet (first " + missing.get(0)
                                + "): set allotment and priceMinor to create them");
            }
            for (NightRow row : rows) {
                if (row.allotment() > roomType.totalRooms()) {
                    throw new RejectedException(
                            422,
                            "CONSTRAINT_VIOLATED",
                            "allotment " + row.allotment() + " exceeds the " + roomType.totalRooms()
                                    + " rooms of room type " + roomTypeId);
                }
                if (row.minLos() != null && row.maxLos() != null && row.minLos() > row.maxLos()) {
                    throw new RejectedException(
                            422,
                            "CONSTRAINT_VIOLATED",
                            "minLos " + row.minLos() + " would exceed maxLos " + row.maxLos() + " on " + row.night());
                }
            }
            NightsWriter.Counts counts = NightsWriter.upsert(c, hotelId, rows);
            String target = "room-type " + roomTypeId + " nights " + first + ".." + last
                    + (change.days().size() == 7 ? "" : " " + days(change));
            Map<String, Object> before = beforeSummary(change, existing.values());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("nights", rows.size());
            after.put("inserted", counts.inserted());
            after.put("updated", counts.updated());
            after.put("unchanged", counts.unchanged());
            after.put("set", change.values());
            if (!counts.changed()) {
                return unchanged("nights.set", hotelId, target, after);
            }
            return written(c, partner, "nights.set", hotelId, target, before, after);
        });
    }

    private static NightRow apply(String roomTypeId, LocalDate night, NightRow current, NightsRequest.Change change) {
        return new NightRow(
                roomTypeId,
                night,
                change.sets("allotment") ? (Integer) change.value("allotment") : current.allotment(),
                change.sets("priceMinor") ? (Long) change.value("priceMinor") : current.priceMinor(),
                change.sets("stopSell") ? (Boolean) change.value("stopSell") : current != null && current.stopSell(),
                change.sets("minLos") ? (Integer) change.value("minLos") : current == null ? null : current.minLos(),
                change.sets("maxLos") ? (Integer) change.value("maxLos") : current == null ? null : current.maxLos(),
                change.sets("closedToArrival")
                        ? (Boolean) change.value("closedToArrival")
                        : current != null && current.closedToArrival(),
                change.sets("closedToDeparture")
                        ? (Boolean) change.value("closedToDeparture")
                        : current != null && current.closedToDeparture());
    }

    /** How many nights had a row, and the range of each field being set among them. */
    private static Map<String, Object> beforeSummary(NightsRequest.Change change, Collection<NightRow> rows) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("nightsWithRow", rows.size());
        for (String field : change.values().keySet()) {
            List<Object> values = rows.stream()
                    .map(r -> switch (field) {
                        case "allotment" -> (Object) r.allotment();
                        case "priceMinor" -> r.priceMinor();
                        case "stopSell" -> r.stopSell();
                        case "minLos" -> r.minLos();
                        case "maxLos" -> r.maxLos();
                        case "closedToArrival" -> r.closedToArrival();
                        default -> r.closedToDeparture();
                    })
                    .distinct()
                    .limit(10)
                    .collect(Collectors.toList());
            before.put(field, values);
        }
        return before;
    }

    private static String days(NightsRequest.Change change) {
        return change.days().stream()
                .sorted()
                .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT))
                .collect(Collectors.joining(","));
    }

    // ---- bulk upload

    /**
     * Applies an upload of nights: every row is validated; with {@code partial} false (the default) one
     * bad row rejects the whole upload with a report (422) and nothing is written; with {@code partial}
     * true the valid rows are applied and the report lists the others.
     */
    public UploadReport upload(Actor partner, String hotelId, Format format, byte[] body, boolean partial)
            throws IOException {
        Map<String, RoomTypeRef> roomTypes = db.read(c -> {
            owned(c, partner, hotelId, "");
            Map<String, RoomTypeRef> refs = new HashMap<>();
            for (RoomTypeRecord rt : roomTypes(c, hotelId)) {
                refs.put(rt.roomTypeId(), new RoomTypeRef(rt.roomTypeId(), rt.totalRooms(), rt.active()));
            }
            return refs;
        });
        NightRowValidator validator = new NightRowValidator(hotelId, roomTypes, LocalDate.now(clock));
        UploadParser.Parsed parsed =
                format == Format.CSV ? UploadParser.csv(body, validator) : UploadParser.json(body, validator, json);
        String formatName = format.name().toLowerCase(Locale.ROOT);
        if (parsed.received() == 0) {
            throw ApiException.badRequest("The upload has no rows");
        }
        if (parsed.rejected() > 0 && (!partial || parsed.rows().isEmpty())) {
            throw new UploadRejectedException(report(hotelId, formatName, partial, parsed, null, null));
        }
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, "FOR KEY SHARE");
            NightsWriter.Counts counts = NightsWriter.upsert(c, hotelId, parsed.rows());
            if (!counts.changed()) {
                return report(hotelId, formatName, partial, parsed, counts, null);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("format", formatName);
            summary.put("bytes", body.length);
            summary.put("received", parsed.received());
            summary.put("accepted", parsed.rows().size());
            summary.put("rejected", parsed.rejected());
            summary.put("inserted", counts.inserted());
            summary.put("updated", counts.updated());
            summary.put("unchanged", counts.unchanged());
            summary.put("roomTypes", spans(parsed.rows()));
            AuditLog.Recorded recorded =
                    audit.record(c, partner, "nights.upload", hotelId, "nights", Map.of("after", summary));
            return report(hotelId, formatName, partial, parsed, counts, recorded);
        });
    }

    private static UploadReport report(
            String hotelId,
            String format,
            boolean partial,
            UploadParser.Parsed parsed,
            NightsWriter.Counts counts,
            AuditLog.Recorded recorded) {
        return new UploadReport(
                hotelId,
                format,
                partial,
                parsed.received(),
                counts == null ? 0 : parsed.rows().size(),
                parsed.rejected(),
                counts == null ? 0 : counts.inserted(),
                counts == null ? 0 : counts.updated(),
                counts == null ? 0 : counts.unchanged(),
                parsed.rejections(),
                recorded != null,
                recorded == null ? null : recorded.auditId(),
                recorded == null ? null : recorded.at());
    }

    /** Per room type: the first and last night uploaded and the row count. */
    private static Map<String, Object> spans(List<NightRow> rows) {
        Map<String, List<NightRow>> byType =
                rows.stream().collect(Collectors.groupingBy(NightRow::roomTypeId, TreeMap::new, Collectors.toList()));
        Map<String, Object> spans = new LinkedHashMap<>();
        byType.forEach((type, list) -> {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("rows", list.size());
            span.put(
                    "from",
                    list.stream().map(NightRow::night).min(LocalDate::compareTo).orElseThrow());
            span.put(
                    "to",
                    list.stream().map(NightRow::night).max(LocalDate::compareTo).orElseThrow());
            spans.put(type, span);
        });
        return spans;
    }

    // ---- shared

    /**
     * The hotel, if it belongs to the partner. {@code lock} is a row-locking clause (e.g. {@code FOR
     * KEY SHARE}, which keeps the hotel from being deleted without blocking an admin's approval).
     */
    static HotelRecord owned(Connection c, Actor partner, String hotelId, String lock) throws SQLException {
        HotelRecord hotel = HotelRecord.find(c, hotelId, lock);
        if (hotel == null) {
            throw new RejectedException(404, "HOTEL_NOT_FOUND", "No hotel " + hotelId);
        }
        if (!partner.id().equals(hotel.partnerId())) {
            throw new RejectedException(
                    403, "FORBIDDEN", "Hotel " + hotelId + " is not one of partner " + partner.id() + "'s hotels");
        }
        return hotel;
    }

    private static List<RoomTypeRecord> roomTypes(Connection c, String hotelId) throws SQLException {
        List<RoomTypeRecord> types = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(ROOM_TYPE_SELECT + " WHERE rt.hotel_id = ? ORDER BY rt.room_type_id")) {
            ps.setString(1, hotelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(roomType(rs));
                }
            }
        }
        return types;
    }

    private static final String ROOM_TYPE_SELECT = "SELECT rt.room_type_id, rt.code, rt.name, rt.capacity,"
            + " rt.total_rooms, rt.base_price_minor, rt.overbooking_allowance, rt.active,"
            + " (SELECT count(*) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id),"
            + " (SELECT min(night) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id),"
            + " (SELECT max(night) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id)"
            + " FROM room_types rt";

    private static RoomTypeRecord roomType(Connection c, String hotelId, String roomTypeId, boolean lock)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rt.room_type_id, rt.code, rt.name, rt.capacity, rt.total_rooms, rt.base_price_minor,"
                        + " rt.overbooking_allowance, rt.active, 0, NULL::date, NULL::date FROM room_types rt"
                        + " WHERE rt.hotel_id = ? AND rt.room_type_id = ?" + (lock ? " FOR NO KEY UPDATE" : ""))) {
            ps.setString(1, hotelId);
            ps.setString(2, roomTypeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? roomType(rs) : null;
            }
        }
    }

    private static RoomTypeRecord roomType(ResultSet rs) throws SQLException {
        Date first = rs.getDate(10);
        Date last = rs.getDate(11);
        return new RoomTypeRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getBoolean(8),
                rs.getLong(9),
                first == null ? null : first.toLocalDate(),
                last == null ? null : last.toLocalDate());
    }

    private static Map<LocalDate, NightRow> nights(
            Connection c, String hotelId, String roomTypeId, LocalDate first, LocalDate last) throws SQLException {
        Map<LocalDate, NightRow> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT night, allotment, price_minor, stop_sell, min_los,"
                + " max_los, closed_to_arrival, closed_to_departure FROM room_nights"
                + " WHERE hotel_id = ? AND room_type_id = ? AND night BETWEEN ? AND ? FOR NO KEY UPDATE")) {
            ps.setString(1, hotelId);
            ps.setString(2, roomTypeId);
            ps.setObject(3, first);
            ps.setObject(4, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate night = rs.getObject(1, LocalDate.class);
                    rows.put(
                            night,
                            new NightRow(
                                    roomTypeId,
                                    night,
                                    rs.getInt(2),
                                    rs.getLong(3),
                                    rs.getBoolean(4),
                                    (Integer) rs.getObject(5),
                                    (Integer) rs.getObject(6),
                                    rs.getBoolean(7),
                                    rs.getBoolean(8)));
                }
            }
        }
        return rows;
    }

    private ChangeView written(
            Connection c,
            Actor actor,
            String action,
            String hotelId,
            String target,
            Map<String, Object> before,
            Map<String, Object> after)
            throws SQLException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("before", before);
        summary.put("after", after);
        AuditLog.Recorded recorded = audit.record(c, actor, action, hotelId, target, summary);
        return new ChangeView(true, recorded.auditId(), recorded.at(), action, hotelId, target, before, after);
    }

    private static ChangeView unchanged(String action, String hotelId, String target, Map<String, Object> current) {
        return new ChangeView(false, null, null, action, hotelId, target, current, current);
    }

    private static String newHotelId() {
        StringBuilder id = new StringBuilder("h-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
