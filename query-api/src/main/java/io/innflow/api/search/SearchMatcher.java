package io.innflow.api.search;

import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeContent;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.streams.inventory.CityNights;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;

/**
 * A search over the partitions of one instance, through the offers index ({@code CityNights}).
 *
 * <ol>
 *   <li>Per partition, the index alone: the city's entries on the arrival night start a candidate per
 *       room type that fits the party, is open to arrival for this length of stay and has the rooms;
 *       each further night keeps the candidates that have the rooms again and adds its price; the
 *       departure date's entries drop those closed to departure. That is {@link SellRules#checkStay}
 *       for every room type of the city at once, on entries the topology keeps with every change of a
 *       night. When the search filters or orders by content (stars, amenities, free cancellation,
 *       distance, rating), the row of each hotel with a candidate is read here too.
 *   <li>Ordered by price without content filters, hotel rows are read only for the cheapest (or
 *       dearest) {@code page * size} hotels of all partitions, and any hotel priced like the last of
 *       them: the name and id break ties.
 *   <li>The room types (names, beds, sizes) are read only for the hits returned.
 * </ol>
 */
final class SearchMatcher {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private SearchMatcher() {}

    /** The partitions a search covers, each read through its own stores. */
    interface Partitions {

        /** The partitions to search. */
        Set<Integer> numbers();

        /** {@code read} against one partition's stores; empty when that partition cannot be read now. */
        <T> Optional<T> read(int partition, Function<CatalogSource, T> read);
    }

    /** A room type that can take the stay so far. */
    private static final class Stay {
        final String hotelId;
        final String roomTypeId;
        final int capacity;
        long perRoom;
        int available;
        int nights;

        Stay(String hotelId, String roomTypeId, int capacity, long priceMinor, int available) {
            this.hotelId = hotelId;
            this.roomTypeId = roomTypeId;
            this.capacity = capacity;
            this.perRoom = priceMinor;
            this.available = available;
            this.nights = 1;
        }
    }

    /** A hotel with offers for the stay: its row and distance once read (null before). */
    private record Candidate(
            int partition, String hotelId, List<SearchHit.Offer> offers, HotelInfo hotel, Double distance) {
        long from() {
            return offers.get(0).totalMinor();
        }

        SearchHit hit() {
            return SearchMatcher.hit(hotel, distance, offers);
        }
    }

    /** The search's matches among {@code partitions}: counted per partition read, and the first page * size. */
    static SearchLeg search(Partitions partitions, SearchQuery query) {
        boolean byContent = query.minStars() != null
                || !query.amenities().isEmpty()
                || query.freeCancellation()
                || query.radiusKm() != null
                || query.near() != null
                || query.sort() == SearchQuery.Sort.RATING
                || query.sort() == SearchQuery.Sort.DISTANCE;
        Map<Integer, Integer> counts = new TreeMap<>();
        List<Candidate> candidates = new ArrayList<>();
        for (int partition : partitions.numbers()) {
            partitions
                    .read(partition, source -> candidates(source, partition, query, byContent))
                    .ifPresent(found -> {
                        counts.put(partition, found.size());
                        candidates.addAll(found);
                    });
        }
        List<Candidate> first =
                byContent ? firstOf(candidates, query) : firstByPrice(partitions, candidates, query, counts);
        return new SearchLeg(counts, described(partitions, first, counts));
    }

