package io.innflow.api.search;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * Searches the hotels of the partitions this instance owns. A room type is offered only when {@link
 * SellRules#checkStay} would let a hold of {@code rooms} rooms through on every night, so what search
 * shows can be held.
 */
public final class LocalSearch {

    private final LocalStores stores;

    public LocalSearch(LocalStores stores) {
        this.stores = stores;
    }

    public SearchLeg search(SearchQuery query) {
        Map<Integer, Integer> matches = new java.util.TreeMap<>();
        List<SearchHit> hits = new ArrayList<>();
        String city = query.city().toLowerCase(Locale.ROOT);
        for (Map.Entry<Integer, List<KeyValue<String, HotelInfo>>> partition :
                stores.<HotelInfo>scanActive(StoreNames.HOTELS).entrySet()) {
            List<HotelInfo> candidates = partition.getValue().stream()
                    .map(kv -> kv.value)
                    .filter(h -> "APPROVED".equals(h.getStatus())
                            && h.getCity().toLowerCase(Locale.ROOT).equals(city))
                    .toList();
            Lookup<List<SearchHit>> found = stores.read(new ReadScope(partition.getKey(), true, null), p -> {
                List<SearchHit> out = new ArrayList<>();
                for (HotelInfo hotel : candidates) {
                    SearchHit hit = hit(p, hotel, query);
                    if (hit != null) {
                        out.add(hit);
                    }
                }
                return new Lookup.Found<>(out);
            });
            if (found instanceof Lookup.Found<List<SearchHit>> here) {
                matches.put(partition.getKey(), here.value().size());
                hits.addAll(here.value());
            }
        }
        hits.sort(query.order());
        return new SearchLeg(matches, List.copyOf(hits.subList(0, Math.min(hits.size(), query.depth()))));
    }

    private static SearchHit hit(LocalStores.Partition p, HotelInfo hotel, SearchQuery query) {
        String hotelId = hotel.getHotelId();
        List<SearchHit.Offer> offers = new ArrayList<>();
        for (KeyValue<String, RoomTypeInfo> entry : p.<RoomTypeInfo>range(
                StoreNames.ROOM_TYPES, hotelId + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(hotelId))) {
            RoomTypeInfo type = entry.value;
            if (!type.getActive() || (long) type.getCapacity() * query.rooms() < query.guests()) {
                continue;
            }
            SearchHit.Offer offer = offer(p, hotel, type, query);
            if (offer != null) {
                offers.add(offer);
            }
        }
        if (offers.isEmpty()) {
            return null;
        }
        offers.sort(Comparator.comparingLong(SearchHit.Offer::totalMinor).thenComparing(SearchHit.Offer::roomTypeId));
        return new SearchHit(
                hotelId,
                hotel.getName(),
                hotel.getCity(),
                hotel.getCurrency(),
                offers.get(0).totalMinor(),
                List.copyOf(offers));
    }

    private static SearchHit.Offer offer(
            LocalStores.Partition p, HotelInfo hotel, RoomTypeInfo type, SearchQuery query) {
        int length = (int) ChronoUnit.DAYS.between(query.checkIn(), query.checkOut());
        List<NightInventory> nights = new ArrayList<>(java.util.Collections.nCopies(length, null));
        String fromKey = StoreKeys.night(hotel.getHotelId(), type.getRoomTypeId(), query.checkIn());
        String toKey = StoreKeys.night(hotel.getHotelId(), type.getRoomTypeId(), query.checkOut());
        NightInventory departure = null;
        for (KeyValue<String, NightInventory> row :
                p.<NightInventory>range(StoreNames.NIGHT_INVENTORY, fromKey, toKey)) {
            if (row.key.equals(toKey)) {
                departure = row.value;
                continue;
            }
            LocalDate night = LocalDate.parse(row.key.substring(row.key.lastIndexOf(StoreKeys.SEPARATOR) + 1));
            nights.set((int) ChronoUnit.DAYS.between(query.checkIn(), night), row.value);
        }
        if (SellRules.checkStay(hotel, type, query.checkIn(), query.checkOut(), query.rooms(), nights, departure)
                .isPresent()) {
            return null;
        }
        long perRoom = 0;
        int available = Integer.MAX_VALUE;
        for (NightInventory night : nights) {
            perRoom += night.getPriceMinor();
            available = Math.min(available, SellRules.available(night, type.getOverbookingAllowance()));
        }
        return new SearchHit.Offer(
                type.getRoomTypeId(), type.getName(), type.getCapacity(), available, perRoom * query.rooms());
    }
}
