package io.innflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdeFactoryTest {

    private final TestSerdes serdes = new TestSerdes();

    @Test
    void shouldWriteTheConfluentWireFormat() {
        Serde<NightInventory> serde = serdes.factory().value(NightInventory.class);
        NightInventory night = NightInventory.newBuilder()
                .setAllotment(5)
                .setPriceMinor(120_000)
                .build();

        byte[] bytes = serde.serializer().serialize("some-topic", night);

        assertThat(bytes[0]).as("magic byte").isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as("schema id").isPositive();
        assertThat(serde.deserializer().deserialize("some-topic", bytes)).isEqualTo(night);
    }

    @Test
    void shouldReadACatalogRowWrittenLikeTheConnectConverter() {
        Topics topics = Topics.create(serdes.factory());
        String topic = topics.catalog(CatalogTable.ROOM_NIGHTS).name();
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", "bkk-001");
        row.put("room_type_id", "std");
        row.put("night", (int) LocalDate.of(2027, 1, 15).toEpochDay());
        row.put("allotment", 7);
        row.put("price_minor", 150_000L);
        row.put("stop_sell", false);
        row.put("min_los", 2);
        row.put("closed_to_arrival", false);
        row.put("closed_to_departure", true);

        CatalogChange change = topics.catalog(CatalogTable.ROOM_NIGHTS)
                .valueSerde()
                .deserializer()
                .deserialize(topic, serdes.catalogRow(topic, CatalogTable.ROOM_NIGHTS, row));

        assertThat(change.getDeleted()).isFalse();
        RoomNightRow night = (RoomNightRow) change.getRow();
        assertThat(night.getHotelId()).isEqualTo("bkk-001");
        assertThat(night.getNight()).isEqualTo(LocalDate.of(2027, 1, 15));
        assertThat(night.getAllotment()).isEqualTo(7);
        assertThat(night.getMinLos()).isEqualTo(2);
        assertThat(night.getMaxLos()).isNull();
        assertThat(night.getClosedToDeparture()).isTrue();
    }

    @Test
    void shouldAddTheV2PathToARegistryBaseUrl() {
        assertThat(AvroSerdeFactory.registryApi("http://127.0.0.1:8081/"))
                .isEqualTo("http://127.0.0.1:8081/apis/registry/v2");
        assertThat(AvroSerdeFactory.registryApi("http://h:1/apis/registry/v2"))
                .isEqualTo("http://h:1/apis/registry/v2");
    }
}
