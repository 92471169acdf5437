package io.innflow.connectors.catalog;

import java.time.Instant;

/** A row of {@code hotels}. */
public record HotelRow(
        String hotelId,
        String name,
        String city,
        String currency,
        String timeZone,
        String status,
        String partnerId,
        Instant createdAt,
        Instant updatedAt) {

    /** The statuses of a hotel; only APPROVED hotels are listed and bookable. */
    public static final String PENDING = "PENDING";

    public static final String APPROVED = "APPROVED";
    public static final String SUSPENDED = "SUSPENDED";

    /**
     * The fields a partner edits, with the status: the before/after of an audit entry.
     *
     * @param currency ISO 4217 code
     * @param timeZone IANA time zone
     */
    public record Summary(String name, String city, String currency, String timeZone, String status) {}

    public Summary summary() {
        return new Summary(name, city, currency, timeZone, status);
    }

    /** This hotel with other partner-editable fields; id, status, owner and times kept. */
    public HotelRow edited(String name, String city, String currency, String timeZone) {
        return new HotelRow(hotelId, name, city, currency, timeZone, status, partnerId, createdAt, updatedAt);
    }
}
