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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;

/**
 * The matches of a search in one partition, through the offers index ({@code CityNights}): the
 * city's entries on the arrival night start a candidate per room type that fits the party, is open to
 * arrival for this length of stay and has the rooms; each further night keeps the candidates that
 * have the rooms again and adds its price; the departure date's entries drop those closed to
 * departure. That is {@link SellRules#checkStay} for every room type of the city at once, on the
 * entries the topology keeps with every change of a night. Only then are rows read: the hotel of
 * each candidate (content filters and order), and the room types of the hotels on the page.
 */
final class SearchMatcher {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private SearchMatcher() {}

    /**
     * What one partition contributes.
     *
     * @param count how many hotels match
     * @param first the first {@code query.depth()} of them, in the search's order, with their offers
     *     complete
     */
    record Matches(int count, List<SearchHit> first) {}

    /** A room type that can take the stay so far. */
    private static final class Candidate {
        final String hotelId;
        final String roomTypeId;
        final int capacity;
        long perRoom;
        int available;
        int nights;

        Candidate(String hotelId, String roomTypeId, int capacity, long priceMinor, int available) {
            this.hotelId = hotelId;
            this.roomTypeId = roomTypeId;
            this.capacity = capacity;
            this.perRoom = priceMinor;
            this.available = available;
            this.nights = 1;
        }
    }

    static Matches matches(CatalogSource source, SearchQuery query) {
        String city = StoreKeys.city(query.city());
        if (SellRules.checkShape(query.checkIn(), query.checkOut(), query.rooms())
                .isPresent()) {
            return new Matches(0, List.of());
        }
        int length = (int) ChronoUnit.DAYS.between(query.checkIn(), query.checkOut());
        Map<String, Candidate> candidates = new LinkedHashMap<>();
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
            candidates.put(
                    roomType,
                    new Candidate(
                            roomType.substring(0, separator),
                            roomType.substring(separator + 1),
                            arrival.getCapacity(),
                            arrival.getPriceMinor(),
                            arrival.getAvailable()));
        }
        for (int n = 1; n < length && !candidates.isEmpty(); n++) {
            LocalDate date = query.checkIn().plusDays(n);
            int prefix = CityNights.prefix(city, date).length();
            for (KeyValue<String, NightOffer> entry : source.offers(city, date)) {
                Candidate c = candidates.get(entry.key.substring(prefix));
                if (c != null && c.nights == n && entry.value.getAvailable() >= query.rooms()) {
                    c.perRoom += entry.value.getPriceMinor();
                    c.available = Math.min(c.available, entry.value.getAvailable());
                    c.nights++;
                }
            }
            int reached = n + 1;
            candidates.values().removeIf(c -> c.nights != reached);
        }
        if (!candidates.isEmpty()) {
            int prefix = CityNights.prefix(city, query.checkOut()).length();
            for (KeyValue<String, NightOffer> entry : source.offers(city, query.checkOut())) {
                if (entry.value.getClosedToDeparture()) {
                    candidates.remove(entry.key.substring(prefix));
                }
            }
        }
        Map<String, List<SearchHit.Offer>> byHotel = new LinkedHashMap<>();
        for (Candidate c : candidates.values()) {
            long total = c.perRoom * query.rooms();
            long nightly = nightly(total, length);
            if (query.inPriceRange(total, nightly)) {
                byHotel.computeIfAbsent(c.hotelId, id -> new ArrayList<>())
                        .add(new SearchHit.Offer(
                                c.roomTypeId, null, c.capacity, c.available, total, nightly, null, null));
            }
        }
        List<SearchHit> hits = new ArrayList<>();
        for (Map.Entry<String, List<SearchHit.Offer>> hotelOffers : byHotel.entrySet()) {
            HotelInfo hotel = source.hotel(hotelOffers.getKey());
            if (hotel == null
                    || !"APPROVED".equals(hotel.getStatus())
                    || !StoreKeys.city(hotel.getCity()).equals(city)) {
                continue; // an entry the hotel's row has moved on from
            }
            Double distance = distanceKm(hotel.getContent(), query);
            if (contentMatches(hotel.getContent(), distance, query)) {
                hits.add(hit(hotel, distance, hotelOffers.getValue()));
            }
        }
        hits.sort(query.order());
        List<SearchHit> first = new ArrayList<>();
        for (SearchHit hit : hits.subList(0, Math.min(hits.size(), query.depth()))) {
            first.add(described(source, hit));
        }
        return new Matches(hits.size(), first);
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
        offers.sort(Comparator.comparingLong(SearchHit.Offer::totalMinor).thenComparing(SearchHit.Offer::roomTypeId));
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
