package io.innflow.api.search;

import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeContent;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * The matches of a search in one partition. Reads the city's entries of the city index, then per
 * hotel its row and, only when the hotel passes the content filters, its room types and, per room
 * type that fits the party, the nights of the stay: never the whole catalog, never nights outside the
 * stay. A room type is offered only when {@link SellRules#checkStay} would let a hold of {@code
 * rooms} rooms through on every night, so what search shows can be held.
 */
final class SearchMatcher {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private SearchMatcher() {}

    /** Every hotel of {@code source} that matches, unsorted. */
    static List<SearchHit> matches(CatalogSource source, SearchQuery query) {
        List<SearchHit> hits = new ArrayList<>();
        String city = StoreKeys.city(query.city());
        for (String hotelId : source.hotelIdsIn(city)) {
            HotelInfo hotel = source.hotel(hotelId);
            if (hotel == null
                    || !"APPROVED".equals(hotel.getStatus())
                    || !StoreKeys.city(hotel.getCity()).equals(city)) {
                continue; // an index entry the hotel's row has moved on from
            }
            Double distance = distanceKm(hotel.getContent(), query);
            if (!contentMatches(hotel.getContent(), distance, query)) {
                continue;
            }
            SearchHit hit = hit(source, hotel, distance, query);
            if (hit != null) {
                hits.add(hit);
            }
        }
        return hits;
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

    private static SearchHit hit(CatalogSource source, HotelInfo hotel, Double distance, SearchQuery query) {
        List<SearchHit.Offer> offers = new ArrayList<>();
        for (RoomTypeInfo type : source.roomTypes(hotel.getHotelId())) {
            if (!type.getActive() || (long) type.getCapacity() * query.rooms() < query.guests()) {
                continue;
            }
            SearchHit.Offer offer = offer(source, hotel, type, query);
            if (offer != null && query.inPriceRange(offer.totalMinor(), offer.nightlyMinor())) {
                offers.add(offer);
            }
        }
        if (offers.isEmpty()) {
            return null;
        }
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

    private static SearchHit.Offer offer(CatalogSource source, HotelInfo hotel, RoomTypeInfo type, SearchQuery query) {
        int length = (int) ChronoUnit.DAYS.between(query.checkIn(), query.checkOut());
        List<NightInventory> nights = new ArrayList<>(Collections.nCopies(length, null));
        String fromKey = StoreKeys.night(hotel.getHotelId(), type.getRoomTypeId(), query.checkIn());
        String toKey = StoreKeys.night(hotel.getHotelId(), type.getRoomTypeId(), query.checkOut());
        NightInventory departure = null;
        for (KeyValue<String, NightInventory> row : source.nights(fromKey, toKey)) {
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
        long total = perRoom * query.rooms();
        RoomTypeContent content = type.getContent();
        return new SearchHit.Offer(
                type.getRoomTypeId(),
                type.getName(),
                type.getCapacity(),
                available,
                total,
                nightly(total, length),
                content == null ? null : content.getBedType(),
                content == null ? null : content.getSizeM2());
    }

    /** A stay's total per night, rounded half up to a minor unit. */
    static long nightly(long totalMinor, int nights) {
        return (totalMinor + nights / 2) / nights;
    }
}
