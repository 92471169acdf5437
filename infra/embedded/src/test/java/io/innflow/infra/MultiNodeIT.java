package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.cluster.Ownership;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Problem;
import io.innflow.api.node.InnflowNode;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes against one real broker, each a real HTTP server, with one standby replica per task:
 * every read works from every node (forwarded to the owner), search covers every partition, a write
 * through one node is read through another with its consistency token, a standby answers stale reads
 * when asked, and when a node stops the others take its hotels over with nothing lost.
 *
 * <p>This class starts a stack of its own instead of {@link SharedStack}: its nodes form one Streams
 * application with standby replicas, and it stops one of them. Joining the shared node's application
 * would move the shared node's tasks under the other classes; a second application on the shared
 * broker would read the same command topics (their names are fixed) and apply every command twice.
 * Each test writes its own holds and bookings on nights of its own; only the test that stops node-3
 * is ordered, last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MultiNodeIT {

    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(30);
    private static final String CITY = "Multiville";
    private static final String TOKEN = "Innflow-Consistency-Token";
    private static final String SERVED_BY = "Innflow-Served-By";
    private static final String SECRET = "Innflow-Cluster-Secret";
    /** The guest who makes every hold and booking of this class. */
    private static final String GUEST = "multi-node-guest";

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;
    /** node-1 is the stack's; node-2 answers writes with 202 (1 ms timeout); node-3 is stopped at the end. */
    private static final Map<String, InnflowNode> nodes = new LinkedHashMap<>();

    private static final Map<String, ApiClient> clients = new LinkedHashMap<>();
    /** One hotel per partition, so every node owns some. */
    private static final List<String> hotels = new ArrayList<>();

    /**
     * A hold of two rooms on {@code [from, from + 2)} and a booking of one room on {@code [from + 1,
     * from + 3)} in every hotel, each written through node-1 or node-3 in turn.
     *
     * @param holds hold locations by hotel
     * @param bookings booking locations by hotel
     * @param tokens the consistency token of the write that made each hold or booking, by its location
     */
    private record Writes(
            LocalDate from, Map<String, String> holds, Map<String, String> bookings, Map<String, String> tokens) {}

    @BeforeAll
    static void startThreeNodes() throws Exception {
        // Every node runs one standby replica per task; the stack's node reads it from the system property.
        System.setProperty("innflow.standby.replicas", "1");
        try {
            stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
        } finally {
            System.clearProperty("innflow.standby.replicas");
        }
        nodes.put("node-1", stack.node());
        int partitions = stack.nodeConfig().topology().partitions();
        Set<Integer> covered = new TreeSet<>();
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        for (int i = 0; covered.size() < partitions; i++) {
            String hotelId = "mn-" + i;
            if (covered.add(Ownership.partitionOf(hotelId, partitions))) {
                hotels.add(hotelId);
                catalog.hotel(hotelId, CITY, 2, 10, 100_000 + 1_000L * i, FIRST, 30);
            }
        }
        ApiClient first = new ApiClient(stack.nodeUrl());
        for (String hotel : hotels) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> nights(first, hotel, FIRST, null).size() == 3);
        }

        nodes.put("node-2", startNode("node-2", Map.of("innflow.request.timeout", "PT0.001S")));
        nodes.put("node-3", startNode("node-3", Map.of()));
        String token = TestTokens.guest(stack, GUEST);
        nodes.forEach((id, node) -> clients.put(id, new ApiClient("http://127.0.0.1:" + node.port(), token)));
        // Settled: every node answers for every hotel, and the owners are spread over the three nodes.
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            Set<String> owners = new TreeSet<>();
            for (ApiClient client : clients.values()) {
                for (String hotel : hotels) {
                    ApiClient.Response r = client.get("/v1/hotels/" + hotel);
                    if (r.status() != 200) {
                        return false;
                    }
                    owners.add(r.header(SERVED_BY).orElse("?"));
                }
            }
            return owners.equals(Set.of("node-1", "node-2", "node-3"));
        });
    }

    private static InnflowNode startNode(String nodeId, Map<String, String> extra) {
        NodeSettings base = stack.nodeConfig().node();
        Map<String, String> overrides = new HashMap<>(Map.of(
                "innflow.node.id", nodeId,
                "innflow.http.port", "0",
                "innflow.http.host", base.httpHost(),
                "innflow.state.dir", dataDir.resolve(nodeId).toString(),
                "innflow.standby.replicas", "1",
                "innflow.kafka.bootstrap", base.bootstrapServers(),
                "innflow.registry.url", base.registryUrl(),
                "innflow.postgres.jdbc-url", base.postgresJdbcUrl(),
                "innflow.postgres.user", base.postgresUser(),
                "innflow.postgres.password", base.postgresPassword()));
        overrides.put("innflow.ops.port", "0");
        // Every node of a cluster verifies tokens with the same keys.
        overrides.put("innflow.auth.hmac-secret", stack.nodeConfig().auth().hmacSecret());
        overrides.putAll(extra);
        InnflowNode node =
                InnflowNode.start(InnflowConfig.load(overrides), AvroSerdeFactory.forRegistry(base.registryUrl()));
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(node::ready);
        return node;
    }

    @AfterAll
    static void stopAll() {
        nodes.forEach((id, node) -> {
            if (!id.equals("node-1")) {
                node.close();
            }
        });
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldReadThroughAnyNodeWhatWasWrittenThroughAnotherWithItsToken() {
        // Each write is read at once through every node, with the token of the last write: no waiting
        write(FIRST, "read-any");
    }

    /** Writes a hold and a booking in every hotel and reads each hotel's nights back through every node. */
    private static Writes write(LocalDate from, String tag) {
        Writes writes = new Writes(from, new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
        List<String> writers = List.of("node-1", "node-3");
        for (int i = 0; i < hotels.size(); i++) {
            String hotel = hotels.get(i);
            ApiClient writer = clients.get(writers.get(i % 2));

            ApiClient.Response held = writer.post(
                    "/v1/hotels/" + hotel + "/holds",
                    "mn-hold-" + tag + "-" + hotel,
                    "{\"roomTypeId\":\"std\",\"checkIn\":\"" + from + "\",\"checkOut\":\"" + from.plusDays(2)
                            + "\",\"quantity\":2}");
            assertThat(held.status()).as(held.body()).isEqualTo(201);
            writes.holds().put(hotel, held.header("Location").orElseThrow());
            writes.tokens()
                    .put(
                            held.header("Location").orElseThrow(),
                            held.header(TOKEN).orElseThrow());
            ApiClient.Response booked = writer.post(
                    "/v1/hotels/" + hotel + "/bookings",
                    "mn-book-" + tag + "-" + hotel,
                    "{\"roomTypeId\":\"std\",\"checkIn\":\"" + from.plusDays(1) + "\",\"checkOut\":\""
                            + from.plusDays(3)
                            + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
            assertThat(booked.status()).as(booked.body()).isEqualTo(201);
            writes.bookings().put(hotel, booked.header("Location").orElseThrow());
            writes.tokens()
                    .put(
                            booked.header("Location").orElseThrow(),
                            booked.header(TOKEN).orElseThrow());

            String token = booked.header(TOKEN).orElseThrow();
            for (ApiClient reader : clients.values()) {
                JsonNode nights = nights(reader, hotel, from, token);
                assertThat(nights.get(0).path("held").asInt()).isEqualTo(2);
                assertThat(nights.get(1).path("held").asInt()).isEqualTo(2);
                assertThat(nights.get(1).path("sold").asInt()).isEqualTo(1);
                assertThat(nights.get(2).path("sold").asInt()).isEqualTo(1);
            }
        }
        return writes;
    }

    @Test
    void shouldAnswerEveryReadIdenticallyFromEveryNode() {
        Writes writes = write(FIRST.plusDays(4), "identical");
        for (String hotel : hotels) {
            String hold = writes.holds().get(hotel);
            String requestId = hold.substring(0, hold.indexOf("/holds/")) + "/requests/"
                    + clients.get("node-1").get(hold).json().path("requestId").asText("");
            List<String> paths = List.of(
                    "/v1/hotels/" + hotel,
                    "/v1/hotels/" + hotel + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(5),
                    hold,
                    writes.bookings().get(hotel));
            for (String path : paths) {
                Map<String, String> bodies = new TreeMap<>();
                Set<String> servedBy = new TreeSet<>();
                clients.forEach((id, client) -> {
                    ApiClient.Response r = client.get(path);
                    assertThat(r.status()).as(id + " " + path + ": " + r.body()).isEqualTo(200);
                    assertThat(r.header("Innflow-Stale")).isEmpty();
                    bodies.put(id, r.body());
                    servedBy.add(r.header(SERVED_BY).orElseThrow());
                });
                assertThat(Set.copyOf(bodies.values())).as(path).hasSize(1);
                assertThat(servedBy).as("one owner answers " + path).hasSize(1);
            }
            assertThat(requestId).isNotBlank();
            // A miss forwarded to the owner comes back as the owner's problem, under the public path
            String missing = "/v1/hotels/" + hotel + "/holds/no-such-hold";
            for (ApiClient client : clients.values()) {
                JsonNode notFound = assertProblem(client.get(missing), 404, "hold-not-found");
                assertThat(notFound.path("reason").asText()).isEqualTo("HOLD_NOT_FOUND");
                assertThat(notFound.path("instance").asText()).isEqualTo(missing);
            }
        }
        // The guest's own listing lives on the owner of the guest's key: every node forwards it there
        List<String> booked = writes.bookings().values().stream()
                .map(location -> location.substring(location.lastIndexOf('/') + 1))
                .toList();
        String mine = "/v1/me/bookings?size=100";
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> clients.values().stream().allMatch(client -> {
                    ApiClient.Response r = client.get(mine);
                    return r.status() == 200
                            && r.json()
                                    .path("bookings")
                                    .findValuesAsText("bookingId")
                                    .containsAll(booked);
                }));
        Map<String, String> listings = new TreeMap<>();
        Set<String> listedBy = new TreeSet<>();
        clients.forEach((id, client) -> {
            ApiClient.Response r = client.get(mine);
            assertThat(r.status()).as(id + " " + mine + ": " + r.body()).isEqualTo(200);
            listings.put(id, r.body());
            listedBy.add(r.header(SERVED_BY).orElseThrow());
        });
        assertThat(Set.copyOf(listings.values())).as(mine).hasSize(1);
        assertThat(listedBy).as("one owner answers " + mine).hasSize(1);
        JsonNode reference = null;
        for (ApiClient client : clients.values()) {
            ApiClient.Response search = client.get(
                    "/v1/search?city=" + CITY + "&checkIn=" + FIRST.plusDays(4) + "&checkOut=" + FIRST.plusDays(6));
            assertThat(search.status()).isEqualTo(200);
            JsonNode page = search.json();
            assertThat(page.path("partial").asBoolean()).isFalse();
            assertThat(page.path("total").asInt()).isEqualTo(hotels.size());
            if (reference == null) {
                reference = page;
            }
            assertThat(page).isEqualTo(reference);
            ApiClient.Response list = client.get("/v1/hotels?city=" + CITY);
            assertThat(list.json().path("hotels").size()).isEqualTo(hotels.size());
            assertThat(list.json().path("partial").asBoolean()).isFalse();
        }
    }

    @Test
    void shouldAnswerAcceptedThenLetAnyNodeFindTheResult() {
        String hotel = hotels.get(0);
        ApiClient slow = clients.get("node-2");
        String body = "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(8) + "\",\"checkOut\":\""
                + FIRST.plusDays(9) + "\",\"quantity\":1}";

        // With a 1 ms timeout the command may not have reached the producer yet: that answer is an honest
        // 503 (never sent), and the documented retry with the same key sends it
        ApiClient.Response pending = slow.post("/v1/hotels/" + hotel + "/holds", "mn-slow", body);
        for (int attempt = 1; pending.status() == 503 && attempt < 20; attempt++) {
            assertThat(pending.json().path("type").asText()).isEqualTo("https://innflow.io/problems/unavailable");
            pending = slow.post("/v1/hotels/" + hotel + "/holds", "mn-slow", body);
        }

        assertThat(pending.status()).as(pending.body()).isEqualTo(202);
        String location = pending.header("Location").orElseThrow();
        assertThat(location).startsWith("/v1/hotels/" + hotel + "/requests/");
        assertThat(pending.json().path("status").asText()).isEqualTo("PENDING");
        for (ApiClient client : clients.values()) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> client.get(location).status() == 200);
            ApiClient.Response done = client.get(location);
            assertThat(done.json().path("status").asText()).isEqualTo("ACCEPTED");
            assertThat(done.header(TOKEN)).isPresent();
        }
        String holdId = clients.get("node-1")
                .get(location)
                .json()
                .path("hold")
                .path("holdId")
                .asText();
        ApiClient.Response retried = clients.get("node-1").post("/v1/hotels/" + hotel + "/holds", "mn-slow", body);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.json().path("holdId").asText()).isEqualTo(holdId);
        nodes.values().forEach(node -> assertThat(node.pendingRequests()).isZero());
    }

    @Test
    void shouldServeAStandbyCopyOnlyWhenStaleReadsAreAllowed() {
        Writes writes = write(FIRST.plusDays(10), "standby");
        Map<String, String> tokens = writes.tokens();
        List<String> resources = new ArrayList<>(writes.holds().values());
        resources.addAll(writes.bookings().values());
        for (String resource : resources) {
            String expected = clients.get("node-1").get(resource).body();
            // The standby replica is placed after the actives: wait until one answers. Each read carries
            // the token of the write that made the resource, so the standby must have applied it.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(() -> {
                        int fresh = 0;
                        int stale = 0;
                        for (ApiClient client : clients.values()) {
                            ApiClient.Response r = client.get(
                                    "/internal" + resource + "?allowStale=true",
                                    SECRET,
                                    InnflowConfig.DEV_CLUSTER_SECRET,
                                    Principal.RELAYED_HEADER,
                                    "guest:" + GUEST,
                                    TOKEN,
                                    tokens.get(resource));
                            if (r.status() == 200) {
                                assertThat(r.body()).isEqualTo(expected);
                                if (r.header("Innflow-Stale").isPresent()) {
                                    stale++;
                                } else {
                                    fresh++;
                                }
                            } else {
                                // Not caught up yet, or not a copy of this hotel at all
                                assertThat(r.status()).as(r.body()).isEqualTo(503);
                                assertThat(r.json().path("type").asText())
                                        .isIn(
                                                Problem.TYPE_BASE + "consistency-pending",
                                                Problem.TYPE_BASE + "unavailable");
                            }
                        }
                        assertThat(fresh).as("the owner of " + resource).isEqualTo(1);
                        assertThat(stale).as("the standby of " + resource).isEqualTo(1);
                    });
        }
        // A token no copy has reached: every copy waits, then says so; none answers without it
        String hold = writes.holds().get(hotels.get(0));
        String[] token = tokens.get(hold).split(":");
        String ahead = token[0] + ":" + token[1] + ":" + (Long.parseLong(token[2]) + 1_000_000);
        int pending = 0;
        for (ApiClient client : clients.values()) {
            ApiClient.Response r = client.get(
                    "/internal" + hold + "?allowStale=true",
                    SECRET,
                    InnflowConfig.DEV_CLUSTER_SECRET,
                    Principal.RELAYED_HEADER,
                    "guest:" + GUEST,
                    TOKEN,
                    ahead);
            // The owner and the standby wait for the token; the third node has no copy at all
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            if (r.json().path("type").asText().equals(Problem.TYPE_BASE + "consistency-pending")) {
                assertProblem(r, 503, "consistency-pending");
                pending++;
            } else {
                assertProblem(r, 503, "unavailable");
            }
        }
        assertThat(pending).as("the owner and the standby").isEqualTo(2);
        // Without allowStale, a node that does not own the hotel refuses an internal read
        String hotel = hotels.get(0);
        int refused = 0;
        for (ApiClient client : clients.values()) {
            ApiClient.Response r = client.get(
                    "/internal" + writes.holds().get(hotel),
                    SECRET,
                    InnflowConfig.DEV_CLUSTER_SECRET,
                    Principal.RELAYED_HEADER,
                    "guest:" + GUEST);
            if (r.status() == 503) {
                assertThat(r.header("Retry-After")).isPresent();
                refused++;
            }
        }
        assertThat(refused).isEqualTo(2);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldAnswerStaleOr503WhileAnOwnerIsDownThenLetTheOthersTakeItsHotelsOverWithNothingLost() {
        Writes writes = write(FIRST.plusDays(14), "takeover");
        // Given node-3 stops answering HTTP but keeps its tasks
        ApiClient survivor = clients.get("node-1");
        List<String> ownedBy3 = hotels.stream()
                .filter(h -> survivor.get("/v1/hotels/" + h)
                        .header(SERVED_BY)
                        .orElse("")
                        .equals("node-3"))
                .toList();
        assertThat(ownedBy3).isNotEmpty();
        nodes.get("node-3").stopServingHttp();

        for (String hotel : ownedBy3) {
            String hold = writes.holds().get(hotel);
            // Then its hotels answer 503 with Retry-After...
            ApiClient.Response refused = survivor.get(hold);
            assertThat(assertProblem(refused, 503, "unavailable").path("detail").asText())
                    .contains("does not answer");
            assertThat(refused.header("Retry-After")).hasValue("1");
            // ...or, when the caller allows it, the standby's copy, marked stale
            // (a standby trails its active task: right after the write it may not have the hold yet)
            ApiClient.Response stale = await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> survivor.get(hold + "?allowStale=true"), r -> r.status() != 404);
            assertThat(stale.status()).as(stale.body()).isEqualTo(200);
            assertThat(stale.header("Innflow-Stale")).hasValue("true");
            assertThat(stale.json().path("status").asText()).isEqualTo("ACTIVE");
        }
        // And search says which partitions it could not cover, and who did not answer
        JsonNode page = survivor.get(
                        "/v1/search?city=" + CITY + "&checkIn=" + FIRST.plusDays(4) + "&checkOut=" + FIRST.plusDays(6))
                .json();
        assertThat(page.path("partial").asBoolean()).isTrue();
        assertThat(page.path("total").asInt()).isEqualTo(hotels.size() - ownedBy3.size());
        assertThat(page.path("missingPartitions").size()).isEqualTo(ownedBy3.size());
        assertThat(page.path("unreachableInstances").get(0).asText())
                .isEqualTo("127.0.0.1:" + nodes.get("node-3").port());

        // Given what every hold and booking looks like before
        ApiClient reader = clients.get("node-1");
        Map<String, String> before = new TreeMap<>();
        for (String hotel : hotels) {
            before.put(
                    writes.holds().get(hotel),
                    reader.get(writes.holds().get(hotel) + "?allowStale=true").body());
            before.put(
                    writes.bookings().get(hotel),
                    reader.get(writes.bookings().get(hotel) + "?allowStale=true")
                            .body());
        }

        // When node-3 stops for good
        nodes.remove("node-3").close();
        clients.remove("node-3");

        // Then, once the others have taken its hotels over, both answer everything, fresh and unchanged
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    for (ApiClient client : clients.values()) {
                        for (Map.Entry<String, String> entry : before.entrySet()) {
                            ApiClient.Response r = client.get(entry.getKey());
                            assertThat(r.status())
                                    .as(entry.getKey() + " " + r.body())
                                    .isEqualTo(200);
                            assertThat(r.header(SERVED_BY))
                                    .hasValueSatisfying(id -> assertThat(id).isIn("node-1", "node-2"));
                            assertThat(r.body()).isEqualTo(entry.getValue());
                        }
                    }
                });
        for (String hotel : hotels) {
            JsonNode nights = nights(reader, hotel, writes.from(), null);
            assertThat(nights.get(1).path("held").asInt()).as(hotel).isEqualTo(2);
            assertThat(nights.get(1).path("sold").asInt()).as(hotel).isEqualTo(1);
        }
        JsonNode whole = reader.get(
                        "/v1/search?city=" + CITY + "&checkIn=" + FIRST.plusDays(4) + "&checkOut=" + FIRST.plusDays(6))
                .json();
        assertThat(whole.path("partial").asBoolean()).isFalse();
        assertThat(whole.path("total").asInt()).isEqualTo(hotels.size());

        // And writes to its hotels work again
        for (String hotel : hotels) {
            ApiClient.Response cancelled = reader.delete(writes.bookings().get(hotel), "mn-cancel-" + hotel);
            assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
            assertThat(clients.get("node-2")
                            .get(
                                    writes.bookings().get(hotel),
                                    TOKEN,
                                    cancelled.header(TOKEN).orElseThrow())
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("CANCELLED");
        }
    }

    /** Nights [from, from + 3) of a hotel's std rooms, through {@code client}, with a token if given. */
    private static JsonNode nights(ApiClient client, String hotel, LocalDate from, String token) {
        String path = "/v1/hotels/" + hotel + "/availability?roomType=std&from=" + from + "&to=" + from.plusDays(3);
        ApiClient.Response r = token == null ? client.get(path) : client.get(path, TOKEN, token);
        if (r.status() != 200) {
            return ApiClient.JSON.createArrayNode();
        }
        return r.json().path("roomTypes").get(0).path("nights");
    }
}
