package io.innflow.streams.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.serde.TestSerdes;
import io.innflow.streams.inventory.MockStores;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offers index fill of a store kept from before the index: each slice of room types is its own
 * transaction, because a room type counts as indexed once its first night has an entry, and a restart
 * must never find one half indexed. The slice asks for a commit; otherwise the punctuator (every
 * millisecond) would put as many slices into one transaction as fit in the commit interval.
 */
class OffersIndexFillCommitTest {

    private static final LocalDate NIGHT = LocalDate.of(2027, 3, 10);

    private final TestSerdes serdes = new TestSerdes();
    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private KeyValueStore<String, NightOffer> offers;

    @BeforeEach
    void aStoreWithoutTheIndex() {
        KeyValueStore<String, HotelInfo> hotels =
                store(StoreNames.HOTELS, serdes.factory().value(HotelInfo.class));
        KeyValueStore<String, RoomTypeInfo> roomTypes =
                store(StoreNames.ROOM_TYPES, serdes.factory().value(RoomTypeInfo.class));
        KeyValueStore<String, NightInventory> nights =
                store(StoreNames.NIGHT_INVENTORY, serdes.factory().value(NightInventory.class));
        offers = store(StoreNames.CITY_NIGHTS, serdes.factory().value(NightOffer.class));
        store(StoreNames.CATALOG_BLOCKS, serdes.factory().value(UnreadableCatalogRow.class));
        hotels.put("h-1", new HotelInfo("h-1", "Hotel", "Bangkok", "THB", "Asia/Bangkok", "APPROVED", null));
        for (int t = 0; t <= ApplyCatalogChangeProcessor.INDEX_SLICE; t++) {
            String type = "rt" + t;
            roomTypes.put(
                    StoreKeys.roomType("h-1", type),
                    RoomTypeInfo.newBuilder()
                            .setHotelId("h-1")
                            .setRoomTypeId(type)
                            .setName("Room " + t)
                            .setCapacity(2)
                            .setTotalRooms(3)
                            .setBasePriceMinor(100_000)
                            .build());
            nights.put(
                    StoreKeys.night("h-1", type, NIGHT),
                    NightInventory.newBuilder()
                            .setAllotment(3)
                            .setPriceMinor(100_000)
                            .setFromCatalog(true)
                            .build());
        }
    }

    @Test
    void commitsEachSliceOnItsOwn() {
        new ApplyCatalogChangeProcessor(Duration.ZERO).init(context);
        var fill = context.scheduledPunctuators().get(0);

        fill.getPunctuator().punctuate(0);
        assertThat(count()).as("one slice").isEqualTo(ApplyCatalogChangeProcessor.INDEX_SLICE);
        assertThat(context.committed()).as("the slice asked for its commit").isTrue();

        context.resetCommit();
        fill.getPunctuator().punctuate(1);
        assertThat(count()).as("the rest").isEqualTo(ApplyCatalogChangeProcessor.INDEX_SLICE + 1);
        assertThat(context.committed()).isTrue();
        assertThat(fill.cancelled()).as("nothing left to fill").isTrue();
    }

    @Test
    void asksForNoCommitWhenNothingNeededIndexing() {
        ApplyCatalogChangeProcessor processor = new ApplyCatalogChangeProcessor(Duration.ZERO);
        processor.init(context);
        var fill = context.scheduledPunctuators().get(0);
        fill.getPunctuator().punctuate(0);
        fill.getPunctuator().punctuate(1);
        context.resetCommit();

        fill.getPunctuator().punctuate(2);

        assertThat(context.committed()).isFalse();
    }

    private long count() {
        long n = 0;
        try (var all = offers.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        return MockStores.open(context, name, values);
    }
}
