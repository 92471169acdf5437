package io.innflow.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.catalog.ContentVocabulary;
import io.innflow.schemas.catalog.HotelContent;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.Photo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.streams.inventory.CityNights;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Search through the offers index against a brute-force answer over a generated catalog: every hotel
 * of every city checked night by night with {@link SellRules#checkStay}, filters and orders computed
 * the plain way. The index entries are made from the catalog's rows by {@link CityNights#offer}, as the
 * topology makes them.
 */
class SearchMatcherTest {

    private static final LocalDate FIRST = LocalDate.of(2027, 3, 1);
    private static final int NIGHTS = 30;
    private static final List<String> CITIES = List.of("Bangkok", "Phuket", "Chiang Mai");
    private static final double[][] CENTRES = {{13.7563, 100.5018}, {7.8804, 98.3923}, {18.7883, 98.9853}};

    private final Catalog catalog = Catalog.generate(new Random(42), 150);

    @Test
    void shouldFindWhatABruteForceScanFindsInTheSameOrder() {
        Random random = new Random(7);
        int nonEmpty = 0;
        for (int i = 0; i < 400; i++) {
            SearchQuery query = randomQuery(random);

            SearchLeg actual = SearchMatcher.search(catalog, query);
            List<Expected> expected = bruteForce(query);

            assertThat(actual.matches()).as("partitions answered").containsOnlyKeys(0, 1, 2);
            assertThat(total(actual)).as("count of %s", query).isEqualTo(expected.size());
            assertThat(actual.hits().stream().map(Expected::of).toList())
                    .as("query %s", query)
                    .isEqualTo(expected.subList(0, Math.min(expected.size(), query.depth())));
            assertThat(actual.hits()).as("offers described").allSatisfy(hit -> assertThat(hit.offers())
                    .allSatisfy(offer -> assertThat(offer.name())
                            .isEqualTo(catalog.roomTypes
                                    .get(StoreKeys.roomType(hit.hotelId(), offer.roomTypeId()))
                                    .getName())));
            if (!expected.isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).as("queries with results").isGreaterThan(100);
    }

    @Test
    void shouldReadTheCitysEntriesForTheStayAndRowsOnlyForThePageWhenOrderedByPrice() {
        SearchQuery query =
                query(Map.of("city", "phuket", "checkIn", "2027-03-05", "checkOut", "2027-03-07", "size", "3"));

        SearchLeg found = SearchMatcher.search(catalog, query);

        // The index for the two nights and the departure date, of Phuket only, once per partition
        assertThat(catalog.offerReads)
                .hasSize(9)
                .containsOnly("phuket|2027-03-05", "phuket|2027-03-06", "phuket|2027-03-07");
        // Hotel rows only for the three cheapest (and any priced like the third), not every match
        assertThat(total(found)).isGreaterThan(9);
        assertThat(found.hits()).hasSize(3);
        assertThat(catalog.hotelsRead)
                .allMatch(id -> catalog.hotels.get(id).getCity().equals("Phuket"))
                .hasSizeBetween(3, 5);
        // Room types only of the page's hotels
        assertThat(catalog.roomTypesRead)
                .containsExactlyInAnyOrderElementsOf(
                        found.hits().stream().map(SearchHit::hotelId).toList());
    }

    @Test
    void shouldReadTheRowOfEveryHotelWithOffersWhenContentDecides() {
        SearchQuery query = query(Map.of(
                "city", "phuket", "checkIn", "2027-03-05", "checkOut", "2027-03-07", "size", "3", "minStars", "1"));

        SearchLeg found = SearchMatcher.search(catalog, query);

        assertThat(found.hits()).hasSize(3);
        assertThat(catalog.hotelsRead.size()).isGreaterThan(9);
        assertThat(catalog.roomTypesRead).hasSize(3);
    }

    @Test
    void shouldLeaveOutAPartitionThatCannotBeRead() {
        SearchQuery query = query(Map.of("city", "bangkok", "checkIn", "2027-03-05", "checkOut", "2027-03-06"));
        catalog.unreadable = 1;

        SearchLeg found = SearchMatcher.search(catalog, query);

        assertThat(found.matches()).containsOnlyKeys(0, 2);
        assertThat(found.hits()).isNotEmpty().noneMatch(hit -> Catalog.partitionOf(hit.hotelId()) == 1);
    }

    @Test
    void shouldMeasureDistanceAlongTheEarth() {
        HotelContent grandPalace = content(13.7500, 100.4913);
        SearchQuery fromVictoryMonument = query(Map.of(
                "city", "Bangkok", "checkIn", "2027-03-05", "checkOut", "2027-03-06", "near", "13.7649,100.5383"));

        // About 5.3 km between the two landmarks.
        assertThat(SearchMatcher.distanceKm(grandPalace, fromVictoryMonument)).isBetween(5.1, 5.5);
    }

    private SearchQuery randomQuery(Random random) {
        Map<String, String> p = new HashMap<>();
        String city = CITIES.get(random.nextInt(CITIES.size()));
        p.put("city", random.nextBoolean() ? city : " " + city.toUpperCase(Locale.ROOT));
        LocalDate in = FIRST.plusDays(random.nextInt(NIGHTS - 5));
        p.put("checkIn", in.toString());
        p.put("checkOut", in.plusDays(1 + random.nextInt(4)).toString());
        int guests = 1 + random.nextInt(5);
        p.put("guests", String.valueOf(guests));
        p.put("rooms", String.valueOf(1 + random.nextInt(Math.min(guests, 2))));
        if (random.nextInt(3) == 0) {
            p.put("minStars", String.valueOf(1 + random.nextInt(5)));
        }
        if (random.nextInt(3) == 0) {
            List<String> words = new ArrayList<>(ContentVocabulary.HOTEL_AMENITIES);
            p.put("amenities", words.get(random.nextInt(words.size())) + (random.nextBoolean() ? ",wifi" : ""));
        }
        if (random.nextInt(3) == 0) {
            p.put("freeCancellation", "true");
        }
        if (random.nextInt(3) == 0) {
            p.put("minPrice", String.valueOf(random.nextInt(200_000)));
        }
        if (random.nextInt(3) == 0) {
            p.put("maxPrice", String.valueOf(200_000 + random.nextInt(1_500_000)));
        }
        if (random.nextBoolean()) {
            p.put("priceBasis", random.nextBoolean() ? "night" : "total");
        }
        boolean near = random.nextBoolean();
        if (near) {
            double[] centre = CENTRES[CITIES.indexOf(city)];
            p.put(
                    "near",
                    (centre[0] + random.nextGaussian() * 0.02) + "," + (centre[1] + random.nextGaussian() * 0.02));
            if (random.nextInt(3) == 0) {
                p.put("radiusKm", String.valueOf(1 + random.nextInt(6)));
            }
        }
        String[] sorts = near
                ? new String[] {"price", "-price", "rating", "distance"}
                : new String[] {"price", "-price", "rating"};
        p.put("sort", sorts[random.nextInt(sorts.length)]);
        // Pages deep and shallow: a partition describes only its first page * size matches.
        p.put("page", String.valueOf(1 + random.nextInt(3)));
        p.put("size", String.valueOf(1 + random.nextInt(20)));
        return query(p);
    }

    private static SearchQuery query(Map<String, String> params) {
        return SearchQuery.of(params::get);
    }

    /** What a search should answer, computed over every hotel without the index. */
    private List<Expected> bruteForce(SearchQuery q) {
        List<Expected> out = new ArrayList<>();
        int length = (int) ChronoUnit.DAYS.between(q.checkIn(), q.checkOut());
        for (HotelInfo hotel : catalog.hotels.values()) {
            if (!hotel.getStatus().equals("APPROVED")
                    || !hotel.getCity().equalsIgnoreCase(q.city().trim())) {
                continue;
            }
            HotelContent c = hotel.getContent();
            Integer stars = c == null ? null : c.getStarRating();
            if (q.minStars() != null && (stars == null || stars < q.minStars())) {
                continue;
            }
            Set<String> amenities = c == null ? Set.of() : new HashSet<>(c.getAmenities());
            if (!amenities.containsAll(q.amenities())) {
                continue;
            }
            if (q.freeCancellation() && (c == null || !c.getFreeCancellation())) {
                continue;
            }
            Double distance = null;
            if (q.near() != null && c != null && c.getLatitude() != null) {
                distance = haversine(q.near().latitude(), q.near().longitude(), c.getLatitude(), c.getLongitude());
            }
            if (q.radiusKm() != null && (distance == null || distance > q.radiusKm())) {
                continue;
            }
            long cheapest = Long.MAX_VALUE;
            List<String> offers = new ArrayList<>();
            List<long[]> prices = new ArrayList<>();
            for (RoomTypeInfo type : catalog.roomTypes.values()) {
                if (!type.getHotelId().equals(hotel.getHotelId())
                        || !type.getActive()
                        || type.getCapacity() * q.rooms() < q.guests()) {
                    continue;
                }
                List<NightInventory> nights = new ArrayList<>();
                for (int n = 0; n < length; n++) {
                    nights.add(catalog.nights.get(StoreKeys.night(
                            hotel.getHotelId(),
                            type.getRoomTypeId(),
                            q.checkIn().plusDays(n))));
                }
                NightInventory departure =
                        catalog.nights.get(StoreKeys.night(hotel.getHotelId(), type.getRoomTypeId(), q.checkOut()));
                if (SellRules.checkStay(hotel, type, q.checkIn(), q.checkOut(), q.rooms(), nights, departure)
                        .isPresent()) {
                    continue;
                }
                long total =
                        nights.stream().mapToLong(NightInventory::getPriceMinor).sum() * q.rooms();
                long nightly = Math.round((double) total / length);
                long price = q.priceBasis() == SearchQuery.PriceBasis.TOTAL ? total : nightly;
                if ((q.minPrice() != null && price < q.minPrice()) || (q.maxPrice() != null && price > q.maxPrice())) {
                    continue;
                }
                prices.add(new long[] {total, nightly});
                offers.add(total + "/" + type.getRoomTypeId());
                cheapest = Math.min(cheapest, total);
            }
            if (offers.isEmpty()) {
                continue;
            }
            offers.sort(Comparator.comparingLong((String o) -> Long.parseLong(o.substring(0, o.indexOf('/'))))
                    .thenComparing(o -> o.substring(o.indexOf('/') + 1)));
            long total = cheapest;
            long nightly =
                    prices.stream().filter(pr -> pr[0] == total).findFirst().orElseThrow()[1];
            out.add(new Expected(
                    hotel.getHotelId(),
                    hotel.getName(),
                    total,
                    nightly,
                    stars,
                    distance,
                    offers.stream().map(o -> o.substring(o.indexOf('/') + 1)).toList()));
        }
        Comparator<Expected> byPrice = Comparator.comparingLong(Expected::total);
        Comparator<Expected> order =
                switch (q.sort()) {
                    case PRICE -> byPrice;
                    case PRICE_DESC -> byPrice.reversed();
                    case RATING ->
                        Comparator.comparing((Expected e) -> e.stars() == null ? Integer.MIN_VALUE : e.stars())
                                .reversed()
                                .thenComparing(byPrice);
                    case DISTANCE ->
                        Comparator.comparing((Expected e) -> e.distance() == null ? Double.MAX_VALUE : e.distance())
                                .thenComparing(byPrice);
                };
        out.sort(order.thenComparing(Expected::name).thenComparing(Expected::hotelId));
        return out;
    }

    private static double haversine(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        double km = 2 * 6371.0088 * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
        return Math.round(km * 100) / 100.0;
    }

    /** A hit as the brute force describes it. */
    private record Expected(
            String hotelId,
            String name,
            long total,
            long nightly,
            Integer stars,
            Double distance,
            List<String> offers) {

        static Expected of(SearchHit hit) {
            return new Expected(
                    hit.hotelId(),
                    hit.name(),
                    hit.fromTotalMinor(),
                    hit.fromNightlyMinor(),
                    hit.starRating(),
                    hit.distanceKm(),
                    hit.offers().stream().map(SearchHit.Offer::roomTypeId).toList());
        }
    }

    private static HotelContent content(double lat, double lon) {
        return new HotelContent(null, 3, null, lat, lon, List.of(), List.of(), null, null, null, false);
    }

    private static int total(SearchLeg leg) {
        return leg.matches().values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * A generated catalog held like the stores hold it, in three partitions by hotel, counting what
     * search reads.
     */
    private static final class Catalog implements SearchMatcher.Partitions {

        final NavigableMap<String, HotelInfo> hotels = new TreeMap<>();
        final NavigableMap<String, RoomTypeInfo> roomTypes = new TreeMap<>();
        final NavigableMap<String, NightInventory> nights = new TreeMap<>();
        final NavigableMap<String, NightOffer> offers = new TreeMap<>();
        final List<String> offerReads = new ArrayList<>();
        final Set<String> hotelsRead = new HashSet<>();
        final List<String> roomTypesRead = new ArrayList<>();
        int unreadable = -1;

        static int partitionOf(String hotelId) {
            return Math.floorMod(hotelId.hashCode(), 3);
        }

        @Override
        public Set<Integer> numbers() {
            return Set.of(0, 1, 2);
        }

        @Override
        public <T> Optional<T> read(int partition, Function<CatalogSource, T> read) {
            return partition == unreadable ? Optional.empty() : Optional.of(read.apply(new Partition(partition)));
        }

        static Catalog generate(Random random, int hotelCount) {
            Catalog c = new Catalog();
            List<String> words = new ArrayList<>(ContentVocabulary.HOTEL_AMENITIES);
            for (int h = 0; h < hotelCount; h++) {
                int cityIndex = random.nextInt(CITIES.size());
                String hotelId = "h-" + String.format("%03d", h);
                HotelContent content = null;
                if (random.nextInt(8) != 0) {
                    List<String> amenities = new ArrayList<>();
                    for (String word : words) {
                        if (random.nextInt(3) == 0) {
                            amenities.add(word);
                        }
                    }
                    boolean located = random.nextInt(6) != 0;
                    content = new HotelContent(
                            "Hotel " + h,
                            random.nextInt(6) == 0 ? null : 1 + random.nextInt(5),
                            "Street " + h,
                            located ? CENTRES[cityIndex][0] + random.nextGaussian() * 0.03 : null,
                            located ? CENTRES[cityIndex][1] + random.nextGaussian() * 0.03 : null,
                            amenities,
                            List.of(new Photo("https://img.example/" + h + ".jpg", null)),
                            "14:00",
                            "12:00",
                            null,
                            random.nextBoolean());
                }
                String status = random.nextInt(10) == 0 ? "SUSPENDED" : "APPROVED";
                // A few names repeat, so the name and id tie-breaks are exercised.
                String name = "Hotel " + (char) ('A' + random.nextInt(20));
                HotelInfo hotel =
                        new HotelInfo(hotelId, name, CITIES.get(cityIndex), "THB", "Asia/Bangkok", status, content);
                c.hotels.put(hotelId, hotel);
                int types = 1 + random.nextInt(3);
                for (int t = 0; t < types; t++) {
                    String typeId = "rt" + t;
                    RoomTypeInfo type = new RoomTypeInfo(
                            hotelId,
                            typeId,
                            null,
                            "Type " + t,
                            1 + random.nextInt(4),
                            5,
                            100_000L,
                            random.nextInt(2),
                            random.nextInt(12) != 0,
                            null);
                    c.roomTypes.put(StoreKeys.roomType(hotelId, typeId), type);
                    for (int n = 0; n < NIGHTS; n++) {
                        if (random.nextInt(40) == 0) {
                            continue; // a night the catalog does not offer
                        }
                        int allotment = random.nextInt(6);
                        NightInventory night = NightInventory.newBuilder()
                                .setAllotment(allotment)
                                .setHeld(random.nextInt(3))
                                .setSold(random.nextInt(3))
                                .setPriceMinor(50_000 + random.nextInt(40) * 10_000L)
                                .setStopSell(random.nextInt(30) == 0)
                                .setMinLos(random.nextInt(15) == 0 ? 2 : null)
                                .setMaxLos(null)
                                .setClosedToArrival(random.nextInt(30) == 0)
                                .setClosedToDeparture(random.nextInt(30) == 0)
                                .setFromCatalog(true)
                                .build();
                        c.nights.put(StoreKeys.night(hotelId, typeId, FIRST.plusDays(n)), night);
                    }
                }
            }
            c.index();
            return c;
        }

        /** The rows of the hotels of one partition. */
        private final class Partition implements CatalogSource {

            private final int number;

            Partition(int number) {
                this.number = number;
            }

            @Override
            public List<KeyValue<String, NightOffer>> offers(String city, LocalDate night) {
                offerReads.add(city + StoreKeys.SEPARATOR + night);
                List<KeyValue<String, NightOffer>> out = new ArrayList<>();
                int prefix = CityNights.prefix(city, night).length();
                offers.subMap(CityNights.prefix(city, night), true, CityNights.prefixEnd(city, night), false)
                        .forEach((k, v) -> {
                            String hotelId = k.substring(prefix, k.indexOf(StoreKeys.SEPARATOR, prefix));
                            if (partitionOf(hotelId) == number) {
                                out.add(KeyValue.pair(k, v));
                            }
                        });
                return out;
            }

            @Override
            public HotelInfo hotel(String hotelId) {
                assertThat(partitionOf(hotelId)).as("partition of %s", hotelId).isEqualTo(number);
                hotelsRead.add(hotelId);
                return hotels.get(hotelId);
            }

            @Override
            public List<RoomTypeInfo> roomTypes(String hotelId) {
                assertThat(partitionOf(hotelId)).as("partition of %s", hotelId).isEqualTo(number);
                roomTypesRead.add(hotelId);
                return List.copyOf(roomTypes
                        .subMap(hotelId + StoreKeys.SEPARATOR, true, StoreKeys.prefixEnd(hotelId), false)
                        .values());
            }
        }

        /** The index entries the topology keeps for these rows: one per night row (hotel and room type known). */
        void index() {
            nights.forEach((key, night) -> {
                String[] parts = key.split("\\|");
                HotelInfo hotel = hotels.get(parts[0]);
                RoomTypeInfo type = roomTypes.get(StoreKeys.roomType(parts[0], parts[1]));
                offers.put(
                        CityNights.key(hotel.getCity(), LocalDate.parse(parts[2]), parts[0], parts[1]),
                        CityNights.offer(new InventoryLedger.Seller(hotel, type), night));
            });
        }
    }
}
