package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hotel content end to end: a partner sets it through the API, Debezium carries it to the node, the
 * hotel's page shows it and search filters and sorts by it; another partner cannot touch it.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ContentSearchIT {

    private static final String PARTNER = "content-partner";
    private static final String CITY = "Contentville";
    private static final String RICH = "content-rich";
    private static final String PLAIN = "content-plain";
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(60);
    private static final String STAY =
            "city=" + CITY + "&checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=2";

    private static ApiClient guest;
    private static ApiClient partner;
    private static ApiClient otherPartner;

    @BeforeAll
    static void catalog(EmbeddedStack stack) throws Exception {
        guest = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, "content-guest"));
        partner = guest.as(TestTokens.partner(stack, PARTNER));
        otherPartner = guest.as(TestTokens.partner(stack, "content-stranger"));
        OpenApiContract.get().exercisedBy(ContentSearchIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(RICH, CITY, 2, 5, 100_000, FIRST, 5);
        catalog.hotel(PLAIN, CITY, 2, 5, 150_000, FIRST, 5);
        catalog.update("update hotels set partner_id = ? where hotel_id = ?", PARTNER, RICH);

        ApiClient.Response hotel = partner.json("PUT", "/v1/partner/hotels/" + RICH + "/content", """
                {"description": "A garden hotel by the canal", "starRating": 5, "address": "9 Canal Road",
                 "latitude": 13.7000, "longitude": 100.5000, "amenities": ["wifi", "pool", "spa"],
                 "photos": [{"url": "https://img.innflow.example/it/garden.jpg", "caption": "Garden"}],
                 "checkInTime": "15:00", "checkOutTime": "11:00",
                 "cancellationPolicy": "Free until the day before arrival", "freeCancellation": true}""");
        assertThat(hotel.status()).as(hotel.body()).isEqualTo(200);
        ApiClient.Response room = partner.json(
                "PUT",
                "/v1/partner/hotels/" + RICH + "/room-types/std/content",
                "{\"bedType\":\"king\",\"sizeM2\":35,\"amenities\":[\"balcony\"]}");
        assertThat(room.status()).as(room.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    ApiClient.Response r = guest.get("/v1/hotels/" + RICH);
                    return r.status() == 200
                            && r.json()
                                            .path("roomTypes")
                                            .path(0)
                                            .path("content")
                                            .path("sizeM2")
                                            .asInt()
                                    == 35
                            && search("").size() == 2;
                });
    }

    @Test
    void shouldShowTheContentOnTheHotelsPage() {
        JsonNode hotel = guest.get("/v1/hotels/" + RICH).json();

        JsonNode content = hotel.path("content");
        assertThat(content.path("starRating").asInt()).isEqualTo(5);
        assertThat(content.path("amenities").toString()).isEqualTo("[\"pool\",\"spa\",\"wifi\"]");
        assertThat(content.path("photos").path(0).path("url").asText())
                .isEqualTo("https://img.innflow.example/it/garden.jpg");
        assertThat(content.path("checkInTime").asText()).isEqualTo("15:00");
        assertThat(content.path("freeCancellation").asBoolean()).isTrue();
        assertThat(hotel.path("roomTypes")
                        .path(0)
                        .path("content")
                        .path("bedType")
                        .asText())
                .isEqualTo("king");
        assertThat(guest.get("/v1/hotels/" + PLAIN)
                        .json()
                        .path("content")
                        .path("starRating")
                        .isNull())
                .as("a hotel without content")
                .isTrue();
    }

    @Test
    void shouldFilterByStarsAmenitiesCancellationPriceAndDistance() {
        assertThat(ids(search("&minStars=4"))).containsExactly(RICH);
        assertThat(ids(search("&amenities=spa,wifi"))).containsExactly(RICH);
        assertThat(ids(search("&freeCancellation=true"))).containsExactly(RICH);
        assertThat(ids(search("&maxPrice=120000"))).as("per night").containsExactly(RICH);
        assertThat(ids(search("&minPrice=250000&priceBasis=total"))).containsExactly(PLAIN);

        List<JsonNode> near = search("&near=13.7010,100.5010&radiusKm=1&sort=distance");
        assertThat(ids(near)).containsExactly(RICH);
        assertThat(near.get(0).path("distanceKm").asDouble()).isBetween(0.1, 0.2);
        assertThat(near.get(0).path("fromNightlyMinor").asLong()).isEqualTo(100_000);
        assertThat(near.get(0).path("fromTotalMinor").asLong()).isEqualTo(200_000);
    }

    @Test
    void shouldSortByRatingAndDistanceWithHotelsWithoutThemLast() {
        assertThat(ids(search("&sort=rating"))).containsExactly(RICH, PLAIN);
        assertThat(ids(search("&sort=-price"))).containsExactly(PLAIN, RICH);
        assertThat(ids(search("&near=13.7,100.5&sort=distance"))).containsExactly(RICH, PLAIN);
    }

    @Test
    void shouldAnswerAnotherPartnerAsIfTheHotelDidNotExist() {
        assertProblem(
                otherPartner.json("PUT", "/v1/partner/hotels/" + RICH + "/content", "{\"starRating\":1}"),
                404,
                "hotel-not-found");
        assertProblem(
                partner.json(
                        "PUT",
                        "/v1/partner/hotels/" + RICH + "/content",
                        "{\"photos\":[{\"url\":\"http://x.example/a.jpg\"}]}"),
                400,
                "invalid-request");
        assertProblem(guest.get("/v1/search?" + STAY + "&amenities=helipad"), 400, "invalid-request");
    }

    private static List<JsonNode> search(String filters) {
        ApiClient.Response r = guest.get("/v1/search?" + STAY + filters);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().path("results").forEach(out::add);
        return out;
    }

    private static List<String> ids(List<JsonNode> hits) {
        return hits.stream().map(h -> h.path("hotelId").asText()).toList();
    }
}
