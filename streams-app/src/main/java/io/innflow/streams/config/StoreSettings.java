package io.innflow.streams.config;

import java.util.List;
import java.util.Map;

/**
 * How much off-heap memory the node's RocksDB state stores may use, all stores together.
 *
 * @param blockCacheMib one block cache shared by every store of the process (index and filter blocks
 *     included), in MiB
 * @param writeBufferMib the part of that cache memtables may take before they are flushed, in MiB
 */
public record StoreSettings(int blockCacheMib, int writeBufferMib) {

    public static final Setting<Integer> BLOCK_CACHE_MIB = Setting.of(
            "innflow.rocksdb.block-cache-mib",
            "64",
            Setting.between(8, 1 << 20),
            "RocksDB memory of the whole node in MiB: one block cache shared by every state store (index and"
                    + " filter blocks and memtables are counted in it)");
    public static final Setting<Integer> WRITE_BUFFER_MIB = Setting.of(
            "innflow.rocksdb.write-buffer-mib",
            "16",
            Setting.between(1, 1 << 20),
            "the part of the block cache that memtables of all stores may fill before they are flushed, in MiB"
                    + " (at most the block cache)");

    /** Every key of the state stores, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(BLOCK_CACHE_MIB, WRITE_BUFFER_MIB);

    public StoreSettings {
        if (writeBufferMib > blockCacheMib) {
            throw new IllegalArgumentException(WRITE_BUFFER_MIB.key() + " (" + writeBufferMib + ") must not exceed "
                    + BLOCK_CACHE_MIB.key() + " (" + blockCacheMib + ")");
        }
    }

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static StoreSettings from(Map<String, String> values) {
        return new StoreSettings(BLOCK_CACHE_MIB.read(values), WRITE_BUFFER_MIB.read(values));
    }

    /** Block cache size in bytes. */
    public long blockCacheBytes() {
        return blockCacheMib * 1024L * 1024L;
    }

    /** Memtable budget in bytes. */
    public long writeBufferBytes() {
        return writeBufferMib * 1024L * 1024L;
    }
}
