package io.innflow.api.inventory;

import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.Photo;
import io.innflow.schemas.catalog.RoomTypeContent;
import java.util.List;

/** A hotel with its content and room types, as {@code GET /v1/hotels} lists it and {@code GET /v1/hotels/{id}} shows it. */
public record HotelView(
        String hotelId,
        String name,
        String city,
        String currency,
        String timeZone,
        Content content,
        List<RoomTypeView> roomTypes) {

    /** One room type of a hotel. */
    public record RoomTypeView(
            String roomTypeId, String code, String name, int capacity, int totalRooms, RoomContent content) {}

    /** A photo: an https URL and an optional caption. */
    public record PhotoView(String url, String caption) {

        static List<PhotoView> of(List<Photo> photos) {
            return photos.stream()
                    .map(p -> new PhotoView(p.getUrl(), p.getCaption()))
                    .toList();
        }
    }

    /**
     * What the hotel tells guests; every field but the lists and {@code freeCancellation} may be null.
     *
     * @param starRating 1 to 5
     * @param checkInTime HH:mm, hotel local time
     * @param checkOutTime HH:mm, hotel local time
     * @param freeCancellation whether bookings are cancelled free of charge (what search filters on)
     */
    public record Content(
            String description,
            Integer starRating,
            String address,
            Double latitude,
            Double longitude,
            List<String> amenities,
            List<PhotoView> photos,
            String checkInTime,
            String checkOutTime,
            String cancellationPolicy,
            boolean freeCancellation) {

        static final Content NONE =
                new Content(null, null, null, null, null, List.of(), List.of(), null, null, null, false);

        static Content of(HotelContent c) {
            if (c == null) {
                return NONE;
            }
            return new Content(
                    c.getDescription(),
                    c.getStarRating(),
                    c.getAddress(),
                    c.getLatitude(),
                    c.getLongitude(),
                    List.copyOf(c.getAmenities()),
                    PhotoView.of(c.getPhotos()),
                    c.getCheckInTime(),
                    c.getCheckOutTime(),
                    c.getCancellationPolicy(),
                    c.getFreeCancellation());
        }
    }

    /** What a room type tells guests; {@code sizeM2} in square metres. */
    public record RoomContent(
            String description, String bedType, Integer sizeM2, List<String> amenities, List<PhotoView> photos) {

        static final RoomContent NONE = new RoomContent(null, null, null, List.of(), List.of());

        static RoomContent of(RoomTypeContent c) {
            if (c == null) {
                return NONE;
            }
            return new RoomContent(
                    c.getDescription(),
                    c.getBedType(),
                    c.getSizeM2(),
                    List.copyOf(c.getAmenities()),
                    PhotoView.of(c.getPhotos()));
        }
    }
}
