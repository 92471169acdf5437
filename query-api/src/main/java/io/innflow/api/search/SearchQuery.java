package io.innflow.api.search;

import io.innflow.api.http.ApiException;
import io.innflow.connectors.catalog.ContentVocabulary;
import io.innflow.streams.inventory.SellRules;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The parameters of {@code GET /v1/search}, validated.
 *
 * @param city city to search, matched ignoring case
 * @param checkIn first night
 * @param checkOut departure date, after checkIn
 * @param guests people in the party
 * @param rooms rooms wanted, all of one room type; the party must fit: {@code capacity * rooms >= guests}
 * @param sort the order of the results
 * @param page 1-based page number
 * @param size results per page
 * @param minPrice lowest price of an offer to show, in minor units, on {@code priceBasis}; null: no bound
 * @param maxPrice highest price of an offer to show, in minor units, on {@code priceBasis}; null: no bound
 * @param priceBasis whether the price bounds are per night or for the whole stay
 * @param minStars lowest star rating; hotels without one do not match; null: any
 * @param amenities hotel amenities every result has (all of them)
 * @param freeCancellation only hotels whose bookings are cancelled free of charge
 * @param near the point distances are measured from; null: no distances
 * @param radiusKm only hotels within this distance of {@code near}; null: no bound
 */
