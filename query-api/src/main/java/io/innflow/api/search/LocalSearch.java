package io.innflow.api.search;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * Searches the hotels of the partitions this instance owns as an active task, through the city
 * index ({@link StoreNames#HOTELS_BY_CITY}): see {@link SearchMatcher} for what one partition reads.
 */
public final class LocalSearch {

    private final LocalStores stores;

    public LocalSearch(LocalStores stores) {
        this.stores = stores;
    }

    public SearchLeg search(SearchQuery query) {
        Map<Integer, Integer> matches = new TreeMap<>();
        List<SearchHit> hits = new ArrayList<>();
        for (int partition : stores.activePartitions()) {
            Lookup<List<SearchHit>> found = stores.read(
                    new ReadScope(partition, true, null),
                    p -> new Lookup.Found<>(SearchMatcher.matches(new StoreSource(p), query)));
            if (found instanceof Lookup.Found<List<SearchHit>> here) {
                matches.put(partition, here.value().size());
                hits.addAll(here.value());
            }
        }
        hits.sort(query.order());
        return new SearchLeg(matches, List.copyOf(hits.subList(0, Math.min(hits.size(), query.depth()))));
    }

    /** One partition's stores as search reads them. */
    private record StoreSource(LocalStores.Partition p) implements CatalogSource {

        @Override
        public List<String> hotelIdsIn(String city) {
            List<String> ids = new ArrayList<>();
            for (KeyValue<String, String> entry :
                    p.<String>range(StoreNames.HOTELS_BY_CITY, city + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(city))) {
                ids.add(entry.value);
            }
            return ids;
        }

        @Override
        public HotelInfo hotel(String hotelId) {
            return p.get(StoreNames.HOTELS, hotelId);
        }

        @Override
        public List<RoomTypeInfo> roomTypes(String hotelId) {
            List<RoomTypeInfo> types = new ArrayList<>();
            for (KeyValue<String, RoomTypeInfo> entry : p.<RoomTypeInfo>range(
                    StoreNames.ROOM_TYPES, hotelId + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(hotelId))) {
                types.add(entry.value);
            }
            return types;
        }

        @Override
        public List<KeyValue<String, NightInventory>> nights(String fromKey, String toKey) {
            return p.range(StoreNames.NIGHT_INVENTORY, fromKey, toKey);
        }
    }
}
