package io.innflow.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The latency floor: one client, one request at a time, first holds ({@code innflow.seconds} each,
 * default 30; one room, one night, a different night each time so rooms never run out), then
 * availability reads of a month. Every answer is checked (201 with a hold id; 200 with nights).
 *
 * <pre>./mvnw -B -pl load-tests -am verify -Pgatling -DskipTests -DskipITs -Dgatling.simulationClass=io.innflow.load.gatling.SingleClient</pre>
 */
public class SingleClient extends Simulation {

    private final Node node = new Node();
    private final JsonNode hotel = node.firstHotel();
    private final String hotelId = hotel.get("hotelId").asText();
    private final String roomType =
            hotel.get("roomTypes").get(0).get("roomTypeId").asText();
    private final int seconds = Node.intProperty("innflow.seconds", 30);
    private final LocalDate first = LocalDate.now().plusDays(Node.intProperty("innflow.checkin-days", 2));
    private final int spread = Node.intProperty("innflow.nights-spread", 50);
    private final AtomicInteger sent = new AtomicInteger();

    private final HttpProtocolBuilder protocol = http.baseUrl(node.url)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .authorizationHeader("Bearer " + node.guestToken());

    private final ScenarioBuilder holds = scenario("one client: holds")
            .exec(session -> {
                LocalDate checkIn = first.plusDays(sent.getAndIncrement() % spread);
                return session.set("checkIn", checkIn.toString())
                        .set("checkOut", checkIn.plusDays(1).toString());
            })
            .exec(http("hold")
                    .post("/v1/hotels/" + hotelId + "/holds")
                    .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                    .body(
                            StringBody(
                                    "{\"roomTypeId\":\"" + roomType
                                            + "\",\"checkIn\":\"#{checkIn}\",\"checkOut\":\"#{checkOut}\",\"quantity\":1,\"holdSeconds\":60}"))
                    .check(status().is(201), jsonPath("$.holdId").exists()));

    private final ScenarioBuilder reads = scenario("one client: availability")
            .exec(http("availability")
                    .get("/v1/hotels/" + hotelId + "/availability?from=" + first + "&to=" + first.plusDays(30))
                    .check(
                            status().is(200),
                            jsonPath("$.roomTypes[0].nights[29].available").exists()));

    {
        setUp(holds.injectClosed(constantConcurrentUsers(1).during(seconds))
                        .andThen(reads.injectClosed(constantConcurrentUsers(1).during(seconds))))
                .protocols(protocol)
                // Loose bounds: they fail a broken node, and Gatling prints each one's actual value.
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("hold").successfulRequests().count().gt(0L),
                        details("availability").successfulRequests().count().gt(0L),
                        details("hold").responseTime().percentile(50.0).lt(1_000),
                        details("hold").responseTime().percentile(99.0).lt(5_000),
                        details("availability").responseTime().percentile(50.0).lt(1_000),
                        details("availability").responseTime().percentile(99.0).lt(5_000),
                        details("availability").requestsPerSec().gt(1.0));
    }
}
