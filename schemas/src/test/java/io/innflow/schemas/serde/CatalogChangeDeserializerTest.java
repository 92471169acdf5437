package io.innflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.catalog.RoomTypeInfo;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Catalog rows decode only when they carry every column the topology reads: nothing is defaulted. */
class CatalogChangeDeserializerTest {

    private static final byte[] ANY = {1};

    @Test
    void shouldReadACompleteHotelRowAndIgnoreColumnsItDoesNotUse() {
        Map<String, Object> row = hotel();
        row.put("loyalty_programme", "a column the topology does not read");

        HotelInfo hotel = (HotelInfo) decode(CatalogTable.HOTELS, row).getRow();

        assertThat(hotel.getStatus()).isEqualTo("PENDING");
        assertThat(hotel.getCurrency()).isEqualTo("THB");
    }

    @Test
    void shouldRefuseAHotelRowWithoutItsStatusRatherThanApproveIt() {
        Map<String, Object> row = hotel();
        row.remove("status");

        assertThatThrownBy(() -> decode(CatalogTable.HOTELS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("missing column status")
                .hasMessageContaining("catalog.public.hotels");
    }

    @Test
    void shouldRefuseANullWhereTheTableSaysNotNull() {
        Map<String, Object> row = hotel();
        row.put("time_zone", null);

        assertThatThrownBy(() -> decode(CatalogTable.HOTELS, row))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("column time_zone is null");
    }

    @Test
    void shouldRefuseARoomTypeRowWithoutActiveOrAllowance() {
        Map<String, Object> noActive = roomType();
        noActive.remove("active");
        Map<String, Object> noAllowance = roomType();
        noAllowance.remove("overbooking_allowance");

        assertThatThrownBy(() -> decode(CatalogTable.ROOM_TYPES, noActive))
                .hasMessageContaining("missing column active");
        assertThatThrownBy(() -> decode(CatalogTable.ROOM_TYPES, noAllowance))
                .hasMessageContaining("missing column overbooking_allowance");
        assertThat(((RoomTypeInfo) decode(CatalogTable.ROOM_TYPES, roomType()).getRow()).getActive())
                .isFalse();
    }

    @Test
    void shouldRefuseANightWithoutStopSellOrOfTheWrongTypeButAcceptNullLengthsOfStay() {
        Map<String, Object> noStopSell = night();
        noStopSell.remove("stop_sell");
        Map<String, Object> textStopSell = night();
        textStopSell.put("stop_sell", "true");
        Map<String, Object> noMinLos = night();
        noMinLos.remove("min_los");

        assertThatThrownBy(() -> decode(CatalogTable.ROOM_NIGHTS, noStopSell))
                .hasMessageContaining("missing column stop_sell");
        assertThatThrownBy(() -> decode(CatalogTable.ROOM_NIGHTS, textStopSell))
                .hasMessageContaining("column stop_sell is not a boolean");
        assertThatThrownBy(() -> decode(CatalogTable.ROOM_NIGHTS, noMinLos))
                .hasMessageContaining("missing column min_los");
        RoomNightRow night =
                (RoomNightRow) decode(CatalogTable.ROOM_NIGHTS, night()).getRow();
        assertThat(night.getMinLos()).isNull();
        assertThat(night.getStopSell()).isTrue();
    }

    private static CatalogChange decode(CatalogTable table, Map<String, Object> row) {
        return new CatalogChangeDeserializer(table, (topic, bytes) -> row)
                .deserialize("catalog.public." + table.tableName(), ANY);
    }

    private static Map<String, Object> hotel() {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-001");
        row.put("name", "Hotel");
        row.put("city", "Bangkok");
        row.put("currency", "THB");
        row.put("time_zone", "Asia/Bangkok");
        row.put("status", "PENDING");
        row.put("__deleted", "false");
        return row;
    }

    private static Map<String, Object> roomType() {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-001");
        row.put("room_type_id", "std");
        row.put("code", "STD");
        row.put("name", "Standard");
        row.put("capacity", 2);
        row.put("total_rooms", 5);
        row.put("base_price_minor", 100_000L);
        row.put("overbooking_allowance", 0);
        row.put("active", false);
        return row;
    }

    private static Map<String, Object> night() {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-001");
        row.put("room_type_id", "std");
        row.put("night", 20_000);
        row.put("allotment", 5);
        row.put("price_minor", 150_000L);
        row.put("stop_sell", true);
        row.put("min_los", null);
        row.put("max_los", null);
        row.put("closed_to_arrival", false);
        row.put("closed_to_departure", false);
        return row;
    }
}
