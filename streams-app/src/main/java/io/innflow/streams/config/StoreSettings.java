package io.innflow.streams.config;

import java.util.List;
import java.util.Map;

/**
 * How much off-heap memory the node's RocksDB state stores may use, all stores together.
 *
 * @param blockCacheMib one block cache shared by every store of the process (index and filter blocks
 *     included), in MiB
 * @param writeBufferMib the part of that cache memtables may take before they are flushed, in MiB
 * @param recordCacheMib Kafka Streams' record cache on the heap, all stream threads together, in MiB: it
 *     folds the writes of one commit interval to one key (a hot night) into one changelog record
 */
public record StoreSettings(int blockCacheMib, int writeBufferMib, int recordCacheMib) {

    public static final Setting<Integer> BLOCK_CACHE_MIB = Setting.of(
            "innflow.rocksdb.block-cache-mib",
            "512",
            Setting.between(8, 1 << 20),
            "RocksDB memory of the whole node in MiB: one block cache shared by every state store (index and"
                    + " filter blocks and memtables are counted in it)");
    public static final Setting<Integer> WRITE_BUFFER_MIB = Setting.of(
            "innflow.rocksdb.write-buffer-mib",
            "256",
            Setting.between(1, 1 << 20),
            "the part of the block cache that memtables of all stores may fill before they are flushed, in MiB"
                    + " (at most the block cache)");

    public static final Setting<Integer> RECORD_CACHE_MIB = Setting.of(
            "innflow.streams.record-cache-mib",
            "16",
            Setting.between(0, 1 << 16),
            "Kafka Streams' record cache on the heap, in MiB (statestore.cache.max.bytes): the writes to one"
                    + " night counter between two commits go to its changelog as one record; 0 turns it off");

    /** Every key of the state stores, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(BLOCK_CACHE_MIB, WRITE_BUFFER_MIB, RECORD_CACHE_MIB);

    public StoreSettings {
        if (writeBufferMib > blockCacheMib) {
            throw new IllegalArgumentException(WRITE_BUFFER_MIB.key() + " (" + writeBufferMib + ") must not exceed "
                    + BLOCK_CACHE_MIB.key() + " (" + blockCacheMib + ")");
        }
    }

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static StoreSettings from(Map<String, String> values) {
        return new StoreSettings(
                BLOCK_CACHE_MIB.read(values), WRITE_BUFFER_MIB.read(values), RECORD_CACHE_MIB.read(values));
    }

    /** Block cache size in bytes. */
    public long blockCacheBytes() {
        return blockCacheMib * 1024L * 1024L;
    }

    /** Record cache size in bytes. */
    public long recordCacheBytes() {
        return recordCacheMib * 1024L * 1024L;
    }

    /** Memtable budget in bytes. */
    public long writeBufferBytes() {
        return writeBufferMib * 1024L * 1024L;
    }
}
