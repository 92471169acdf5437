package io.innflow.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo hotels' content: the same on every run, different between hotels, inside the rules partners follow. */
class DemoCatalogContentTest {

    private static final Map<String, double[]> CENTRES =
            Map.of("bkk", new double[] {13.7466, 100.5393}, "hkt", new double[] {7.8804, 98.3923}, "cnx", new double[] {
                18.7883, 98.9853
            });

    private final Map<String, HotelContentRow> contents = DemoCatalog.hotelContents();

    @Test
    void shouldGiveEveryHotelTheSameContentOnEveryRun() {
        assertThat(DemoCatalog.hotelContents()).isEqualTo(contents);
        assertThat(contents).hasSize(3 * DemoCatalog.HOTELS_PER_CITY);
    }

    @Test
    void shouldPlaceEveryHotelInItsCity() {
        contents.forEach((id, content) -> {
            double[] centre = CENTRES.get(id.substring(0, 3));
            assertThat(content.latitude()).as(id).isBetween(centre[0] - 0.05, centre[0] + 0.05);
            assertThat(content.longitude()).as(id).isBetween(centre[1] - 0.05, centre[1] + 0.05);
        });
    }

    @Test
    void shouldKeepToTheVocabularyAndHttpsPhotos() {
        contents.forEach((id, content) -> {
            assertThat(content.starRating()).as(id).isBetween(1, 5);
            assertThat(ContentVocabulary.HOTEL_AMENITIES).as(id).containsAll(content.amenities());
            assertThat(content.photos()).as(id).isNotEmpty().allSatisfy(p -> assertThat(p.url())
                    .startsWith("https://"));
            assertThat(content.checkInTime()).matches("\\d\\d:\\d\\d");
            assertThat(content.description()).isNotBlank();
        });
    }

    @Test
    void shouldVaryBetweenHotels() {
        assertThat(contents.values().stream().map(HotelContentRow::starRating).collect(Collectors.toSet()))
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(contents.values().stream()
                        .map(HotelContentRow::freeCancellation)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(true, false);
        assertThat(contents.values().stream().map(HotelContentRow::amenities).collect(Collectors.toSet()))
                .hasSizeGreaterThan(20);
        assertThat(contents.values().stream().filter(c -> c.amenities().contains("pool")))
                .isNotEmpty();
    }
}
