package io.innflow.api.partner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.catalog.ChangeView;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.Contents;
import io.innflow.connectors.catalog.HotelContentRow;
import io.innflow.connectors.catalog.HotelRow;
import io.innflow.connectors.catalog.Hotels;
import io.innflow.connectors.catalog.RoomTypeContentRow;
import io.innflow.connectors.catalog.RoomTypeRow;
import io.innflow.connectors.catalog.RoomTypes;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A partner's use cases on the catalog. Each write is one transaction that checks the hotel belongs
 * to the partner, changes the rows and appends its audit entry; Debezium then carries the rows to the
 * topology. Nothing is written, and nothing audited, when a request matches what is stored. Nights are
 * set by {@link NightsEditor} and uploaded by {@link NightsUpload}.
 */
public final class PartnerCatalog {

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CatalogDatabase db;
    private final AuditLog audit;
    private final NightsEditor nights;
    private final NightsUpload uploads;

    public PartnerCatalog(CatalogDatabase db, AuditLog audit, ObjectMapper json, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.nights = new NightsEditor(db, audit, clock);
        this.uploads = new NightsUpload(db, audit, json, clock);
    }

    /** How an upload is encoded. */
    public enum Format {
        CSV,
        JSON
    }

    /** One of the partner's hotels with its room types. */
    public record PartnerHotel(HotelRow hotel, List<RoomTypeRow> roomTypes) {}

    /** What {@link #putRoomType} did; {@code created} is true when the room type did not exist. */
    public record RoomTypeChange(boolean created, ChangeView change) {}

    public ChangeView createHotel(Actor partner, HotelRequest request) {
        HotelRequest r = request.validated(true);
        String hotelId = r.hotelId() != null ? r.hotelId() : newHotelId();
        return db.inTransaction(c -> {
            HotelRow created = Hotels.insertPending(
                            c,
                            hotelId,
                            r.name(),
                            r.city(),
                            Objects.requireNonNullElse(r.currency(), HotelRequest.DEFAULT_CURRENCY),
                            Objects.requireNonNullElse(r.timeZone(), HotelRequest.DEFAULT_TIME_ZONE),
                            partner.id())
                    .orElseThrow(() ->
                            new CatalogException.Conflict("HOTEL_EXISTS", "The hotel id " + hotelId + " is taken"));
            return ChangeView.recorded(
                    audit, c, partner, "hotel.create", hotelId, "hotel " + hotelId, null, created.summary());
        });
    }

    public ChangeView updateHotel(Actor partner, String hotelId, HotelRequest request) {
        HotelRequest r = request.validated(false);
        return db.inTransaction(c -> {
            HotelRow before = owned(c, partner, hotelId, Hotels.Lock.NO_KEY_UPDATE);
            HotelRow after = before.edited(
                    r.name(),
                    r.city(),
                    Objects.requireNonNullElse(r.currency(), before.currency()),
                    Objects.requireNonNullElse(r.timeZone(), before.timeZone()));
            String target = "hotel " + hotelId;
            if (after.summary().equals(before.summary())) {
                return ChangeView.unchanged("hotel.update", hotelId, target, before.summary());
            }
            Hotels.update(c, after);
            return ChangeView.recorded(
                    audit, c, partner, "hotel.update", hotelId, target, before.summary(), after.summary());
        });
    }

    /** The partner's hotels, by id. */
    public List<HotelRow> hotels(Actor partner) {
        return db.read(c -> Hotels.ofPartner(c, partner.id()));
    }

    /** One of the partner's hotels with its room types. */
    public PartnerHotel hotel(Actor partner, String hotelId) {
        return db.read(
                c -> new PartnerHotel(owned(c, partner, hotelId, Hotels.Lock.NONE), RoomTypes.ofHotel(c, hotelId)));
    }

    /** Fails as not found unless the hotel exists and belongs to the partner. */
    public void requireOwned(Actor partner, String hotelId) {
        db.read(c -> owned(c, partner, hotelId, Hotels.Lock.NONE));
    }

