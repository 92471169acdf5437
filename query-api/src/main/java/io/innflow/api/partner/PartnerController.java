package io.innflow.api.partner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.catalog.Actors;
import io.innflow.api.catalog.ChangeView;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Requests;
import io.innflow.connectors.catalog.Actor;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;

/** The partner's catalog routes: hotels, room types and nights. */
public final class PartnerController {

    private final PartnerCatalog catalog;
    private final ObjectMapper json;

    public PartnerController(PartnerCatalog catalog, ObjectMapper json) {
        this.catalog = catalog;
        this.json = json;
    }

    /** {@code POST /v1/partner/hotels}: 201, the hotel is PENDING until an admin approves it. */
    public void createHotel(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        ChangeView change = catalog.createHotel(partner, Requests.body(ctx, json, HotelRequest.class));
        ctx.status(201)
                .header("Location", "/v1/partner/hotels/" + change.hotelId())
                .json(change);
    }

    /** {@code PUT /v1/partner/hotels/{hotelId}}. */
    public void updateHotel(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        ctx.json(catalog.updateHotel(partner, hotelId, Requests.body(ctx, json, HotelRequest.class)));
    }

    /** {@code GET /v1/partner/hotels}: the caller's hotels with their status. */
    public void hotels(Context ctx) {
        Actor partner = Actors.partner(Principal.partner(ctx));
        ctx.json(Map.of("hotels", catalog.hotels(partner)));
    }

    /** {@code GET /v1/partner/hotels/{hotelId}}: one hotel with its room types, as the database has them. */
    public void hotel(Context ctx) {
        Actor partner = Actors.partner(Principal.partner(ctx));
        ctx.json(catalog.hotel(partner, Ids.require("hotelId", ctx.pathParam("hotelId"))));
    }

    /** {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}}: 201 when created, else 200. */
    public void putRoomType(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String roomTypeId = Ids.require("roomTypeId", ctx.pathParam("roomTypeId"));
        PartnerCatalog.RoomTypeChange result =
                catalog.putRoomType(partner, hotelId, roomTypeId, Requests.body(ctx, json, RoomTypeRequest.class));
        ctx.status(result.created() ? 201 : 200).json(result.change());
    }

    /** {@code PUT /v1/partner/hotels/{hotelId}/content}: replaces the hotel's content. */
    public void putHotelContent(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        ctx.json(catalog.putHotelContent(partner, hotelId, Requests.body(ctx, json, HotelContentRequest.class)));
    }

    /** {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/content}: replaces a room type's content. */
    public void putRoomTypeContent(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String roomTypeId = Ids.require("roomTypeId", ctx.pathParam("roomTypeId"));
        ctx.json(catalog.putRoomTypeContent(
                partner, hotelId, roomTypeId, Requests.body(ctx, json, RoomTypeContentRequest.class)));
    }

    /** {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/nights}. */
    public void setNights(Context ctx) throws IOException {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String roomTypeId = Ids.require("roomTypeId", ctx.pathParam("roomTypeId"));
        ctx.json(catalog.setNights(partner, hotelId, roomTypeId, Requests.body(ctx, json, NightsRequest.class)));
    }
}
