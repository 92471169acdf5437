package io.innflow.api.inventory;

import java.util.List;

/** A hotel with its room types, as {@code GET /v1/hotels} lists it. */
public record HotelView(
        String hotelId, String name, String city, String currency, String timeZone, List<RoomTypeView> roomTypes) {

    /** One room type of a hotel. */
    public record RoomTypeView(String roomTypeId, String code, String name, int capacity, int totalRooms) {}
}
