package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.StoreSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void shouldGiveEveryStoreTheSameCacheAndWriteBufferManager() {
        Map<String, Object> configs = new HashMap<>(BoundedRocksDb.properties(new StoreSettings(32, 8, 16)));
        try (Options first = new Options().setTableFormatConfig(new BlockBasedTableConfig());
                Options second = new Options().setTableFormatConfig(new BlockBasedTableConfig())) {
            BoundedRocksDb setter = new BoundedRocksDb();

            setter.setConfig("holds-store", first, configs);
            setter.setConfig("bookings-store", second, configs);

            BlockBasedTableConfig a = (BlockBasedTableConfig) first.tableFormatConfig();
            BlockBasedTableConfig b = (BlockBasedTableConfig) second.tableFormatConfig();
            assertThat(a.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(a.pinTopLevelIndexAndFilter()).isTrue();
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(b.cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    @Test
    void shouldRefuseAWriteBufferLargerThanTheCache() {
        assertThatThrownBy(() -> new StoreSettings(16, 32, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("innflow.rocksdb.write-buffer-mib");
    }

    @Test
    void shouldBeConfiguredByTheNodesStreamsSettings() {
        var props = StreamsSettings.forNode(
                InnflowConfig.of(Map.of()).node(), Topics.create(new TestSerdes().factory()), "localhost:8080");

        assertThat(props.get("rocksdb.config.setter")).isEqualTo(BoundedRocksDb.class);
        assertThat(props.get(BoundedRocksDb.CACHE_BYTES)).isEqualTo(512L * 1024 * 1024);
        assertThat(props.get(BoundedRocksDb.WRITE_BUFFER_BYTES)).isEqualTo(256L * 1024 * 1024);
    }
}
