package io.innflow.api.search;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.streams.inventory.CityNights;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;

/**
 * Searches the hotels of the partitions this instance owns as an active task, through the offers
 * index ({@link StoreNames#CITY_NIGHTS}): see {@link SearchMatcher} for what one partition reads.
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
            Lookup<SearchMatcher.Matches> found = stores.read(
                    new ReadScope(partition, true, null),
                    p -> new Lookup.Found<>(SearchMatcher.matches(new StoreSource(p), query)));
            if (found instanceof Lookup.Found<SearchMatcher.Matches> here) {
                matches.put(partition, here.value().count());
                hits.addAll(here.value().first());
            }
        }
        hits.sort(query.order());
        return new SearchLeg(matches, List.copyOf(hits.subList(0, Math.min(hits.size(), query.depth()))));
    }

    /** One partition's stores as search reads them. */
    private record StoreSource(LocalStores.Partition p) implements CatalogSource {

        @Override
        public List<KeyValue<String, NightOffer>> offers(String city, LocalDate night) {
            return p.range(StoreNames.CITY_NIGHTS, CityNights.prefix(city, night), CityNights.prefixEnd(city, night));
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
    }
}
