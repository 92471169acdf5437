package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end on real parts: a KRaft broker, PostgreSQL, the Apicurio registry,
 * a Kafka Connect worker running Debezium, and a node answering HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class HoldEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LocalDate FIRST = LocalDate.now().plusDays(30);

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldBeReadyAndDescribeItsEndpoints() throws Exception {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("catalogLoaded").asBoolean()).isTrue();

        JsonNode endpoints = JSON.readTree(Files.readString(stack.writeEndpoints()));
        assertThat(endpoints.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "node",
                        "kafkaBootstrap",
                        "postgresJdbcUrl",
                        "postgresUser",
                        "postgresPassword",
                        "registryUrl",
                        "connectUrl");
        assertThat(endpoints.path("node").asText()).isEqualTo(stack.nodeUrl());
    }

    @Test
    @Order(2)
    void shouldListTheDemoHotelsOfACityWithTheirRoomTypes() throws Exception {
        HttpResponse<String> response = get("/v1/hotels?city=bangkok");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode hotels = json(response).path("hotels");
        assertThat(hotels.size()).isPositive();
        for (JsonNode hotel : hotels) {
            assertThat(hotel.path("city").asText()).isEqualTo("Bangkok");
            assertThat(hotel.path("roomTypes").size()).isPositive();
            assertThat(hotel.path("roomTypes").get(0).path("capacity").asInt()).isPositive();
        }
    }

    @Test
    @Order(3)
    void shouldServeACatalogRowInsertedInPostgres() throws Exception {
        insertHotel("e2e-001", 3, 180_000);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode nights = availability("e2e-001", FIRST, FIRST.plusDays(3));
            assertThat(nights.size()).isEqualTo(3);
            assertThat(nights.get(0).path("allotment").asInt()).isEqualTo(3);
            assertThat(nights.get(0).path("available").asInt()).isEqualTo(3);
            assertThat(nights.get(0).path("priceMinor").asLong()).isEqualTo(180_000);
        });
    }

    @Test
    @Order(4)
    void shouldShowAHoldInAvailabilityRightAfterItsAnswer() throws Exception {
        HttpResponse<String> created = hold("e2e-001", "show-1", FIRST, FIRST.plusDays(2), 1);

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode hold = json(created);
        assertThat(created.headers().firstValue("Location"))
                .hasValue("/v1/hotels/e2e-001/holds/" + hold.path("holdId").asText());
        assertThat(hold.path("totalMinor").asLong()).isEqualTo(2 * 180_000L);
        assertThat(hold.path("nights").size()).isEqualTo(2);
        JsonNode nights = availability("e2e-001", FIRST, FIRST.plusDays(3));
        assertThat(nights.get(0).path("held").asInt()).isEqualTo(1);
        assertThat(nights.get(1).path("held").asInt()).isEqualTo(1);
        assertThat(nights.get(2).path("held").asInt()).isZero();
    }

    @Test
    @Order(5)
    void shouldGiveExactlyOneHoldWhenTwoConcurrentHoldsExceedTheAllotment() throws Exception {
        insertHotel("e2e-002", 3, 100_000);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> availability("e2e-002", FIRST, FIRST.plusDays(1)).size() == 1);

        List<CompletableFuture<HttpResponse<String>>> racing = Stream.of("race-a", "race-b")
                .map(key -> holdAsync("e2e-002", key, FIRST, FIRST.plusDays(2), 2))
                .toList();
        List<Integer> statuses =
                racing.stream().map(f -> f.join().statusCode()).sorted().toList();

        assertThat(statuses).containsExactly(201, 409);
        HttpResponse<String> rejected = racing.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.statusCode() == 409)
                .findFirst()
                .orElseThrow();
        assertThat(json(rejected).path("reason").asText()).isEqualTo("NOT_AVAILABLE");
        JsonNode nights = availability("e2e-002", FIRST, FIRST.plusDays(2));
        assertThat(nights.get(0).path("held").asInt()).isEqualTo(2);
        assertThat(nights.get(0).path("available").asInt()).isEqualTo(1);
    }

    @Test
    @Order(6)
    void shouldAnswerARetryWithTheSameHoldAndApplyItOnce() throws Exception {
        insertHotel("e2e-003", 5, 100_000);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> availability("e2e-003", FIRST, FIRST.plusDays(1)).size() == 1);

        HttpResponse<String> first = hold("e2e-003", "retry-1", FIRST, FIRST.plusDays(1), 2);
        HttpResponse<String> retry = hold("e2e-003", "retry-1", FIRST, FIRST.plusDays(1), 2);
        HttpResponse<String> reused = hold("e2e-003", "retry-1", FIRST, FIRST.plusDays(1), 3);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(json(retry).path("holdId").asText())
                .isEqualTo(json(first).path("holdId").asText());
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json(reused).path("reason").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(availability("e2e-003", FIRST, FIRST.plusDays(1))
                        .get(0)
                        .path("held")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(7)
    void shouldAnswerBadHoldRequestsWithAProblemAndChangeNothing() throws Exception {
        String path = "/v1/hotels/e2e-001/holds";
        String in = FIRST.toString();
        String out = FIRST.plusDays(2).toString();
        assertProblem(post(path, "k1", "{not json"), 400);
        assertProblem(
                post(path, "k2", "{\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out + "\",\"quantity\":1}"), 400);
        assertProblem(post(path, "k3", body("std", out, in, 1)), 400);
        assertProblem(post(path, "k4", body("std", in, out, -1)), 400);
        assertProblem(post(path, "k5", body("std", "2027-13-45", out, 1)), 400);
        assertProblem(
                post(
                        path,
                        "k6",
                        "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out
                                + "\",\"quantity\":1,\"price\":1}"),
                400);
        assertProblem(post(path, null, body("std", in, out, 1)), 400);
        assertProblem(post(path, "k7", ""), 400);
        HttpResponse<String> unknownHotel = post("/v1/hotels/no-such-hotel/holds", "k8", body("std", in, out, 1));
        assertProblem(unknownHotel, 404);
        assertThat(json(unknownHotel).path("reason").asText()).isEqualTo("HOTEL_NOT_FOUND");
        assertProblem(post("/v1/hotels/e2e-001/holds", "k9", body("penthouse", in, out, 1)), 404);
        assertProblem(get("/v1/hotels/e2e-001/availability?from=" + out + "&to=" + in), 400);
        assertProblem(get("/v1/hotels/e2e-001/availability?from=yesterday&to=" + in), 400);
        assertProblem(get("/v1/nothing-here"), 404);

        JsonNode nights = availability("e2e-001", FIRST, FIRST.plusDays(2));
        assertThat(nights.get(0).path("held").asInt())
                .as("only the earlier hold")
                .isEqualTo(1);
    }

    @Test
    @Order(8)
    void shouldKeepHoldsAndCatalogAcrossARestart() throws Exception {
        JsonNode before = availability("e2e-002", FIRST, FIRST.plusDays(2));

        stack.close();
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));

        assertThat(availability("e2e-002", FIRST, FIRST.plusDays(2))).isEqualTo(before);
        assertThat(hold("e2e-002", "after-restart", FIRST, FIRST.plusDays(1), 2).statusCode())
                .as("only one room is left after the restart")
                .isEqualTo(409);
        assertThat(hold("e2e-002", "after-restart-2", FIRST, FIRST.plusDays(1), 1)
                        .statusCode())
                .isEqualTo(201);
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://innflow.io/problems/");
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private static void insertHotel(String hotelId, int rooms, long priceMinor) throws SQLException {
        new TestCatalog(stack.postgres().dataSource()).hotel(hotelId, "Bangkok", 2, rooms, priceMinor, FIRST, 10);
    }

    private static JsonNode availability(String hotelId, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> response =
                get("/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to + "&roomType=std");
        if (response.statusCode() != 200) {
            return JSON.createArrayNode();
        }
        return json(response).path("roomTypes").get(0).path("nights");
    }

    private static String body(String roomType, String in, String out, int quantity) {
        return "{\"roomTypeId\":\"" + roomType + "\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out
                + "\",\"quantity\":" + quantity + "}";
    }

    private static HttpResponse<String> hold(String hotelId, String key, LocalDate in, LocalDate out, int quantity) {
        return holdAsync(hotelId, key, in, out, quantity).join();
    }

    private static CompletableFuture<HttpResponse<String>> holdAsync(
            String hotelId, String key, LocalDate in, LocalDate out, int quantity) {
        return HTTP.sendAsync(
                request("/v1/hotels/" + hotelId + "/holds", key, body("std", in.toString(), out.toString(), quantity)),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return HTTP.send(request(path, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
