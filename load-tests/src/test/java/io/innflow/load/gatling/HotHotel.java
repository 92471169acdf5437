package io.innflow.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One hotel, one room type, a stay of a few nights: every client holds one room, gets its answer and
 * holds again (closed model at each of {@code innflow.clients}, default 8,32,128, for
 * {@code innflow.step-seconds} each), or, with {@code innflow.open-rate} above 0, an open ramp of new
 * clients per second up to that rate. Every answer is checked: 201 with a hold id, or 409
 * {@code not-available} once the rooms are gone. Before the load the room type gets
 * {@code innflow.allotment} rooms on those nights (partner API; 0 keeps the catalog's); after it the
 * rooms held are counted from availability: never more than existed, and exactly the 201s.
 *
 * <pre>./mvnw -B -pl load-tests -am verify -Pgatling -DskipTests -DskipITs -Dgatling.simulationClass=io.innflow.load.gatling.HotHotel</pre>
 */
public class HotHotel extends Simulation {

    private final Node node = new Node();
    private final JsonNode hotel = node.firstHotel();
    private final String hotelId = hotel.get("hotelId").asText();
    private final String roomType =
            hotel.get("roomTypes").get(0).get("roomTypeId").asText();
    private final int nights = Node.intProperty("innflow.nights", 3);
    private final LocalDate checkIn = LocalDate.now().plusDays(Node.intProperty("innflow.checkin-days", 30));
    private final LocalDate checkOut = checkIn.plusDays(nights);
    private final int allotment = Node.intProperty("innflow.allotment", 100_000);
    private final int[] clients = Node.intsProperty("innflow.clients", "8,32,128");
    private final int stepSeconds = Node.intProperty("innflow.step-seconds", 20);
    private final int openRate = Node.intProperty("innflow.open-rate", 0);
    private final AtomicLong held = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private int roomsBefore;

    private final HttpProtocolBuilder protocol = http.baseUrl(node.url)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .authorizationHeader("Bearer " + node.guestToken())
            .shareConnections();

    /** The hold scenario; its request is named after the step ({@code label}) so the report splits by step. */
    private ScenarioBuilder hold(String label) {
        return scenario("hold one room, " + nights + " nights, one hot room type, " + label)
                .exec(http("hold " + label)
                        .post("/v1/hotels/" + hotelId + "/holds")
                        .header("Idempotency-Key", session -> UUID.randomUUID().toString())
                        .body(StringBody("{\"roomTypeId\":\"" + roomType + "\",\"checkIn\":\"" + checkIn
                                + "\",\"checkOut\":\"" + checkOut + "\",\"quantity\":1,\"holdSeconds\":1800}"))
                        .check(status().in(201, 409).saveAs("status"))
                        .checkIf((response, session) -> response.status().code() == 201)
                        .then(jsonPath("$.holdId").exists())
                        .checkIf((response, session) -> response.status().code() == 409)
                        .then(jsonPath("$.type").is("https://innflow.io/problems/not-available")))
                .exec(session -> {
                    if ("201".equals(session.getString("status"))) {
                        held.incrementAndGet();
                    } else if ("409".equals(session.getString("status"))) {
                        refused.incrementAndGet();
                    }
                    return session;
                });
    }

    {
        PopulationBuilder population;
        List<Assertion> assertions = new ArrayList<>();
        assertions.add(global().failedRequests().count().is(0L));
        if (openRate > 0) {
            String label = "open ramp to " + openRate + "/s";
            population = hold(label).injectOpen(rampUsersPerSec(1).to(openRate).during(stepSeconds * clients.length));
            assertions.add(
                    details("hold " + label).responseTime().percentile(99.0).lt(10_000));
            assertions.add(details("hold " + label).successfulRequests().count().gt(0L));
        } else {
            population = null;
            for (int c : clients) {
                String label = c + " clients";
                PopulationBuilder step =
                        hold(label).injectClosed(constantConcurrentUsers(c).during(stepSeconds));
                population = population == null ? step : population.andThen(step);
                // Loose bounds (they fail a broken node); Gatling prints each one's actual value.
                assertions.add(
                        details("hold " + label).responseTime().percentile(50.0).lt(5_000));
                assertions.add(
                        details("hold " + label).responseTime().percentile(99.0).lt(10_000));
                assertions.add(details("hold " + label).requestsPerSec().gt(0.5));
                assertions.add(
                        details("hold " + label).successfulRequests().count().gt(0L));
            }
        }
        setUp(population).protocols(protocol).assertions(assertions);
    }

    @Override
    public void before() {
        if (allotment > 0) {
            node.setAllotment(hotel, roomType, checkIn, checkOut, allotment);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (Collections.min(node.available(hotelId, roomType, checkIn, checkOut)) != allotment
                    && System.nanoTime() < deadline) {
                // CDC takes the change to the stores in about a tenth of a second.
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }
        roomsBefore = Collections.min(node.available(hotelId, roomType, checkIn, checkOut));
    }

    @Override
    public void after() {
        int roomsAfter = Collections.min(node.available(hotelId, roomType, checkIn, checkOut));
        long taken = roomsBefore - roomsAfter;
        String summary = "HotHotel " + hotelId + "/" + roomType + " " + checkIn + ".." + checkOut + ": " + roomsBefore
                + " rooms free before, " + held.get() + " holds answered 201, " + refused.get() + " answered 409, "
                + taken + " rooms taken according to availability";
        System.out.println(summary);
        if (roomsAfter < 0 || held.get() > roomsBefore || taken != held.get()) {
            throw new IllegalStateException("Inventory does not add up: " + summary);
        }
    }
}