public record SearchQuery(
        String city,
        LocalDate checkIn,
        LocalDate checkOut,
        int guests,
        int rooms,
        Sort sort,
        int page,
        int size,
        Long minPrice,
        Long maxPrice,
        PriceBasis priceBasis,
        Integer minStars,
        Set<String> amenities,
        boolean freeCancellation,
        Point near,
        Double radiusKm) {

    static final int MAX_GUESTS = 100;
    static final int MAX_ROOMS = 100;
    static final int MAX_SIZE = 100;
    /** Deepest result a search can page to: {@code page * size}. */
    static final int MAX_DEPTH = 10_000;

    static final double MAX_RADIUS_KM = 20_000;

    /** The orders a search can return. */
    public enum Sort {
        /** Cheapest first. */
        PRICE("price"),
        /** Dearest first. */
        PRICE_DESC("-price"),
        /** Most stars first (hotels without a rating last), then cheapest. */
        RATING("rating"),
        /** Nearest to {@code near} first (hotels without coordinates last), then cheapest. */
        DISTANCE("distance");

        private final String label;

        Sort(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What the price bounds apply to. */
    public enum PriceBasis {
        /** An offer's price per night (its total divided by the nights, rounded). */
        NIGHT,
        /** An offer's total for the stay and every room asked for. */
        TOTAL
    }

    /** A point on Earth in decimal degrees. */
    public record Point(double latitude, double longitude) {}

    public static SearchQuery of(Context ctx) {
        return of(ctx::queryParam);
    }

    /** Validates the parameters {@code param} gives (null for an absent one). */
    public static SearchQuery of(Function<String, String> param) {
        String city = param.apply("city");
        if (city == null || city.isBlank()) {
            throw ApiException.badRequest("Query parameter city is required");
        }
        if (city.length() > 100) {
            throw ApiException.badRequest("city may have at most 100 characters");
        }
        LocalDate checkIn = date(param, "checkIn");
        LocalDate checkOut = date(param, "checkOut");
        if (!checkOut.isAfter(checkIn)) {
            throw ApiException.badRequest("checkOut must be after checkIn");
        }
        if (ChronoUnit.DAYS.between(checkIn, checkOut) > SellRules.MAX_STAY_NIGHTS) {
            throw ApiException.badRequest("A stay may last at most " + SellRules.MAX_STAY_NIGHTS + " nights");
        }
        int guests = integer(param, "guests", 1, 1, MAX_GUESTS);
        int rooms = integer(param, "rooms", 1, 1, MAX_ROOMS);
        if (rooms > guests) {
            throw ApiException.badRequest("rooms may not exceed guests (every room needs a guest)");
        }
        Point near = point(param.apply("near"));
        Sort sort = sort(param.apply("sort"));
        if (sort == Sort.DISTANCE && near == null) {
            throw ApiException.badRequest("sort=distance needs near=lat,lon");
        }
        Double radiusKm = decimal(param, "radiusKm", 0, MAX_RADIUS_KM);
        if (radiusKm != null && near == null) {
            throw ApiException.badRequest("radiusKm needs near=lat,lon");
        }
        Long minPrice = price(param, "minPrice");
        Long maxPrice = price(param, "maxPrice");
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw ApiException.badRequest("minPrice may not exceed maxPrice");
        }
        PriceBasis basis = priceBasis(param.apply("priceBasis"));
        String stars = param.apply("minStars");
        Integer minStars = stars == null || stars.isBlank() ? null : integer(param, "minStars", 1, 1, 5);
        Set<String> amenities = amenities(param.apply("amenities"));
        boolean freeCancellation = bool(param, "freeCancellation");
        int page = integer(param, "page", 1, 1, MAX_DEPTH);
        int size = integer(param, "size", 20, 1, MAX_SIZE);
        if ((long) page * size > MAX_DEPTH) {
            throw ApiException.badRequest("page * size may be at most " + MAX_DEPTH + "; narrow the search");
        }
        return new SearchQuery(
                city.trim(),
                checkIn,
                checkOut,
                guests,
                rooms,
                sort,
                page,
                size,
                minPrice,
                maxPrice,
                basis,
                minStars,
                amenities,
                freeCancellation,
                near,
                radiusKm);
    }

    /** How many results, in order, a page needs from every instance. */
    int depth() {
        return page * size;
    }

    /** Whether an offer with this total and nightly price is within the bounds. */
    boolean inPriceRange(long totalMinor, long nightlyMinor) {
        long price = priceBasis == PriceBasis.TOTAL ? totalMinor : nightlyMinor;
        return (minPrice == null || price >= minPrice) && (maxPrice == null || price <= maxPrice);
    }

    Comparator<SearchHit> order() {
        Comparator<SearchHit> byPrice = Comparator.comparingLong(SearchHit::fromTotalMinor);
        Comparator<SearchHit> first =
                switch (sort) {
                    case PRICE -> byPrice;
                    case PRICE_DESC -> byPrice.reversed();
                    case RATING ->
                        Comparator.comparing(
                                        SearchHit::starRating, Comparator.nullsLast(Comparator.<Integer>reverseOrder()))
                                .thenComparing(byPrice);
                    case DISTANCE ->
                        Comparator.comparing(
                                        SearchHit::distanceKm, Comparator.nullsLast(Comparator.<Double>naturalOrder()))
                                .thenComparing(byPrice);
                };
        return first.thenComparing(SearchHit::name).thenComparing(SearchHit::hotelId);
    }

    private static LocalDate date(Function<String, String> param, String name) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("Query parameter " + name + " is required (ISO date)");
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Query parameter " + name + " is not an ISO date: " + raw);
        }
    }

    private static Sort sort(String raw) {
        if (raw == null || raw.isBlank()) {
            return Sort.PRICE;
        }
        for (Sort sort : Sort.values()) {
            if (sort.label.equals(raw.trim())) {
                return sort;
            }
        }
        throw ApiException.badRequest("sort must be price (lowest first), -price (highest first), rating or distance");
    }

    private static PriceBasis priceBasis(String raw) {
        if (raw == null || raw.isBlank() || raw.trim().equals("night")) {
            return PriceBasis.NIGHT;
        }
        if (raw.trim().equals("total")) {
            return PriceBasis.TOTAL;
        }
        throw ApiException.badRequest("priceBasis must be night or total");
    }

    private static Point point(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double lat = Double.parseDouble(parts[0].trim());
            double lon = Double.parseDouble(parts[1].trim());
            if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
                throw new NumberFormatException();
            }
            return new Point(lat, lon);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "near must be lat,lon in decimal degrees (latitude -90 to 90, longitude -180 to 180): " + raw);
        }
    }

    private static Set<String> amenities(String raw) {
        Set<String> out = new TreeSet<>();
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        for (String word : raw.split(",", -1)) {
            String amenity = word.trim();
            if (!ContentVocabulary.HOTEL_AMENITIES.contains(amenity)) {
                throw ApiException.badRequest("amenities must be a comma-separated list of "
                        + ContentVocabulary.HOTEL_AMENITIES + ": " + amenity);
            }
            out.add(amenity);
        }
        return Set.copyOf(out);
    }

    private static boolean bool(Function<String, String> param, String name) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank() || raw.trim().equals("false")) {
            return false;
        }
        if (raw.trim().equals("true")) {
            return true;
        }
        throw ApiException.badRequest("Query parameter " + name + " must be true or false");
    }

    private static Long price(Function<String, String> param, String name) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long value = Long.parseLong(raw.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "Query parameter " + name + " must be a whole number of minor units, 0 or more");
        }
    }

    private static Double decimal(Function<String, String> param, String name, double min, double max) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(raw.trim());
            if (!(value > min && value <= max)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "Query parameter " + name + " must be a number above " + (int) min + " and at most " + (int) max);
        }
    }

    private static int integer(Function<String, String> param, String name, int fallback, int min, int max) {
        String raw = param.apply(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "Query parameter " + name + " must be a whole number from " + min + " to " + max);
        }
    }
}
