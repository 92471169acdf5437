package io.innflow.streams.inventory;

import java.time.LocalDate;

/**
 * Keys of the state stores. Ids never contain {@code |} (the HTTP layer and the catalog reject
 * them), and ISO dates sort like the nights they name, so a range over one hotel and room type reads
 * a stay in order.
 */
public final class StoreKeys {

    public static final String SEPARATOR = "|";

    private StoreKeys() {}

    public static String night(String hotelId, String roomTypeId, LocalDate night) {
        return hotelId + SEPARATOR + roomTypeId + SEPARATOR + night;
    }

    /** The night of a {@link #night} key: the date after its last separator. */
    public static LocalDate nightOf(String nightKey) {
        return LocalDate.parse(nightKey.substring(nightKey.lastIndexOf(SEPARATOR) + 1));
    }

    public static String roomType(String hotelId, String roomTypeId) {
        return hotelId + SEPARATOR + roomTypeId;
    }

    public static String hold(String hotelId, String holdId) {
        return hotelId + SEPARATOR + holdId;
    }

    public static String booking(String hotelId, String bookingId) {
        return hotelId + SEPARATOR + bookingId;
    }

    /** A key of a time-ordered index: {@code <20-digit epoch millis>|hotelId|id}. */
    public static String timeIndex(java.time.Instant at, String hotelId, String id) {
        return epochMillis(at) + SEPARATOR + hotelId + SEPARATOR + id;
    }

    /** The epoch millis a {@link #timeIndex} key begins with. */
    public static long timeIndexMillis(String key) {
        return Long.parseLong(key, 0, 20, 10);
    }

    /** The largest time-index key at or before {@code at}. */
    public static String timeIndexUpTo(java.time.Instant at) {
        return epochMillis(at) + SEPARATOR + '\uffff';
    }

    /**
     * Epoch millis as 20 digits, zero-padded so keys sort by time (what {@code %020d} gives, without
     * a Formatter on every hold: it showed in the stream thread's profile).
     */
    static String epochMillis(java.time.Instant at) {
        String digits = Long.toString(at.toEpochMilli());
        return "0".repeat(Math.max(0, 20 - digits.length())) + digits;
    }

    public static String request(String hotelId, String requestId) {
        return hotelId + SEPARATOR + requestId;
    }

    /** A city as the offers index keys it: trimmed, in lower case. */
    public static String city(String city) {
        return city.trim().toLowerCase(java.util.Locale.ROOT);
    }

    /** The smallest key above every key that starts with {@code prefix + SEPARATOR}. */
    public static String prefixEnd(String prefix) {
        return prefix + (char) (SEPARATOR.charAt(0) + 1);
    }
}
