package io.innflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.Photo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The content columns of hotels and room types (migration V40), decoded fail-closed. */
class ContentColumnsTest {

    private final TestSerdes serdes = new TestSerdes();
    private final Topics topics = Topics.create(serdes.factory());

    @Test
    void shouldReadAHotelsContentWrittenLikeTheConnectConverter() {
        Map<String, Object> row = hotelRow();
        row.putAll(hotelContent());

        HotelInfo hotel = (HotelInfo) decode(CatalogTable.HOTELS, row).getRow();

        HotelContent content = hotel.getContent();
        assertThat(content.getStarRating()).isEqualTo(4);
        assertThat(content.getLatitude()).isEqualTo(13.7244);
        assertThat(content.getAmenities()).containsExactly("wifi", "pool");
        assertThat(content.getPhotos())
                .containsExactly(
                        new Photo("https://img.example/1.jpg", "Lobby"), new Photo("https://img.example/2.jpg", null));
        assertThat(content.getCheckInTime()).isEqualTo("14:00");
        assertThat(content.getFreeCancellation()).isTrue();
    }

    @Test
    void shouldReadARowWrittenBeforeTheContentColumnsAsHavingNoContent() {
        HotelInfo hotel = (HotelInfo) decode(CatalogTable.HOTELS, hotelRow()).getRow();

        assertThat(hotel.getName()).isEqualTo("Silom Lotus Hotel");
        assertThat(hotel.getContent()).isNull();
    }

    @Test
    void shouldReadARoomTypesContent() {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-001");
        row.put("room_type_id", "std");
        row.put("code", "STD");
        row.put("name", "Standard");
        row.put("capacity", 2);
        row.put("total_rooms", 10);
        row.put("base_price_minor", 150_000L);
        row.put("overbooking_allowance", 0);
        row.put("active", true);
        row.put("description", null);
        row.put("bed_type", "queen");
        row.put("size_m2", 28);
        row.put("amenities", List.of("tv"));
        row.put("photos", "[]");

        RoomTypeInfo type = (RoomTypeInfo) decode(CatalogTable.ROOM_TYPES, row).getRow();

        assertThat(type.getContent().getBedType()).isEqualTo("queen");
        assertThat(type.getContent().getSizeM2()).isEqualTo(28);
        assertThat(type.getContent().getAmenities()).containsExactly("tv");
        assertThat(type.getContent().getPhotos()).isEmpty();
    }

    @Test
    void shouldRefuseAContentRowWhoseRequiredColumnIsEmpty() {
        Map<String, Object> row = hotelRow();
        row.putAll(hotelContent());
        row.put("free_cancellation", null);

        assertThatThrownBy(() -> decodeMap(CatalogTable.HOTELS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("free_cancellation");
    }

    @Test
    void shouldRefuseARowWithOnlySomeContentColumns() {
        Map<String, Object> row = hotelRow();
        row.putAll(hotelContent());
        row.remove("amenities");

        assertThatThrownBy(() -> decodeMap(CatalogTable.HOTELS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("amenities");
    }

    @Test
    void shouldRefusePhotosThatAreNotAJsonArrayOfUrls() {
        Map<String, Object> row = hotelRow();
        row.putAll(hotelContent());
        row.put("photos", "[{\"caption\": \"no url\"}]");

        assertThatThrownBy(() -> decodeMap(CatalogTable.HOTELS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("url");
    }

    private CatalogChange decode(CatalogTable table, Map<String, Object> row) {
        String topic = topics.catalog(table).name();
        return topics.catalog(table)
                .valueSerde()
                .deserializer()
                .deserialize(topic, serdes.catalogRow(topic, table, row));
    }

    private static CatalogChange decodeMap(CatalogTable table, Map<String, Object> row) {
        return new CatalogChangeDeserializer(table, (topic, bytes) -> row).deserialize("t", new byte[] {1});
    }

    private static Map<String, Object> hotelRow() {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-003");
        row.put("name", "Silom Lotus Hotel");
        row.put("city", "Bangkok");
        row.put("currency", "THB");
        row.put("time_zone", "Asia/Bangkok");
        row.put("status", "APPROVED");
        return row;
    }

    private static Map<String, Object> hotelContent() {
        Map<String, Object> row = new HashMap<>();
        row.put("description", "Near the Skytrain");
        row.put("star_rating", 4);
        row.put("address", "1 Silom Road");
        row.put("latitude", 13.7244);
        row.put("longitude", 100.5310);
        row.put("amenities", List.of("wifi", "pool"));
        row.put(
                "photos",
                "[{\"url\": \"https://img.example/1.jpg\", \"caption\": \"Lobby\"}, {\"url\": \"https://img.example/2.jpg\"}]");
        row.put("check_in_time", "14:00");
        row.put("check_out_time", "12:00");
        row.put("cancellation_policy", "Free until 24 hours before arrival");
        row.put("free_cancellation", true);
        return row;
    }
}
