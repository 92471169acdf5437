package io.innflow.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.api.http.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search parameters a guest can get wrong, each answered with a 400 naming the parameter. */
class SearchQueryTest {

    private static Map<String, String> base() {
        Map<String, String> params = new HashMap<>();
        params.put("city", "Bangkok");
        params.put("checkIn", "2027-03-01");
        params.put("checkOut", "2027-03-03");
        return params;
    }

    private static SearchQuery parse(Map<String, String> params) {
        return SearchQuery.of(params::get);
    }

    private static void assertRejected(Map<String, String> params, String mentioning) {
        assertThatThrownBy(() -> parse(params))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid-request");
                })
                .hasMessageContaining(mentioning);
    }

    @Test
    void shouldKeepTheDefaultsOfASearchWithoutFilters() {
        SearchQuery query = parse(base());

        assertThat(query.sort()).isEqualTo(SearchQuery.Sort.PRICE);
        assertThat(query.priceBasis()).isEqualTo(SearchQuery.PriceBasis.NIGHT);
        assertThat(query.amenities()).isEmpty();
        assertThat(query.near()).isNull();
        assertThat(query.freeCancellation()).isFalse();
    }

    @Test
    void shouldReadEveryFilter() {
        Map<String, String> params = base();
        params.put("near", "13.7563, 100.5018");
        params.put("radiusKm", "5");
        params.put("sort", "distance");
        params.put("minPrice", "100000");
        params.put("maxPrice", "300000");
        params.put("priceBasis", "total");
        params.put("minStars", "4");
        params.put("amenities", "pool,wifi");
        params.put("freeCancellation", "true");

        SearchQuery query = parse(params);

        assertThat(query.near()).isEqualTo(new SearchQuery.Point(13.7563, 100.5018));
        assertThat(query.radiusKm()).isEqualTo(5.0);
        assertThat(query.sort()).isEqualTo(SearchQuery.Sort.DISTANCE);
        assertThat(query.inPriceRange(300_000, 1)).isTrue();
        assertThat(query.inPriceRange(300_001, 1)).isFalse();
        assertThat(query.minStars()).isEqualTo(4);
        assertThat(query.amenities()).containsExactlyInAnyOrder("pool", "wifi");
        assertThat(query.freeCancellation()).isTrue();
    }

    @Test
    void shouldRejectANearPointOutOfRangeOrMalformed() {
        for (String near : new String[] {"91,100", "13,181", "13", "a,b", "13,100,1"}) {
            Map<String, String> params = base();
            params.put("near", near);
            assertRejected(params, "near must be lat,lon");
        }
    }

    @Test
    void shouldRejectDistanceSortOrRadiusWithoutAPoint() {
        Map<String, String> sort = base();
        sort.put("sort", "distance");
        assertRejected(sort, "sort=distance needs near");

        Map<String, String> radius = base();
        radius.put("radiusKm", "3");
        assertRejected(radius, "radiusKm needs near");
    }

    @Test
    void shouldRejectAnAmenityOutsideTheVocabulary() {
        Map<String, String> params = base();
        params.put("amenities", "wifi,helipad");
        assertRejected(params, "helipad");
    }

    @Test
    void shouldRejectAPriceRangeTheWrongWayRoundOrNegative() {
        Map<String, String> range = base();
        range.put("minPrice", "500");
        range.put("maxPrice", "100");
        assertRejected(range, "minPrice may not exceed maxPrice");

        Map<String, String> negative = base();
        negative.put("maxPrice", "-1");
        assertRejected(negative, "maxPrice");

        Map<String, String> basis = base();
        basis.put("priceBasis", "week");
        assertRejected(basis, "priceBasis");
    }

    @Test
    void shouldRejectStarsOutsideOneToFiveAndUnknownSorts() {
        Map<String, String> stars = base();
        stars.put("minStars", "6");
        assertRejected(stars, "minStars");

        Map<String, String> sort = base();
        sort.put("sort", "stars");
        assertRejected(sort, "sort must be");

        Map<String, String> cancel = base();
        cancel.put("freeCancellation", "yes");
        assertRejected(cancel, "freeCancellation");
    }
}
