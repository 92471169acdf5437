package io.innflow.api.partner;

import io.innflow.api.http.Ids;
import io.innflow.connectors.catalog.CatalogException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;

/**
 * Body of {@code POST /v1/partner/hotels} and {@code PUT /v1/partner/hotels/{hotelId}}.
 *
 * @param hotelId the id to create the hotel under (POST only; generated when absent)
 * @param name the hotel's name, 1-200 characters
 * @param city its city, 1-100 characters
 * @param currency ISO 4217 code of its prices (default THB on create, unchanged on update)
 * @param timeZone IANA time zone (default Asia/Bangkok on create, unchanged on update)
 */
public record HotelRequest(String hotelId, String name, String city, String currency, String timeZone) {

    static final String DEFAULT_CURRENCY = "THB";
    static final String DEFAULT_TIME_ZONE = "Asia/Bangkok";

    /** Checks the body; throws {@link CatalogException.Invalid} naming the first problem. */
    HotelRequest validated(boolean create) {
        if (!create && hotelId != null) {
            throw CatalogException.Invalid.request("hotelId is part of the path; it cannot be changed");
        }
        if (hotelId != null) {
            Ids.require("hotelId", hotelId);
        }
        text("name", name, 200);
        text("city", city, 100);
        if (currency != null) {
            try {
                if (!currency.equals(Currency.getInstance(currency).getCurrencyCode())) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw CatalogException.Invalid.request("currency must be an ISO 4217 code such as THB: " + currency);
            }
        }
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                throw CatalogException.Invalid.request(
                        "timeZone must be an IANA time zone such as Asia/Bangkok: " + timeZone);
            }
        }
        return new HotelRequest(hotelId, name.trim(), city.trim(), currency, timeZone);
    }

    private static void text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw CatalogException.Invalid.request(field + " is required");
        }
        if (value.trim().length() > max) {
            throw CatalogException.Invalid.request(field + " may have at most " + max + " characters");
        }
    }
}
