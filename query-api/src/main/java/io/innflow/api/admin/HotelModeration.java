package io.innflow.api.admin;

import io.innflow.api.catalog.Actor;
import io.innflow.api.catalog.AuditLog;
import io.innflow.api.catalog.CatalogDatabase;
import io.innflow.api.catalog.ChangeView;
import io.innflow.api.catalog.HotelRecord;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.RejectedException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What admins do to hotels: list them by status, approve and suspend. Only APPROVED hotels are
 * listed and bookable; suspending one stops new holds and bookings and keeps existing ones.
 */
public final class HotelModeration {

    /** The statuses of a hotel. */
    public static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "SUSPENDED");

    private final CatalogDatabase db;
    private final AuditLog audit;

    public HotelModeration(CatalogDatabase db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** A hotel in an admin's list, with how much catalog it has. */
    public record HotelSummary(HotelRecord hotel, long roomTypes, long nights) {}

    /** A page of hotels, oldest first; {@code next} is the cursor of the next page, or null. */
    public record HotelPage(List<HotelSummary> hotels, String next) {}

    public HotelPage hotels(String status, String after, int limit) {
        String wanted = status.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(wanted)) {
            throw ApiException.badRequest("status must be pending, approved or suspended");
        }
        Cursor cursor = after == null ? null : Cursor.decode(after);
        return db.read(c -> {
            String sql = "SELECT " + prefixed() + ","
                    + " (SELECT count(*) FROM room_types rt WHERE rt.hotel_id = h.hotel_id),"
                    + " (SELECT count(*) FROM room_nights n WHERE n.hotel_id = h.hotel_id)"
                    + " FROM hotels h WHERE h.status = ?"
                    + (cursor == null ? "" : " AND (h.created_at, h.hotel_id) > (?, ?)")
                    + " ORDER BY h.created_at, h.hotel_id LIMIT ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, wanted);
                if (cursor != null) {
                    ps.setTimestamp(i++, Timestamp.from(cursor.createdAt()));
                    ps.setString(i++, cursor.hotelId());
                }
                ps.setInt(i, limit + 1);
                List<HotelSummary> hotels = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        hotels.add(new HotelSummary(HotelRecord.read(rs), rs.getLong(10), rs.getLong(11)));
                    }
                }
                String next = null;
                if (hotels.size() > limit) {
                    hotels.remove(hotels.size() - 1);
                    HotelRecord last = hotels.get(hotels.size() - 1).hotel();
                    next = new Cursor(last.createdAt(), last.hotelId()).encode();
                }
                return new HotelPage(hotels, next);
            }
        });
    }

    public ChangeView approve(Actor admin, String hotelId, String reason) {
        return moveTo(admin, hotelId, "APPROVED", "hotel.approve", reason);
    }

    public ChangeView suspend(Actor admin, String hotelId, String reason) {
        return moveTo(admin, hotelId, "SUSPENDED", "hotel.suspend", reason);
    }

    /** Approving an approved hotel, or suspending a suspended one, changes nothing and answers so. */
    private ChangeView moveTo(Actor admin, String hotelId, String status, String action, String reason) {
        return db.inTransaction(c -> {
            HotelRecord hotel = HotelRecord.find(c, hotelId, "FOR NO KEY UPDATE");
            if (hotel == null) {
                throw new RejectedException(404, "HOTEL_NOT_FOUND", "No hotel " + hotelId);
            }
            Map<String, Object> before = Map.of("status", hotel.status());
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", status);
            if (status.equals(hotel.status())) {
                return new ChangeView(false, null, null, action, hotelId, "hotel " + hotelId, before, before);
            }
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE hotels SET status = ?, updated_at = now() WHERE hotel_id = ?")) {
                ps.setString(1, status);
                ps.setString(2, hotelId);
                ps.executeUpdate();
            }
            if (reason != null) {
                after.put("reason", reason);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("before", before);
            summary.put("after", after);
            summary.put("partnerId", hotel.partnerId());
            AuditLog.Recorded recorded = audit.record(c, admin, action, hotelId, "hotel " + hotelId, summary);
            return new ChangeView(
                    true, recorded.auditId(), recorded.at(), action, hotelId, "hotel " + hotelId, before, after);
        });
    }

    private static String prefixed() {
        return String.join(
                ", ",
                Arrays.stream(HotelRecord.COLUMNS.split(","))
                        .map(col -> "h." + col.trim())
                        .toList());
    }

    /** Where a page of hotels ends: the creation time and id of its last hotel. */
    private record Cursor(Instant createdAt, String hotelId) {

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + "|" + hotelId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (RuntimeException e) {
                throw ApiException.badRequest("after is not a cursor this API gave out");
            }
        }
    }
}
