package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The walking skeleton end to end on real parts: a KRaft broker, PostgreSQL, the Apicurio registry,
 * a Kafka Connect worker running Debezium, and a node answering HTTP. Each test writes its own hotel.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HoldEndToEndIT {

    private static final LocalDate FIRST = LocalDate.now().plusDays(30);
    private static final Duration CDC = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    /** The guest every request of this class is made as. */
    private static final String GUEST = "hold-e2e-guest";

    private static EmbeddedStack stack;
    private static ApiClient api;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) {
        stack = shared;
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, GUEST));
    }

    @Test
    void shouldBeReadyAndDescribeItsEndpoints() throws Exception {
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        ApiClient.Response ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("catalogLoaded").asBoolean()).isTrue();

        JsonNode endpoints = ApiClient.JSON.readTree(Files.readString(stack.writeEndpoints()));
        assertThat(endpoints.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "node",
                        "kafkaBootstrap",
                        "postgresJdbcUrl",
                        "postgresUser",
                        "postgresPassword",
                        "registryUrl",
                        "connectUrl",
                        "smtp",
                        "mailUrl");
        assertThat(endpoints.path("node").asText()).isEqualTo(stack.nodeUrl());
    }

    @Test
    void shouldListTheDemoHotelsOfACityWithTheirRoomTypes() {
        ApiClient.Response response = api.get("/v1/hotels?city=bangkok");

        assertThat(response.status()).isEqualTo(200);
        JsonNode hotels = response.json().path("hotels");
        assertThat(hotels.size()).isPositive();
        for (JsonNode hotel : hotels) {
            assertThat(hotel.path("city").asText()).isEqualTo("Bangkok");
            assertThat(hotel.path("roomTypes").size()).isPositive();
            assertThat(hotel.path("roomTypes").get(0).path("capacity").asInt()).isPositive();
        }
    }

    @Test
    void shouldServeACatalogRowInsertedInPostgres() throws Exception {
        insertHotel("e2e-cdc", 3, 180_000);

        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> {
            JsonNode nights = availability("e2e-cdc", FIRST, FIRST.plusDays(3));
            assertThat(nights.size()).isEqualTo(3);
            assertThat(nights.get(0).path("allotment").asInt()).isEqualTo(3);
            assertThat(nights.get(0).path("available").asInt()).isEqualTo(3);
            assertThat(nights.get(0).path("priceMinor").asLong()).isEqualTo(180_000);
        });
    }

    @Test
    void shouldShowAHoldInAvailabilityRightAfterItsAnswer() throws Exception {
        String hotel = readyHotel("e2e-show", 3, 180_000);

        ApiClient.Response created = hold(hotel, "show-1", FIRST, FIRST.plusDays(2), 1);

        assertThat(created.status()).isEqualTo(201);
        JsonNode hold = created.json();
        assertThat(created.header("Location"))
                .hasValue(
                        "/v1/hotels/" + hotel + "/holds/" + hold.path("holdId").asText());
        assertThat(hold.path("totalMinor").asLong()).isEqualTo(2 * 180_000L);
        assertThat(hold.path("nights").size()).isEqualTo(2);
        JsonNode nights = availability(hotel, FIRST, FIRST.plusDays(3));
        assertThat(nights.get(0).path("held").asInt()).isEqualTo(1);
        assertThat(nights.get(1).path("held").asInt()).isEqualTo(1);
        assertThat(nights.get(2).path("held").asInt()).isZero();
    }

    @Test
    void shouldGiveExactlyOneHoldWhenTwoConcurrentHoldsExceedTheAllotment() throws Exception {
        String hotel = readyHotel("e2e-race", 3, 100_000);

        List<ApiClient.Response> racing = race(hotel, "race");

        assertThat(racing.stream().map(ApiClient.Response::status).sorted()).containsExactly(201, 409);
        ApiClient.Response rejected =
                racing.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(assertProblem(rejected, 409, "not-available").path("reason").asText())
                .isEqualTo("NOT_AVAILABLE");
        JsonNode nights = availability(hotel, FIRST, FIRST.plusDays(2));
        assertThat(nights.get(0).path("held").asInt()).isEqualTo(2);
        assertThat(nights.get(0).path("available").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerARetryWithTheSameHoldAndApplyItOnce() throws Exception {
        String hotel = readyHotel("e2e-retry", 5, 100_000);

        ApiClient.Response first = hold(hotel, "retry-1", FIRST, FIRST.plusDays(1), 2);
        ApiClient.Response retry = hold(hotel, "retry-1", FIRST, FIRST.plusDays(1), 2);
        // The node answers a retry from its finished waiter until it drops it, without comparing bodies:
        // once it is gone, the reused key with another body reaches the topology's check.
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> stack.node().pendingRequests() == 0);
        ApiClient.Response reused = hold(hotel, "retry-1", FIRST, FIRST.plusDays(1), 3);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("holdId").asText())
                .isEqualTo(first.json().path("holdId").asText());
        assertThat(assertProblem(reused, 422, "idempotency-conflict")
                        .path("reason")
                        .asText())
                .isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(availability(hotel, FIRST, FIRST.plusDays(1))
                        .get(0)
                        .path("held")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void shouldAnswerBadHoldRequestsWithAProblemAndChangeNothing() throws Exception {
        // Given a hotel with one hold
        String hotel = readyHotel("e2e-bad", 3, 180_000);
        assertThat(hold(hotel, "bad-earlier", FIRST, FIRST.plusDays(2), 1).status())
                .isEqualTo(201);
        String path = "/v1/hotels/" + hotel + "/holds";
        String in = FIRST.toString();
        String out = FIRST.plusDays(2).toString();

        // When / Then: each bad request is refused with the problem that names its fault
        assertProblem(post(path, "bad-1", "{not json"), 400, "malformed-json");
        assertProblem(
                post(path, "bad-2", "{\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out + "\",\"quantity\":1}"),
                400,
                "invalid-request");
        assertProblem(post(path, "bad-3", body("std", out, in, 1)), 400, "invalid-request");
        assertProblem(post(path, "bad-4", body("std", in, out, -1)), 400, "invalid-request");
        assertProblem(post(path, "bad-5", body("std", "2027-13-45", out, 1)), 400, "malformed-json");
        assertProblem(
                post(
                        path,
                        "bad-6",
                        "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out
                                + "\",\"quantity\":1,\"price\":1}"),
                400,
                "malformed-json");
        assertProblem(api.post(path, null, body("std", in, out, 1)), 400, "invalid-request");
        assertProblem(post(path, "bad-7", ""), 400, "invalid-request");
        assertThat(assertProblem(
                                post("/v1/hotels/no-such-hotel/holds", "bad-8", body("std", in, out, 1)),
                                404,
                                "hotel-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("HOTEL_NOT_FOUND");
        assertProblem(post(path, "bad-9", body("penthouse", in, out, 1)), 404, "room-type-not-found");
        assertProblem(
                api.get("/v1/hotels/" + hotel + "/availability?from=" + out + "&to=" + in), 400, "invalid-request");
        assertProblem(api.get("/v1/hotels/" + hotel + "/availability?from=yesterday&to=" + in), 400, "invalid-request");
        assertProblem(api.get("/v1/nothing-here"), 404, "http-404");

        // And only the earlier hold counts
        assertThat(availability(hotel, FIRST, FIRST.plusDays(2))
                        .get(0)
                        .path("held")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void shouldKeepHoldsAndCatalogAcrossARestart() throws Exception {
        // Given a hotel with two of its three rooms held
        String hotel = readyHotel("e2e-restart", 3, 100_000);
        assertThat(race(hotel, "restart-race").stream().map(ApiClient.Response::status))
                .contains(201);
        JsonNode before = availability(hotel, FIRST, FIRST.plusDays(2));

        // When every part of the stack stops and starts again on its data
        stack = SharedStack.restart();
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, GUEST));

        // Then the catalog and the holds are as they were
        assertThat(availability(hotel, FIRST, FIRST.plusDays(2))).isEqualTo(before);
        assertThat(hold(hotel, "after-restart", FIRST, FIRST.plusDays(1), 2).status())
                .as("only one room is left after the restart")
                .isEqualTo(409);
        assertThat(hold(hotel, "after-restart-2", FIRST, FIRST.plusDays(1), 1).status())
                .isEqualTo(201);
    }

    /** Two holds of two rooms each, sent at once, under keys {@code prefix-a} and {@code prefix-b}. */
    private static List<ApiClient.Response> race(String hotel, String prefix) {
        List<CompletableFuture<ApiClient.Response>> racing = Stream.of("a", "b")
                .map(k -> api.postAsync(
                        "/v1/hotels/" + hotel + "/holds",
                        key(prefix + "-" + k),
                        body("std", FIRST.toString(), FIRST.plusDays(2).toString(), 2)))
                .toList();
        return racing.stream().map(CompletableFuture::join).toList();
    }

    private static void insertHotel(String hotelId, int rooms, long priceMinor) throws SQLException {
        new TestCatalog(stack.postgres().dataSource()).hotel(hotelId, "Bangkok", 2, rooms, priceMinor, FIRST, 10);
    }

    /** A hotel of its own for one test, once its nights are served. */
    private static String readyHotel(String hotelId, int rooms, long priceMinor) throws SQLException {
        insertHotel(hotelId, rooms, priceMinor);
        await().atMost(CDC)
                .pollInterval(POLL)
                .until(() -> availability(hotelId, FIRST, FIRST.plusDays(3)).size() == 3);
        return hotelId;
    }

    private static JsonNode availability(String hotelId, LocalDate from, LocalDate to) {
        ApiClient.Response response =
                api.get("/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to + "&roomType=std");
        if (response.status() != 200) {
            return ApiClient.JSON.createArrayNode();
        }
        return response.json().path("roomTypes").get(0).path("nights");
    }

    private static String body(String roomType, String in, String out, int quantity) {
        return "{\"roomTypeId\":\"" + roomType + "\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out
                + "\",\"quantity\":" + quantity + "}";
    }

    private static ApiClient.Response hold(String hotelId, String key, LocalDate in, LocalDate out, int quantity) {
        return api.post(
                "/v1/hotels/" + hotelId + "/holds", key(key), body("std", in.toString(), out.toString(), quantity));
    }

    private static ApiClient.Response post(String path, String key, String body) {
        return api.post(path, key(key), body);
    }

    /** Idempotency keys are per caller across the whole shared stack: this class's own. */
    private static String key(String name) {
        return "hold-e2e-" + name;
    }
}
