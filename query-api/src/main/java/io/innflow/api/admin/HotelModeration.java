package io.innflow.api.admin;

import io.innflow.api.catalog.ChangeView;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.HotelRow;
import io.innflow.connectors.catalog.Hotels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What admins do to hotels: list them by status, approve and suspend, and read the audit log. Only
 * APPROVED hotels are listed and bookable; suspending one stops new holds and bookings and keeps
 * existing ones.
 */
public final class HotelModeration {

    /** The statuses of a hotel. */
    public static final Set<String> STATUSES = Set.of(HotelRow.PENDING, HotelRow.APPROVED, HotelRow.SUSPENDED);

    private final CatalogDatabase db;
    private final AuditLog audit;

    public HotelModeration(CatalogDatabase db, AuditLog audit) {
        this.db = db;
        this.audit = audit;
    }

    /** A page of hotels, oldest first; {@code next} is the cursor of the next page, or null. */
    public record HotelPage(List<Hotels.Summary> hotels, String next) {}

    public HotelPage hotels(String status, String after, int limit) {
        String wanted = status.toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(wanted)) {
            throw CatalogException.Invalid.request("status must be pending, approved or suspended");
        }
        Hotels.Cursor cursor = after == null ? null : decode(after);
        List<Hotels.Summary> hotels = new ArrayList<>(db.read(c -> Hotels.withStatus(c, wanted, cursor, limit + 1)));
        String next = null;
        if (hotels.size() > limit) {
            hotels.remove(hotels.size() - 1);
            HotelRow last = hotels.get(hotels.size() - 1).hotel();
            next = encode(new Hotels.Cursor(last.createdAt(), last.hotelId()));
        }
        return new HotelPage(hotels, next);
    }

    public ChangeView approve(Actor admin, String hotelId, String reason) {
        return moveTo(admin, hotelId, HotelRow.APPROVED, "hotel.approve", reason);
    }

    public ChangeView suspend(Actor admin, String hotelId, String reason) {
        return moveTo(admin, hotelId, HotelRow.SUSPENDED, "hotel.suspend", reason);
    }

    /** A page of the audit log, newest first. */
    public AuditLog.Page audit(AuditLog.Query query) {
        return db.read(c -> audit.page(c, query));
    }

    /** Approving an approved hotel, or suspending a suspended one, changes nothing and answers so. */
    private ChangeView moveTo(Actor admin, String hotelId, String status, String action, String reason) {
        String target = "hotel " + hotelId;
        return db.inTransaction(c -> {
            HotelRow hotel = Hotels.find(c, hotelId, Hotels.Lock.NO_KEY_UPDATE)
                    .orElseThrow(() -> new CatalogException.NotFound("HOTEL_NOT_FOUND", "No hotel " + hotelId));
            Map<String, Object> before = Map.of("status", hotel.status());
            if (status.equals(hotel.status())) {
                return ChangeView.unchanged(action, hotelId, target, before);
            }
            Hotels.setStatus(c, hotelId, status);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", status);
            if (reason != null) {
                after.put("reason", reason);
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("before", before);
            summary.put("after", after);
            summary.put("partnerId", hotel.partnerId());
            AuditLog.Recorded recorded = audit.record(c, admin, action, hotelId, target, summary);
            return new ChangeView(true, recorded.auditId(), recorded.at(), action, hotelId, target, before, after);
        });
    }

    private static String encode(Hotels.Cursor cursor) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((cursor.createdAt() + "|" + cursor.hotelId()).getBytes(StandardCharsets.UTF_8));
    }

    private static Hotels.Cursor decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return new Hotels.Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
        } catch (RuntimeException e) {
            throw CatalogException.Invalid.request("after is not a cursor this API gave out");
        }
    }
}
