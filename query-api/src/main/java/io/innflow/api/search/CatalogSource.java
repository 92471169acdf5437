package io.innflow.api.search;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/** What search reads of one partition's stores; each method is one index read, one get or one range. */
interface CatalogSource {

    /** The ids of the hotels indexed under {@code city} (normalised like the city index). */
    List<String> hotelIdsIn(String city);

    /** The hotel, or null. */
    HotelInfo hotel(String hotelId);

    /** The hotel's room types, in id order. */
    List<RoomTypeInfo> roomTypes(String hotelId);

    /** Night rows with keys in [fromKey, toKey], in key order. */
    List<KeyValue<String, NightInventory>> nights(String fromKey, String toKey);
}
