package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The partner's reports end to end: bookings made through the API flow through the sinks into the analytics
 * schema, and the report routes answer what those bookings imply, to the hotel's own partner only.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PartnerReportsIT {

    private static final String HOTEL = "reports-it";
    private static final String PARTNER = "reports-partner";
    private static final int ALLOTMENT = 4;
    private static final LocalDate FIRST = LocalDate.now(ZoneOffset.UTC).plusDays(40);
    private static final LocalDate END = FIRST.plusDays(5);
    private static final Duration SINK_WAIT = Duration.ofSeconds(90);
    private static final String REPORTS = "/v1/partner/hotels/" + HOTEL + "/reports/";
    private static final String RANGE = "?from=" + FIRST + "&to=" + END;

    private static ApiClient api;
    private static ApiClient partnerApi;
    private static ApiClient otherPartnerApi;

    /** The bookings that count as sold (a cancelled one does not), as the API answered them. */
    private static final List<JsonNode> sold = new ArrayList<>();

    @BeforeAll
    static void book(EmbeddedStack stack) throws Exception {
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, "reports-guest"));
        partnerApi = api.as(TestTokens.partner(stack, PARTNER));
        otherPartnerApi = api.as(TestTokens.partner(stack, "someone-else"));
        OpenApiContract.get().exercisedBy(PartnerReportsIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(HOTEL, "Reportsville", 2, ALLOTMENT, 10_000, FIRST, 10);
        catalog.update("update hotels set partner_id = ? where hotel_id = ?", PARTNER, HOTEL);
        catalog.update(
                "update room_nights set price_minor = 12500 where hotel_id = ? and night = ?",
                HOTEL,
                FIRST.plusDays(1));
        await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            ApiClient.Response nights = api.get(
                    "/v1/hotels/" + HOTEL + "/availability?from=" + FIRST.plusDays(1) + "&to=" + FIRST.plusDays(2));
            return nights.status() == 200
                    && nights.json()
                                    .path("roomTypes")
                                    .path(0)
                                    .path("nights")
                                    .path(0)
                                    .path("priceMinor")
                                    .asLong()
                            == 12_500;
        });

        // Confirmed; cancelled (not sold); a no-show (sold, revenue kept); checked in (sold).
        sold.add(booking("confirmed", 0, 2, 2));
        String cancelled = booking("cancelled", 1, 4, 1).path("bookingId").asText();
        assertThat(api.delete("/v1/hotels/" + HOTEL + "/bookings/" + cancelled, "reports-cancel")
                        .status())
                .isEqualTo(200);
        JsonNode noShow = booking("no-show", 2, 3, 1);
        assertThat(frontDesk(noShow, "no-show").path("status").asText()).isEqualTo("NO_SHOW");
        sold.add(noShow);
        JsonNode checkedIn = booking("checked-in", 3, 5, 1);
        assertThat(frontDesk(checkedIn, "check-in").path("status").asText()).isEqualTo("CHECKED_IN");
        sold.add(checkedIn);
    }

    @Test
    void shouldReportTheOccupancyAdrAndRevparTheBookingsImply() {
        long allotment = (long) ALLOTMENT * ChronoUnit.DAYS.between(FIRST, END);
        long roomNights = 0;
        long revenue = 0;
        for (JsonNode b : sold) {
            long own = 0;
            for (JsonNode night : b.path("nights")) {
                roomNights += b.path("quantity").asLong();
                own += b.path("quantity").asLong() * night.path("priceMinor").asLong();
            }
            assertThat(b.path("totalMinor").asLong())
                    .as("the booking's nights add up")
                    .isEqualTo(own);
            revenue += own;
        }
        long expectedRoomNights = roomNights;
        long expectedRevenue = revenue;

        // The sinks land the events a moment later, one by one: the reports converge on the numbers computed here.
        await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode occupancy = partner(REPORTS + "occupancy" + RANGE).json();
            assertThat(occupancy.path("hotel").path("allotment").asLong()).isEqualTo(allotment);
            assertThat(occupancy.path("hotel").path("roomNightsSold").asLong()).isEqualTo(expectedRoomNights);
            assertThat(occupancy.path("hotel").path("occupancy").decimalValue())
                    .isEqualByComparingTo(ratio(expectedRoomNights, allotment, 4));
            JsonNode adr = partner(REPORTS + "adr" + RANGE).json();
            assertThat(adr.path("currency").asText()).isNotBlank();
            assertThat(adr.path("hotel").path("revenueMinor").asLong()).isEqualTo(expectedRevenue);
            assertThat(adr.path("hotel").path("adrMinor").decimalValue())
                    .isEqualByComparingTo(ratio(expectedRevenue, expectedRoomNights, 2));
            assertThat(adr.path("hotel").path("revparMinor").decimalValue())
                    .isEqualByComparingTo(ratio(expectedRevenue, allotment, 2));
            // The second night: two rooms of the confirmed booking at its changed price, the cancelled one not.
            JsonNode second = adr.path("roomTypes").path(0).path("nights").path(1);
            assertThat(second.path("night").asText())
                    .isEqualTo(FIRST.plusDays(1).toString());
            assertThat(second.path("roomNightsSold").asLong()).isEqualTo(2);
            assertThat(second.path("revenueMinor").asLong()).isEqualTo(25_000);
        });

        // The same numbers as CSV, by Accept or by ?format=csv.
        ApiClient.Response csv = partner(REPORTS + "occupancy" + RANGE, "Accept", "text/csv");
        assertThat(csv.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body().lines()).first().isEqualTo("scope,roomTypeId,night,allotment,roomNightsSold,occupancy");
        assertThat(csv.body().lines())
                .contains("hotel,,," + allotment + "," + expectedRoomNights + ","
                        + ratio(expectedRoomNights, allotment, 4).toPlainString());
        ApiClient.Response adrCsv = partner(REPORTS + "adr" + RANGE + "&format=csv");
        assertThat(adrCsv.body().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("roomType,std,," + expectedRoomNights + "," + expectedRevenue + ","
                        + ratio(expectedRevenue, expectedRoomNights, 2).toPlainString()));
    }

    @Test
    void shouldReportThePaceOfTheBookingsAgainstThePreviousPeriod() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int days = (int) ChronoUnit.DAYS.between(today, FIRST) + 1;
        long expected = sold.stream()
                .mapToLong(b -> b.path("quantity").asLong() * b.path("nights").size())
                .sum();

        // A revenue that only the final states give: the cancellation has landed, or the cancelled booking has not.
        long revenue =
                sold.stream().mapToLong(b -> b.path("totalMinor").asLong()).sum();
        await().atMost(SINK_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> partner(REPORTS + "adr" + RANGE)
                                .json()
                                .path("hotel")
                                .path("revenueMinor")
                                .asLong()
                        == revenue);

        await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode pace = partner(REPORTS + "pace" + RANGE + "&days=" + days).json();
            assertThat(pace.path("previousFrom").asText())
                    .isEqualTo(FIRST.minusDays(5).toString());
            JsonNode series = pace.path("hotel");
            assertThat(series).hasSize(days + 1);
            // Booked today, nothing the day before; the cancelled booking was cancelled today, so it is off the books.
            JsonNode yesterday = series.get(0);
            JsonNode bookedToday = series.get(1);
            assertThat(yesterday.path("bookingDate").asText())
                    .isEqualTo(today.minusDays(1).toString());
            assertThat(yesterday.path("roomNights").asLong()).isZero();
            assertThat(bookedToday.path("bookingDate").asText()).isEqualTo(today.toString());
            assertThat(bookedToday.path("roomNights").asLong()).isEqualTo(expected);
            assertThat(bookedToday.path("previousRoomNights").asLong()).isZero();
            // Booking dates after today are not known yet.
            assertThat(series.get(2).path("roomNights").isNull()).isTrue();
        });
        assertThat(partner(REPORTS + "pace" + RANGE + "&days=3&format=csv")
                        .body()
                        .lines())
                .first()
                .isEqualTo("scope,roomTypeId,daysBefore,bookingDate,roomNights,previousBookingDate,previousRoomNights");
    }

    @Test
    void shouldHideTheReportsFromAnyoneButTheHotelsPartner() {
        for (String report : List.of("occupancy", "adr", "pace")) {
            // Another partner sees the hotel as unknown, like a hotel that does not exist.
            assertProblem(otherPartnerApi.get(REPORTS + report + RANGE), 404, "hotel-not-found");
            assertProblem(
                    partner("/v1/partner/hotels/no-such-hotel/reports/" + report + RANGE), 404, "hotel-not-found");
            assertProblem(api.anonymous().get(REPORTS + report + RANGE), 401, "unauthenticated");
            assertProblem(partner(REPORTS + report + "?from=" + END + "&to=" + FIRST), 400, "invalid-request");
            assertProblem(partner(REPORTS + report + "?from=" + FIRST), 400, "invalid-request");
        }
        assertProblem(partner(REPORTS + "pace" + RANGE + "&days=400"), 400, "invalid-request");
        assertProblem(partner(REPORTS + "adr" + RANGE + "&format=xml"), 400, "invalid-request");
    }

    @Test
    void shouldServeThePageThatDrawsTheReports() {
        ApiClient.Response page = api.get("/partner/reports.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<script src=\"reports.js\">");
        ApiClient.Response script = api.get("/partner/reports.js");
        assertThat(script.status()).isEqualTo(200);
        // The page sends the partner's token as a bearer credential.
        assertThat(script.body()).contains("\"Bearer \" + credential").doesNotContain("X-Innflow-Partner");
    }

    private static JsonNode booking(String name, int from, int to, int quantity) {
        ApiClient.Response created = api.post(
                "/v1/hotels/" + HOTEL + "/bookings",
                "reports-" + name,
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(from) + "\",\"checkOut\":\""
                        + FIRST.plusDays(to) + "\",\"quantity\":" + quantity
                        + ",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static JsonNode frontDesk(JsonNode booking, String action) {
        ApiClient.Response moved = partnerApi.json(
                "POST",
                "/v1/partner/hotels/" + HOTEL + "/bookings/"
                        + booking.path("bookingId").asText() + "/" + action,
                "");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        return moved.json();
    }

    private static ApiClient.Response partner(String path, String... headers) {
        return partnerApi.get(path, headers);
    }

    private static BigDecimal ratio(long numerator, long denominator, int places) {
        return BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), places, RoundingMode.HALF_UP);
    }
}
