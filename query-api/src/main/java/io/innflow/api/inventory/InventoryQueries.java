package io.innflow.api.inventory;

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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/** Interactive queries over this instance's catalog and inventory stores. */
public final class InventoryQueries {

    private final LocalStores stores;

    public InventoryQueries(LocalStores stores) {
        this.stores = stores;
    }

    /**
     * Approved hotels in {@code city} (all when null) among the partitions this instance serves as an
     * active task, with the partitions it answered for.
     */
    public HotelsLeg hotelsHere(String city) {
        List<Integer> partitions = new ArrayList<>();
        List<HotelView> views = new ArrayList<>();
        for (Map.Entry<Integer, List<KeyValue<String, HotelInfo>>> partition :
                stores.<HotelInfo>scanActive(StoreNames.HOTELS).entrySet()) {
            List<HotelInfo> inCity = partition.getValue().stream()
                    .map(kv -> kv.value)
                    .filter(hotel -> sellable(hotel) && inCity(hotel, city))
                    .toList();
            Lookup<List<HotelView>> here = stores.read(new ReadScope(partition.getKey(), true, null), p -> {
                List<HotelView> out = new ArrayList<>();
                for (HotelInfo hotel : inCity) {
                    out.add(view(hotel, roomTypes(p, hotel.getHotelId())));
                }
                return new Lookup.Found<>(out);
            });
            if (here instanceof Lookup.Found<List<HotelView>> found) {
                partitions.add(partition.getKey());
                views.addAll(found.value());
            }
        }
        views.sort(HotelsLeg.ORDER);
        return new HotelsLeg(partitions, views);
    }

    /** One hotel with its active room types. */
    public Lookup<HotelView> hotel(ReadScope scope, String hotelId) {
        return stores.read(scope, p -> {
            HotelInfo hotel = p.get(StoreNames.HOTELS, hotelId);
            if (!sellable(hotel)) {
                return hotelNotFound(hotelId);
            }
            return new Lookup.Found<>(view(hotel, roomTypes(p, hotelId)));
        });
    }

    /** Per-night availability of one hotel over [from, to), for one room type or all. */
    public Lookup<AvailabilityView> availability(
            ReadScope scope, String hotelId, LocalDate from, LocalDate to, String roomTypeId) {
        return stores.read(scope, p -> {
            HotelInfo hotel = p.get(StoreNames.HOTELS, hotelId);
            if (!sellable(hotel)) {
                return hotelNotFound(hotelId);
            }
            List<RoomTypeInfo> types = new ArrayList<>();
            if (roomTypeId != null) {
                RoomTypeInfo type = p.get(StoreNames.ROOM_TYPES, StoreKeys.roomType(hotelId, roomTypeId));
                if (type == null || !type.getActive()) {
                    return new Lookup.NotFound<>(
                            "ROOM_TYPE_NOT_FOUND", "Unknown room type " + roomTypeId + " of hotel " + hotelId);
                }
                types.add(type);
            } else {
                types.addAll(roomTypes(p, hotelId));
            }
            List<AvailabilityView.RoomTypeNights> result = new ArrayList<>();
            for (RoomTypeInfo type : types) {
                result.add(new AvailabilityView.RoomTypeNights(
                        type.getRoomTypeId(), type.getName(), type.getCapacity(), nights(p, type, from, to)));
            }
            return new Lookup.Found<>(new AvailabilityView(hotelId, hotel.getCurrency(), from, to, result));
        });
    }

    static boolean sellable(HotelInfo hotel) {
        return hotel != null && "APPROVED".equals(hotel.getStatus());
    }

    static boolean inCity(HotelInfo hotel, String city) {
        return city == null || hotel.getCity().toLowerCase(Locale.ROOT).equals(city.toLowerCase(Locale.ROOT));
    }

    static <T> Lookup<T> hotelNotFound(String hotelId) {
        return new Lookup.NotFound<>("HOTEL_NOT_FOUND", "Unknown hotel " + hotelId);
    }

    /** The active room types of a hotel, in id order. */
    static List<RoomTypeInfo> roomTypes(LocalStores.Partition p, String hotelId) {
        List<RoomTypeInfo> out = new ArrayList<>();
        for (KeyValue<String, RoomTypeInfo> entry : p.<RoomTypeInfo>range(
                StoreNames.ROOM_TYPES, hotelId + StoreKeys.SEPARATOR, StoreKeys.prefixEnd(hotelId))) {
            if (entry.value.getActive()) {
                out.add(entry.value);
            }
        }
        return out;
    }

    /** The rows of [from, to) the catalog offers, in night order (to, a departure date, excluded). */
    static List<KeyValue<LocalDate, NightInventory>> nightRows(
            LocalStores.Partition p, RoomTypeInfo type, LocalDate from, LocalDate to) {
        String fromKey = StoreKeys.night(type.getHotelId(), type.getRoomTypeId(), from);
        String toKey = StoreKeys.night(type.getHotelId(), type.getRoomTypeId(), to);
        List<KeyValue<LocalDate, NightInventory>> out = new ArrayList<>();
        for (KeyValue<String, NightInventory> entry :
                p.<NightInventory>range(StoreNames.NIGHT_INVENTORY, fromKey, toKey)) {
            if (!entry.key.equals(toKey)) {
                LocalDate night = StoreKeys.nightOf(entry.key);
                out.add(KeyValue.pair(night, entry.value));
            }
        }
        return out;
    }

    private static List<AvailabilityView.Night> nights(
            LocalStores.Partition p, RoomTypeInfo type, LocalDate from, LocalDate to) {
        List<AvailabilityView.Night> out = new ArrayList<>();
        for (KeyValue<LocalDate, NightInventory> row : nightRows(p, type, from, to)) {
            NightInventory n = row.value;
            if (!n.getFromCatalog()) {
                continue; // counters of a night the catalog no longer offers
            }
            out.add(new AvailabilityView.Night(
                    row.key,
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
        return out;
    }

    private static HotelView view(HotelInfo hotel, List<RoomTypeInfo> types) {
        return new HotelView(
                hotel.getHotelId(),
                hotel.getName(),
                hotel.getCity(),
                hotel.getCurrency(),
                hotel.getTimeZone(),
                HotelView.Content.of(hotel.getContent()),
                types.stream()
                        .map(t -> new HotelView.RoomTypeView(
                                t.getRoomTypeId(),
                                t.getCode(),
                                t.getName(),
                                t.getCapacity(),
                                t.getTotalRooms(),
                                HotelView.RoomContent.of(t.getContent())))
                        .toList());
    }

    /**
     * What one instance answers to a hotel listing: the partitions it covered and their hotels.
     *
     * @param partitions partitions answered for
     * @param hotels hotels of those partitions, by name
     */
    public record HotelsLeg(List<Integer> partitions, List<HotelView> hotels) {
        static final Comparator<HotelView> ORDER =
                Comparator.comparing(HotelView::name).thenComparing(HotelView::hotelId);
    }
}
