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
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
        return SearchMatcher.search(new StorePartitions(), query);
    }

    /** The partitions this instance owns as an active task now, each read under an active scope. */
    private final class StorePartitions implements SearchMatcher.Partitions {

        private final Set<Integer> numbers = stores.activePartitions();

        @Override
        public Set<Integer> numbers() {
            return numbers;
        }

        @Override
        public <T> Optional<T> read(int partition, Function<CatalogSource, T> read) {
            Lookup<T> found = stores.read(
                    new ReadScope(partition, true, null), p -> new Lookup.Found<>(read.apply(new StoreSource(p))));
            return found instanceof Lookup.Found<T> here ? Optional.of(here.value()) : Optional.empty();
        }
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
