package io.innflow.streams.inventory;

/** State store names. They are permanent: each names a changelog topic. */
public final class StoreNames {

    /** {@code hotelId|roomTypeId|night} → {@code NightInventory}. */
    public static final String NIGHT_INVENTORY = "night-inventory-store";

    /** {@code hotelId} → {@code HotelInfo}. */
    public static final String HOTELS = "hotels-store";

    /** {@code hotelId|roomTypeId} → {@code RoomTypeInfo}. */
    public static final String ROOM_TYPES = "room-types-store";

    /**
     * {@code city (trimmed, lower case)|yyyy-MM-dd|hotelId|roomTypeId} → {@code NightOffer}: the offers
     * index search reads, one entry per night row of a known hotel and room type ({@link CityNights}). Written with
     * every change of a night, by both the catalog and the reservation processor.
     */
    public static final String CITY_NIGHTS = "city-nights-store";

    /**
     * {@code hotelId|table[|roomTypeId[|night]]} → {@code UnreadableCatalogRow}: catalog rows whose last
     * change could not be read, and whose new sales are refused until a readable change of the row.
     */
    public static final String CATALOG_BLOCKS = "catalog-blocks-store";

    /** {@code hotelId|holdId} → {@code Hold}. */
    public static final String HOLDS = "holds-store";

    /** {@code hotelId|bookingId} → {@code Booking}. */
    public static final String BOOKINGS = "bookings-store";

    /** {@code expiresAt (20-digit epoch millis)|hotelId|holdId} → holdId: the index the hold expiry scans. */
    public static final String HOLD_EXPIRY = "hold-expiry-store";

    /** {@code storedAt (20-digit epoch millis)|hotelId|requestId} → requestId: the idempotency window's index. */
    public static final String REQUEST_EXPIRY = "request-expiry-store";

    /** {@code hotelId|principal} → room-nights of the principal's active holds at the hotel. */
    public static final String HOLD_QUOTA = "hold-quota-store";

    /** {@code hotelId|requestId} → {@code RequestRecord}. */
    public static final String REQUESTS = "requests-store";

    /** {@code principal|hotelId|bookingId} → {@code Booking}: the guest view, re-keyed from the events. */
    public static final String GUEST_BOOKINGS = "guest-bookings-store";

    /** {@code principal|hotelId|holdId} → {@code Hold}, active holds only: the guest view. */
    public static final String GUEST_HOLDS = "guest-holds-store";

    private StoreNames() {}
}
