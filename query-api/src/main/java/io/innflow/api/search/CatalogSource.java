package io.innflow.api.search;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightOffer;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** What search reads of one partition's stores; each method is one range or one get. */
interface CatalogSource {

    /**
     * The offers index entries of {@code city} on {@code night}, in key order: keys {@code
     * city|yyyy-MM-dd|hotelId|roomTypeId} (see {@code CityNights}).
     */
    List<KeyValue<String, NightOffer>> offers(String city, LocalDate night);

    /** The hotel, or null. */
    HotelInfo hotel(String hotelId);

    /** The hotel's room types, in id order. */
    List<RoomTypeInfo> roomTypes(String hotelId);
}
