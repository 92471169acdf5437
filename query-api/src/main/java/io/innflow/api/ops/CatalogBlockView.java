package io.innflow.api.ops;

import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.streams.catalog.CatalogBlocks;
import io.innflow.streams.inventory.StoreNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The catalog rows this node's active tasks refuse new sales for, because their last change could not
 * be read (docs/reliability.md). Read from the local stores when asked: a scrape or the ops page, never
 * a stream thread.
 */
final class CatalogBlockView implements Supplier<List<UnreadableCatalogRow>> {

    private final KafkaStreams streams;

    CatalogBlockView(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<UnreadableCatalogRow> get() {
        try {
            return CatalogBlocks.all(streams.store(StoreQueryParameters.fromNameAndType(
                    StoreNames.CATALOG_BLOCKS, QueryableStoreTypes.<String, UnreadableCatalogRow>keyValueStore())));
        } catch (RuntimeException e) {
            // Not running or rebalancing: no store to read until it settles.
            return List.of();
        }
    }

    /** One block as the ops page shows it: ids, dates, where the record was and why it could not be read. */
    static Map<String, Object> json(UnreadableCatalogRow row) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("hotelId", row.getHotelId());
        entry.put("table", row.getTable());
        entry.put("roomTypeId", row.getRoomTypeId());
        entry.put("night", row.getNight() == null ? null : row.getNight().toString());
        entry.put("scope", CatalogBlocks.scope(row));
        entry.put("source", row.getSource());
        entry.put("reason", row.getReason());
        entry.put("since", row.getSeenAt().toString());
        return entry;
    }
}
