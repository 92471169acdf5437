package io.innflow.api.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Interactive queries over the local inventory and catalog stores. */
public final class InventoryQueries {

    private final KafkaStreams streams;
    private final HostInfo self;

    public InventoryQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Hotels in a city (all when city is null) known to the stores of this instance, by name. */
    public Lookup<List<HotelView>> hotels(String city) {
        try {
            ReadOnlyKeyValueStore<String, HotelInfo> hotels = store(StoreNames.HOTELS);
            ReadOnlyKeyValueStore<String, RoomTypeInfo> roomTypes = store(StoreNames.ROOM_TYPES);
            List<HotelView> views = new ArrayList<>();
            try (KeyValueIterator<String, HotelInfo> it = hotels.all()) {
                while (it.hasNext()) {
                    HotelInfo hotel = it.next().value;
                    if (!"APPROVED".equals(hotel.getStatus())) {
                        continue;
                    }
                    if (city != null
                            && !hotel.getCity().toLowerCase(Locale.ROOT).equals(city.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    views.add(view(hotel, roomTypesOf(roomTypes, hotel.getHotelId())));
                }
            }
            views.sort(Comparator.comparing(HotelView::name).thenComparing(HotelView::hotelId));
            return new Lookup.Found<>(views);
        } catch (InvalidStateStoreException e) {
            return new Lookup.NotReady<>(e.getMessage());
        }
    }

    /** Per-night availability of one hotel over [from, to), for one room type or all. */
    public Lookup<AvailabilityView> availability(String hotelId, LocalDate from, LocalDate to, String roomTypeId) {
        Lookup<Void> owner = owner(hotelId);
        if (!(owner instanceof Lookup.Found)) {
            return cast(owner);
        }
        try {
            HotelInfo hotel = this.<HotelInfo>store(StoreNames.HOTELS).get(hotelId);
            if (hotel == null || !"APPROVED".equals(hotel.getStatus())) {
                return new Lookup.NotFound<>("hotel " + hotelId);
            }
            ReadOnlyKeyValueStore<String, RoomTypeInfo> roomTypes = store(StoreNames.ROOM_TYPES);
            ReadOnlyKeyValueStore<String, NightInventory> nights = store(StoreNames.NIGHT_INVENTORY);
            List<RoomTypeInfo> types = new ArrayList<>();
            if (roomTypeId != null) {
                RoomTypeInfo type = roomTypes.get(StoreKeys.roomType(hotelId, roomTypeId));
                if (type == null) {
                    return new Lookup.NotFound<>("room type " + roomTypeId + " of hotel " + hotelId);
                }
                types.add(type);
            } else {
                types.addAll(roomTypesOf(roomTypes, hotelId));
            }
            List<AvailabilityView.RoomTypeNights> result = new ArrayList<>();
            for (RoomTypeInfo type : types) {
                result.add(new AvailabilityView.RoomTypeNights(
                        type.getRoomTypeId(), type.getName(), type.getCapacity(), nightsOf(nights, type, from, to)));
            }
            return new Lookup.Found<>(new AvailabilityView(hotelId, hotel.getCurrency(), from, to, result));
        } catch (InvalidStateStoreException e) {
            return new Lookup.NotReady<>(e.getMessage());
        }
    }

    /** Found when this instance's active task owns the hotel. */
    private Lookup<Void> owner(String hotelId) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(
                StoreNames.NIGHT_INVENTORY, hotelId, Serdes.String().serializer());
        if (meta == null || KeyQueryMetadata.NOT_AVAILABLE.equals(meta)) {
            return new Lookup.NotReady<>("the owner of hotel " + hotelId + " is not known yet");
        }
        HostInfo active = meta.activeHost();
        if (!self.equals(active)) {
            return new Lookup.Elsewhere<>(active.host(), active.port());
        }
        return new Lookup.Found<>(null);
    }

    private static List<AvailabilityView.Night> nightsOf(
            ReadOnlyKeyValueStore<String, NightInventory> nights, RoomTypeInfo type, LocalDate from, LocalDate to) {
        List<AvailabilityView.Night> out = new ArrayList<>();
        String fromKey = StoreKeys.night(type.getHotelId(), type.getRoomTypeId(), from);
        String toKey = StoreKeys.night(type.getHotelId(), type.getRoomTypeId(), to);
        try (KeyValueIterator<String, NightInventory> it = nights.range(fromKey, toKey)) {
            while (it.hasNext()) {
                KeyValue<String, NightInventory> entry = it.next();
                if (entry.key.equals(toKey)) {
                    continue; // range() is inclusive; `to` is the departure date
                }
                NightInventory n = entry.value;
                LocalDate night = LocalDate.parse(entry.key.substring(entry.key.lastIndexOf(StoreKeys.SEPARATOR) + 1));
                out.add(new AvailabilityView.Night(
                        night,
                        n.getAllotment(),
                        n.getHeld(),
                        n.getSold(),
                        SellRules.available(n, type.getOverbookingAllowance()),
                        n.getPriceMinor(),
                        n.getStopSell(),
                        n.getMinLos(),
                        n.getMaxLos(),
                        n.getClosedToArrival(),
                        n.getClosedToDeparture()));
            }
        }
        return out;
    }

    private static List<RoomTypeInfo> roomTypesOf(
            ReadOnlyKeyValueStore<String, RoomTypeInfo> roomTypes, String hotelId) {
        List<RoomTypeInfo> out = new ArrayList<>();
        String prefix = hotelId + StoreKeys.SEPARATOR;
        try (KeyValueIterator<String, RoomTypeInfo> it = roomTypes.range(prefix, StoreKeys.prefixEnd(hotelId))) {
            while (it.hasNext()) {
                RoomTypeInfo type = it.next().value;
                if (type.getActive()) {
                    out.add(type);
                }
            }
        }
        return out;
    }

    private static HotelView view(HotelInfo hotel, List<RoomTypeInfo> types) {
        return new HotelView(
                hotel.getHotelId(),
                hotel.getName(),
                hotel.getCity(),
                hotel.getCurrency(),
                hotel.getTimeZone(),
                types.stream()
                        .map(t -> new HotelView.RoomTypeView(
                                t.getRoomTypeId(), t.getCode(), t.getName(), t.getCapacity(), t.getTotalRooms()))
                        .toList());
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    @SuppressWarnings("unchecked")
    private static <T> Lookup<T> cast(Lookup<?> lookup) {
        return (Lookup<T>) lookup;
    }
}
