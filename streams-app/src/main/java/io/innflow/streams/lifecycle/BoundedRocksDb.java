package io.innflow.streams.lifecycle;

import io.innflow.streams.config.StoreSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the process by one shared block cache, with memtables
 * charged to it through one write-buffer manager (the pattern Kafka Streams documents for bounded
 * memory). Without it each store segment gets its own cache and memtables, so memory grows with the
 * number of stores and partitions a node owns.
 *
 * <p>Kafka Streams creates this class by name, per store; the cache and manager are shared by every
 * store configured with the same sizes, and are never closed while the process runs.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Streams config keys carrying the sizes from {@link StoreSettings} to this class. */
    static final String CACHE_BYTES = "innflow.rocksdb.block-cache-bytes";

    static final String WRITE_BUFFER_BYTES = "innflow.rocksdb.write-buffer-bytes";

    /** Share of the cache kept for index and filter blocks, so they are not evicted by data blocks. */
    private static final double INDEX_FILTER_RATIO = 0.1;

    private static final Map<Sizes, Shared> SHARED = new ConcurrentHashMap<>();

    private record Sizes(long cacheBytes, long writeBufferBytes) {}

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {}

    /** The Streams properties that configure this class with {@code settings}. */
    static Map<String, Object> properties(StoreSettings settings) {
        return Map.of(
                CACHE_BYTES, settings.blockCacheBytes(),
                WRITE_BUFFER_BYTES, settings.writeBufferBytes());
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(
                new Sizes(bytes(configs, CACHE_BYTES), bytes(configs, WRITE_BUFFER_BYTES)), BoundedRocksDb::create);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the manager are shared by every store: closing one store must not free them.
    }

    private static Shared create(Sizes sizes) {
        Cache cache = new LRUCache(sizes.cacheBytes(), -1, false, INDEX_FILTER_RATIO);
        return new Shared(cache, new WriteBufferManager(sizes.writeBufferBytes(), cache));
    }

    private static long bytes(Map<String, Object> configs, String key) {
        Object value = configs.get(key);
        if (value == null) {
            throw new IllegalStateException(key + " is not set: StreamsSettings sets it with the config setter");
        }
        return Long.parseLong(value.toString());
    }
}