    /** The hotels of one partition with offers for the stay; with {@code readRows}, those whose rows match. */
    private static List<Candidate> candidates(
            CatalogSource source, int partition, SearchQuery query, boolean readRows) {
        String city = StoreKeys.city(query.city());
        int length = (int) ChronoUnit.DAYS.between(query.checkIn(), query.checkOut());
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, List<SearchHit.Offer>> hotelOffers :
                offersByHotel(stays(source, query, city, length), query, length).entrySet()) {
            List<SearchHit.Offer> offers = hotelOffers.getValue();
            if (!readRows) {
                out.add(new Candidate(partition, hotelOffers.getKey(), offers, null, null));
                continue;
            }
            HotelInfo hotel = source.hotel(hotelOffers.getKey());
            if (!current(hotel, city)) {
                continue;
            }
            Double distance = distanceKm(hotel.getContent(), query);
            if (contentMatches(hotel.getContent(), distance, query)) {
                out.add(new Candidate(partition, hotel.getHotelId(), offers, hotel, distance));
            }
        }
        return out;
    }

    /**
     * The room types of the city that can take the whole stay, joined from the offers index: those whose
     * arrival night opens the stay (rooms, party size, closed to arrival, minimum and maximum stay), kept
     * while every following night has the rooms, dropped where the departure date is closed to departure
     * (the per-night rules of {@code SellRules.checkStay}).
     */
    private static Collection<Stay> stays(CatalogSource source, SearchQuery query, String city, int length) {
        Map<String, Stay> stays = new LinkedHashMap<>();
        int arrivalPrefix = CityNights.prefix(city, query.checkIn()).length();
        for (KeyValue<String, NightOffer> entry : source.offers(city, query.checkIn())) {
            NightOffer arrival = entry.value;
            if (arrival.getAvailable() < query.rooms()
                    || (long) arrival.getCapacity() * query.rooms() < query.guests()
                    || arrival.getClosedToArrival()
                    || (arrival.getMinLos() != null && length < arrival.getMinLos())
                    || (arrival.getMaxLos() != null && length > arrival.getMaxLos())) {
                continue;
            }
            String roomType = entry.key.substring(arrivalPrefix); // hotelId|roomTypeId
            int separator = roomType.indexOf(StoreKeys.SEPARATOR);
            stays.put(
                    roomType,
                    new Stay(
                            roomType.substring(0, separator),
                            roomType.substring(separator + 1),
                            arrival.getCapacity(),
                            arrival.getPriceMinor(),
                            arrival.getAvailable()));
        }
        for (int n = 1; n < length && !stays.isEmpty(); n++) {
            LocalDate date = query.checkIn().plusDays(n);
            int prefix = CityNights.prefix(city, date).length();
            for (KeyValue<String, NightOffer> entry : source.offers(city, date)) {
                Stay stay = stays.get(entry.key.substring(prefix));
                if (stay != null && stay.nights == n && entry.value.getAvailable() >= query.rooms()) {
                    stay.perRoom += entry.value.getPriceMinor();
                    stay.available = Math.min(stay.available, entry.value.getAvailable());
                    stay.nights++;
                }
            }
            int reached = n + 1;
            stays.values().removeIf(stay -> stay.nights != reached);
        }
        if (!stays.isEmpty()) {
            int prefix = CityNights.prefix(city, query.checkOut()).length();
            for (KeyValue<String, NightOffer> entry : source.offers(city, query.checkOut())) {
                if (entry.value.getClosedToDeparture()) {
                    stays.remove(entry.key.substring(prefix));
                }
            }
        }
        return stays.values();
    }

    /** The stays in the query's price range as offers, per hotel in index order, each hotel's cheapest first. */
    private static Map<String, List<SearchHit.Offer>> offersByHotel(
            Collection<Stay> stays, SearchQuery query, int length) {
        Map<String, List<SearchHit.Offer>> byHotel = new LinkedHashMap<>();
        for (Stay stay : stays) {
            long total = stay.perRoom * query.rooms();
            long nightly = nightly(total, length);
            if (query.inPriceRange(total, nightly)) {
                byHotel.computeIfAbsent(stay.hotelId, id -> new ArrayList<>())
                        .add(new SearchHit.Offer(
                                stay.roomTypeId, null, stay.capacity, stay.available, total, nightly, null, null));
            }
        }
        byHotel.values()
                .forEach(offers -> offers.sort(Comparator.comparingLong(SearchHit.Offer::totalMinor)
                        .thenComparing(SearchHit.Offer::roomTypeId)));
        return byHotel;
    }

    /** False for a row the index entry's hotel has moved on from (another city, no longer approved, gone). */
    private static boolean current(HotelInfo hotel, String city) {
        return hotel != null
                && "APPROVED".equals(hotel.getStatus())
                && StoreKeys.city(hotel.getCity()).equals(city);
    }

    /** The first {@code depth} of candidates whose rows are read, in the search's order. */
    private static List<Candidate> firstOf(List<Candidate> candidates, SearchQuery query) {
        return candidates.stream()
                .map(c -> Map.entry(c.hit(), c))
                .sorted(Map.Entry.comparingByKey(query.order()))
                .limit(query.depth())
                .map(Map.Entry::getValue)
                .toList();
    }

    /**
     * The first {@code depth} candidates by price, reading hotel rows in batches of the cheapest (or
     * dearest) not yet read, ties at a batch's last price included; a hotel whose row does not match
     * its index entries is dropped from its partition's count.
     */
    private static List<Candidate> firstByPrice(
            Partitions partitions, List<Candidate> candidates, SearchQuery query, Map<Integer, Integer> counts) {
        Comparator<Candidate> byPrice = Comparator.comparingLong(Candidate::from);
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(query.sort() == SearchQuery.Sort.PRICE_DESC ? byPrice.reversed() : byPrice);
        String city = StoreKeys.city(query.city());
        List<Candidate> read = new ArrayList<>();
        int next = 0;
        while (read.size() < query.depth() && next < sorted.size()) {
            int end = Math.min(sorted.size(), next + query.depth() - read.size());
            long last = sorted.get(end - 1).from();
            while (end < sorted.size() && sorted.get(end).from() == last) {
                end++;
            }
            for (Map.Entry<Integer, List<Candidate>> batch :
                    byPartition(sorted.subList(next, end)).entrySet()) {
                int partition = batch.getKey();
                if (!counts.containsKey(partition)) {
                    continue; // a partition that could not be read earlier in this search
                }
                Optional<List<Candidate>> rows = partitions.read(partition, source -> {
                    List<Candidate> withRows = new ArrayList<>();
                    for (Candidate c : batch.getValue()) {
                        HotelInfo hotel = source.hotel(c.hotelId());
                        if (current(hotel, city)) {
                            withRows.add(new Candidate(partition, c.hotelId(), c.offers(), hotel, null));
                        }
                    }
                    return withRows;
                });
                if (rows.isEmpty()) {
                    counts.remove(partition);
                    continue;
                }
                counts.merge(partition, rows.get().size() - batch.getValue().size(), Integer::sum);
                read.addAll(rows.get());
            }
            next = end;
        }
        read.removeIf(c -> !counts.containsKey(c.partition()));
        return firstOf(read, query);
    }

    /** The hits of {@code first}, in order, with their room types' names and content read. */
    private static List<SearchHit> described(
            Partitions partitions, List<Candidate> first, Map<Integer, Integer> counts) {
        Map<Candidate, SearchHit> hits = new IdentityHashMap<>();
        for (Map.Entry<Integer, List<Candidate>> batch : byPartition(first).entrySet()) {
            int partition = batch.getKey();
            Optional<List<SearchHit>> read = partitions.read(partition, source -> batch.getValue().stream()
                    .map(c -> described(source, c.hit()))
                    .toList());
            if (read.isEmpty()) {
                counts.remove(partition);
                continue;
            }
            for (int i = 0; i < batch.getValue().size(); i++) {
                hits.put(batch.getValue().get(i), read.get().get(i));
            }
        }
        return first.stream().filter(hits::containsKey).map(hits::get).toList();
    }

    private static Map<Integer, List<Candidate>> byPartition(List<Candidate> candidates) {
        Map<Integer, List<Candidate>> out = new TreeMap<>();
        for (Candidate c : candidates) {
            out.computeIfAbsent(c.partition(), p -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** Stars, amenities, free cancellation and radius: decided on the hotel's row alone. */
    static boolean contentMatches(HotelContent content, Double distanceKm, SearchQuery query) {
        if (query.minStars() != null
                && (content == null || content.getStarRating() == null || content.getStarRating() < query.minStars())) {
            return false;
        }
        if (!query.amenities().isEmpty()
                && (content == null || !content.getAmenities().containsAll(query.amenities()))) {
            return false;
        }
        if (query.freeCancellation() && (content == null || !content.getFreeCancellation())) {
            return false;
        }
        return query.radiusKm() == null || (distanceKm != null && distanceKm <= query.radiusKm());
    }

    /** Great-circle (haversine) distance in km to two decimals, or null without a point or coordinates. */
    static Double distanceKm(HotelContent content, SearchQuery query) {
        if (query.near() == null
                || content == null
                || content.getLatitude() == null
                || content.getLongitude() == null) {
            return null;
        }
        double lat1 = Math.toRadians(query.near().latitude());
        double lat2 = Math.toRadians(content.getLatitude());
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(content.getLongitude() - query.near().longitude());
        double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        double km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(a)));
        return Math.round(km * 100) / 100.0;
    }

    private static SearchHit hit(HotelInfo hotel, Double distance, List<SearchHit.Offer> offers) {
        HotelContent content = hotel.getContent();
        return new SearchHit(
                hotel.getHotelId(),
                hotel.getName(),
                hotel.getCity(),
                hotel.getCurrency(),
                offers.get(0).totalMinor(),
                offers.get(0).nightlyMinor(),
                content == null ? null : content.getStarRating(),
                content == null ? List.of() : List.copyOf(content.getAmenities()),
                content != null && content.getFreeCancellation(),
                content == null ? null : content.getAddress(),
                content == null ? null : content.getLatitude(),
                content == null ? null : content.getLongitude(),
                content == null || content.getPhotos().isEmpty()
                        ? null
                        : content.getPhotos().get(0).getUrl(),
                distance,
                List.copyOf(offers));
    }

    /** The hit with its room types' names and content, read for the hits a page can show. */
    private static SearchHit described(CatalogSource source, SearchHit hit) {
        Map<String, RoomTypeInfo> types = new HashMap<>();
        for (RoomTypeInfo type : source.roomTypes(hit.hotelId())) {
            types.put(type.getRoomTypeId(), type);
        }
        List<SearchHit.Offer> offers = new ArrayList<>();
        for (SearchHit.Offer offer : hit.offers()) {
            RoomTypeInfo type = types.get(offer.roomTypeId());
            RoomTypeContent content = type == null ? null : type.getContent();
            offers.add(new SearchHit.Offer(
                    offer.roomTypeId(),
                    type == null ? null : type.getName(),
                    offer.capacity(),
                    offer.available(),
                    offer.totalMinor(),
                    offer.nightlyMinor(),
                    content == null ? null : content.getBedType(),
                    content == null ? null : content.getSizeM2()));
        }
        return new SearchHit(
                hit.hotelId(),
                hit.name(),
                hit.city(),
                hit.currency(),
                hit.fromTotalMinor(),
                hit.fromNightlyMinor(),
                hit.starRating(),
                hit.amenities(),
                hit.freeCancellation(),
                hit.address(),
                hit.latitude(),
                hit.longitude(),
                hit.thumbnailUrl(),
                hit.distanceKm(),
                List.copyOf(offers));
    }

    /** A stay's total per night, rounded half up to a minor unit. */
    static long nightly(long totalMinor, int nights) {
        return (totalMinor + nights / 2) / nights;
    }
}