    public RoomTypeChange putRoomType(Actor partner, String hotelId, String roomTypeId, RoomTypeRequest request) {
        RoomTypeRow after = request.validated(roomTypeId);
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, Hotels.Lock.KEY_SHARE);
            String target = "room-type " + roomTypeId;
            Optional<RoomTypeRow> stored = RoomTypes.find(c, hotelId, roomTypeId, true);
            if (stored.isEmpty()) {
                RoomTypes.insert(c, hotelId, after);
                return new RoomTypeChange(
                        true,
                        ChangeView.recorded(
                                audit, c, partner, "room-type.create", hotelId, target, null, after.summary()));
            }
            RoomTypeRow before = stored.get();
            if (before.summary().equals(after.summary())) {
                return new RoomTypeChange(
                        false, ChangeView.unchanged("room-type.update", hotelId, target, before.summary()));
            }
            RoomTypes.update(c, hotelId, after);
            String action = before.active() == after.active()
                    ? "room-type.update"
                    : after.active() ? "room-type.activate" : "room-type.deactivate";
            return new RoomTypeChange(
                    false,
                    ChangeView.recorded(audit, c, partner, action, hotelId, target, before.summary(), after.summary()));
        });
    }

    /** Replaces the hotel's content (description, stars, place, amenities, photos, times, cancellation terms). */
    public ChangeView putHotelContent(Actor partner, String hotelId, HotelContentRequest request) {
        HotelContentRow after = request.validated();
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, Hotels.Lock.NO_KEY_UPDATE);
            HotelContentRow before = Contents.hotel(c, hotelId).orElseThrow();
            String target = "hotel " + hotelId + " content";
            if (before.equals(after)) {
                return ChangeView.unchanged("hotel.content", hotelId, target, before);
            }
            Contents.updateHotel(c, hotelId, after);
            return ChangeView.recorded(audit, c, partner, "hotel.content", hotelId, target, before, after);
        });
    }

    /** Replaces a room type's content (description, bed, size, amenities, photos). */
    public ChangeView putRoomTypeContent(
            Actor partner, String hotelId, String roomTypeId, RoomTypeContentRequest request) {
        RoomTypeContentRow after = request.validated();
        return db.inTransaction(c -> {
            owned(c, partner, hotelId, Hotels.Lock.KEY_SHARE);
            RoomTypeContentRow before = Contents.roomType(c, hotelId, roomTypeId, true)
                    .orElseThrow(() -> new CatalogException.NotFound(
                            "ROOM_TYPE_NOT_FOUND", "Hotel " + hotelId + " has no room type " + roomTypeId));
            String target = "room-type " + roomTypeId + " content";
            if (before.equals(after)) {
                return ChangeView.unchanged("room-type.content", hotelId, target, before);
            }
            Contents.updateRoomType(c, hotelId, roomTypeId, after);
            return ChangeView.recorded(audit, c, partner, "room-type.content", hotelId, target, before, after);
        });
    }

    /** Sets values on the nights of a date range (and days of the week) of one room type. */
    public ChangeView setNights(Actor partner, String hotelId, String roomTypeId, NightsRequest request) {
        return nights.set(partner, hotelId, roomTypeId, request);
    }

    /** Applies a bulk upload of nights; see {@link NightsUpload#upload}. */
    public UploadReport upload(Actor partner, String hotelId, Format format, byte[] body, boolean partial)
            throws IOException {
        return uploads.upload(partner, hotelId, format, body, partial);
    }

    /**
     * The hotel, if it belongs to the partner; {@code lock} is taken on its row. Another partner's hotel
     * is not found, exactly as an unknown one, so a partner cannot probe which hotel ids exist.
     */
    static HotelRow owned(Connection c, Actor partner, String hotelId, Hotels.Lock lock) throws SQLException {
        return Hotels.find(c, hotelId, lock)
                .filter(hotel -> partner.id().equals(hotel.partnerId()))
                .orElseThrow(() -> new CatalogException.NotFound("HOTEL_NOT_FOUND", "No hotel " + hotelId));
    }

    private static String newHotelId() {
        StringBuilder id = new StringBuilder("h-");
        for (int i = 0; i < 10; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
