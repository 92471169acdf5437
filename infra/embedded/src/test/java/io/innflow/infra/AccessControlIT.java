package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.Base64URL;
import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandService;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what, on a running node: every route the node serves (taken from its router, so a new
 * route without an entry here fails) for every kind of caller; tokens that must not be trusted; and
 * guests that cannot reach each other's holds, bookings and requests. See docs/security.md.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AccessControlIT {

    private static final ZoneId HOTEL_ZONE = ZoneId.of("Asia/Bangkok");
    private static final LocalDate FIRST = LocalDate.now(HOTEL_ZONE).plusDays(40);
    private static final String HOTEL_X = "ac-x";
    private static final String HOTEL_Y = "ac-y";
    private static final String CITY = "Accessville";
    private static final String GUEST_A = "ac-guest-a";
    private static final String GUEST_B = "ac-guest-b";
    private static final String HEADER = "room_type_id,night,allotment,price_minor,stop_sell,min_los,max_los,"
            + "closed_to_arrival,closed_to_departure";

    /** The callers of the matrix. */
    enum Caller {
        ANONYMOUS,
        GUEST_A,
        GUEST_B,
        PARTNER_X,
        PARTNER_Y,
        ADMIN,
        CLUSTER
    }

    private static EmbeddedStack stack;
    private static ApiClient anonymous;
    private static final Map<Caller, ApiClient> clients = new LinkedHashMap<>();
    private static String holdId;
    private static String bookingId;
    private static String requestId;

    @BeforeAll
    static void twoHotelsAndAGuestsHoldAndBooking(EmbeddedStack shared) throws Exception {
        stack = shared;
        anonymous = new ApiClient(stack.nodeUrl());
        OpenApiContract.get().exercisedBy(AccessControlIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(HOTEL_X, CITY, 2, 5, 100_000, FIRST, 10);
        catalog.hotel(HOTEL_Y, CITY, 2, 5, 100_000, FIRST, 10);
        try (Connection c = stack.postgres().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE hotels SET partner_id = ? WHERE hotel_id = ?")) {
            for (String hotel : List.of(HOTEL_X, HOTEL_Y)) {
                ps.setString(1, "partner-of-" + hotel);
                ps.setString(2, hotel);
                ps.executeUpdate();
            }
        }
        clients.put(Caller.ANONYMOUS, anonymous);
        clients.put(Caller.GUEST_A, anonymous.as(TestTokens.guest(stack, GUEST_A)));
        clients.put(Caller.GUEST_B, anonymous.as(TestTokens.guest(stack, GUEST_B)));
        clients.put(Caller.PARTNER_X, anonymous.as(TestTokens.partner(stack, "partner-of-" + HOTEL_X)));
        clients.put(Caller.PARTNER_Y, anonymous.as(TestTokens.partner(stack, "partner-of-" + HOTEL_Y)));
        clients.put(Caller.ADMIN, anonymous.as(TestTokens.admin(stack, "ac-admin")));
        clients.put(Caller.CLUSTER, anonymous);
        // The hold and booking below need the nights, not only the hotel
        anonymous.awaitNightsOffered(HOTEL_X, FIRST, 3);
        ApiClient a = clients.get(Caller.GUEST_A);
        ApiClient.Response hold = a.post("/v1/hotels/" + HOTEL_X + "/holds", "ac-hold", holdBody(FIRST));
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        holdId = hold.json().path("holdId").asText();
        requestId = CommandService.requestId(Principal.guest(GUEST_A), "ac-hold");
        ApiClient.Response booking = a.post(
                "/v1/hotels/" + HOTEL_X + "/bookings",
                "ac-book",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(2) + "\",\"checkOut\":\"" + FIRST.plusDays(3)
                        + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(booking.status()).as(booking.body()).isEqualTo(201);
        bookingId = booking.json().path("bookingId").asText();
    }

    // ---- the matrix

    /** A request on a route, and what each caller gets. */
    private record Expected(String method, String path, String body, String contentType, Map<Caller, Integer> status) {}

    /** Everyone is let through, with the status the route then answers. */
    private static Map<Caller, Integer> everyone(int status) {
        Map<Caller, Integer> m = new LinkedHashMap<>();
        for (Caller c : Caller.values()) {
            m.put(c, status);
        }
        return m;
    }

    /** Guest A's own resource: A reads it, B is told it does not exist, the others are refused. */
    private static Map<Caller, Integer> guestOnly(int forA, int forB) {
        Map<Caller, Integer> m = refusedAll();
        m.put(Caller.GUEST_A, forA);
        m.put(Caller.GUEST_B, forB);
        return m;
    }

    private static Map<Caller, Integer> partnerOnly(int forX, int forY) {
        Map<Caller, Integer> m = refusedAll();
        m.put(Caller.PARTNER_X, forX);
        m.put(Caller.PARTNER_Y, forY);
        return m;
    }

    private static Map<Caller, Integer> adminOnly(int status) {
        Map<Caller, Integer> m = refusedAll();
        m.put(Caller.ADMIN, status);
        return m;
    }

    /** A non-public route: 401 without a token (the cluster credential is none), 403 for a wrong role. */
    private static Map<Caller, Integer> refusedAll() {
        Map<Caller, Integer> m = everyone(403);
        m.put(Caller.ANONYMOUS, 401);
        m.put(Caller.CLUSTER, 401);
        return m;
    }

    /** An internal route: only the cluster credential, whatever token comes with it. */
    private static Map<Caller, Integer> clusterOnly(int status) {
        Map<Caller, Integer> m = everyone(403);
        m.put(Caller.CLUSTER, status);
        return m;
    }

    private static Map<String, Expected> matrix() {
        String x = "/v1/hotels/" + HOTEL_X;
        String px = "/v1/partner/hotels/" + HOTEL_X;
        String stay = "from=" + FIRST + "&to=" + FIRST.plusDays(2);
        String search = "?city=" + CITY + "&checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(1);
        String nights = "{\"from\":\"" + FIRST + "\",\"to\":\"" + FIRST.plusDays(1) + "\",\"set\":{\"allotment\":5}}";
        String roomType = "{\"name\":\"Standard\",\"capacity\":2,\"totalRooms\":5,\"basePriceMinor\":100000}";
        String csv = HEADER + "\nstd," + FIRST + ",5,100000,false,,,false,false\n";
        List<Expected> all = new ArrayList<>(List.of(
                new Expected("GET", "/health/live", null, null, everyone(200)),
                new Expected("GET", "/health/ready", null, null, everyone(200)),
                new Expected("GET", "/openapi.json", null, null, everyone(200)),
                new Expected("GET", "/v1/search" + search, null, null, everyone(200)),
                new Expected("GET", "/v1/hotels?city=" + CITY, null, null, everyone(200)),
                new Expected("GET", x, null, null, everyone(200)),
                new Expected("GET", x + "/availability?" + stay, null, null, everyone(200)),
                // a guest's write with an empty body reaches the handler, which refuses it
                new Expected("POST", x + "/holds", "{}", null, guestOnly(400, 400)),
                new Expected("GET", x + "/holds/" + holdId, null, null, guestOnly(200, 404)),
                new Expected("DELETE", x + "/holds/" + holdId, null, null, guestOnly(400, 400)),
                new Expected("POST", x + "/bookings", "{}", null, guestOnly(400, 400)),
                new Expected("GET", x + "/bookings/" + bookingId, null, null, guestOnly(200, 404)),
                new Expected("DELETE", x + "/bookings/" + bookingId, null, null, guestOnly(400, 400)),
                new Expected("PATCH", x + "/bookings/" + bookingId + "/guest", "{}", null, guestOnly(400, 400)),
                new Expected("GET", x + "/requests/" + requestId, null, null, guestOnly(200, 404)),
                // each guest lists their own: B's list is empty, not A's
                new Expected("GET", "/v1/me/bookings", null, null, guestOnly(200, 200)),
                new Expected("GET", "/v1/me/holds", null, null, guestOnly(200, 200)),
                new Expected("GET", "/v1/partner/hotels", null, null, partnerOnly(200, 200)),
                new Expected("POST", "/v1/partner/hotels", "{}", null, partnerOnly(400, 400)),
                // another partner's hotel is an unknown hotel on every partner route
                new Expected("GET", px, null, null, partnerOnly(200, 404)),
                new Expected(
                        "PUT", px, "{\"name\":\"Access X\",\"city\":\"" + CITY + "\"}", null, partnerOnly(200, 404)),
                new Expected("PUT", px + "/room-types/std", roomType, null, partnerOnly(200, 404)),
                // content routes
                new Expected("PUT", px + "/content", "{\"starRating\":3}", null, partnerOnly(200, 404)),
                new Expected(
                        "PUT", px + "/room-types/std/content", "{\"bedType\":\"king\"}", null, partnerOnly(200, 404)),
                new Expected("PUT", px + "/room-types/std/nights", nights, null, partnerOnly(200, 404)),
                new Expected("POST", px + "/nights:upload", csv, "text/csv", partnerOnly(200, 404)),
                new Expected("POST", px + "/bookings/no-such/check-in", "", null, partnerOnly(404, 404)),
                new Expected("POST", px + "/bookings/no-such/check-out", "", null, partnerOnly(404, 404)),
                new Expected("POST", px + "/bookings/no-such/no-show", "", null, partnerOnly(404, 404)),
                // the lists: another partner's hotel is an unknown hotel
                new Expected("GET", px + "/bookings?" + stay, null, null, partnerOnly(200, 404)),
                new Expected("GET", px + "/arrivals?date=" + FIRST, null, null, partnerOnly(200, 404)),
                new Expected("GET", px + "/departures?date=" + FIRST, null, null, partnerOnly(200, 404)),
                new Expected("GET", px + "/reports/occupancy?" + stay, null, null, partnerOnly(200, 404)),
                new Expected("GET", px + "/reports/adr?" + stay, null, null, partnerOnly(200, 404)),
                new Expected("GET", px + "/reports/pace?" + stay, null, null, partnerOnly(200, 404)),
                new Expected("GET", "/v1/admin/hotels", null, null, adminOnly(200)),
                new Expected("POST", "/v1/admin/hotels/" + HOTEL_X + "/approve", "{\"bogus\":1}", null, adminOnly(400)),
                new Expected("POST", "/v1/admin/hotels/" + HOTEL_X + "/suspend", "[]", null, adminOnly(400)),
                new Expected("GET", "/v1/admin/audit", null, null, adminOnly(200)),
                new Expected("GET", "/internal/v1/search" + search, null, null, clusterOnly(200)),
                new Expected("GET", "/internal/v1/hotels?city=" + CITY, null, null, clusterOnly(200)),
                new Expected("GET", "/internal" + x, null, null, clusterOnly(200)),
                new Expected("GET", "/internal" + x + "/availability?" + stay, null, null, clusterOnly(200)),
                // without the guest a forwarding node names, nobody's hold is readable
                new Expected("GET", "/internal" + x + "/holds/" + holdId, null, null, clusterOnly(401)),
                new Expected("GET", "/internal" + x + "/bookings/" + bookingId, null, null, clusterOnly(401)),
                new Expected("GET", "/internal" + x + "/requests/" + requestId, null, null, clusterOnly(401)),
                new Expected("GET", "/internal/v1/me/bookings", null, null, clusterOnly(401)),
                new Expected("GET", "/internal/v1/me/holds", null, null, clusterOnly(401)),
                // nor any hotel's lists without the partner
                new Expected("GET", "/internal" + px + "/bookings?" + stay, null, null, clusterOnly(401)),
                new Expected("GET", "/internal" + px + "/arrivals?date=" + FIRST, null, null, clusterOnly(401)),
                new Expected("GET", "/internal" + px + "/departures?date=" + FIRST, null, null, clusterOnly(401))));
        Map<String, Expected> byRoute = new LinkedHashMap<>();
        for (Expected e : all) {
            byRoute.put(e.method() + " " + template(e.path()), e);
        }
        return byRoute;
    }

    /** The router's template of a concrete path: {@code /v1/hotels/ac-x/holds/h1} → {@code /v1/hotels/{hotelId}/holds/{holdId}}. */
    private static String template(String path) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return bare.replaceFirst("^(/internal)?/v1/hotels/[^/]+", "$1/v1/hotels/{hotelId}")
                .replaceFirst("^(/internal)?/v1/partner/hotels/[^/]+", "$1/v1/partner/hotels/{hotelId}")
                .replaceFirst("^/v1/admin/hotels/[^/]+", "/v1/admin/hotels/{hotelId}")
                .replaceFirst("/holds/[^/]+$", "/holds/{holdId}")
                .replaceFirst("/bookings/[^/]+", "/bookings/{bookingId}")
                .replaceFirst("/requests/[^/]+$", "/requests/{requestId}")
                .replaceFirst("/room-types/[^/]+", "/room-types/{roomTypeId}");
    }

    @Test
    void shouldLetEachCallerReachExactlyTheRoutesOfItsRole() {
        Map<String, Expected> matrix = matrix();

        // Every route of the router has an entry, and every entry is a route
        assertThat(matrix.keySet())
                .containsExactlyInAnyOrderElementsOf(stack.node().routes());

        List<String> wrong = new ArrayList<>();
        for (Expected e : matrix.values()) {
            for (Caller caller : Caller.values()) {
                ApiClient.Response r = call(caller, e);
                int expected = e.status().get(caller);
                if (r.status() != expected) {
                    wrong.add(caller + " " + e.method() + " " + e.path() + ": expected " + expected + ", got " + r);
                } else if (expected == 401) {
                    assertProblem(r, 401, "unauthenticated");
                    assertThat(r.header("WWW-Authenticate"))
                            .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
                } else if (caller == Caller.PARTNER_Y && expected == 404) {
                    // the same answer as for a hotel that does not exist
                    assertProblem(r, 404, "hotel-not-found");
                    assertThat(r.json().path("detail").asText()).as(e.path()).isEqualTo("No hotel " + HOTEL_X);
                } else if (expected == 403) {
                    assertThat(r.json().path("type").asText())
                            .as(caller + " " + e.path())
                            .endsWith(e.path().startsWith("/internal") ? "/cluster-credential-required" : "/forbidden");
                }
            }
        }
        assertThat(wrong)
                .as("callers that got another status than their role allows")
                .isEmpty();
    }

    private static ApiClient.Response call(Caller caller, Expected e) {
        ApiClient client = clients.get(caller);
        String[] cluster = caller == Caller.CLUSTER
                ? new String[] {
                    "Innflow-Cluster-Secret", stack.nodeConfig().node().clusterSecret()
                }
                : new String[0];
        String key = "ac-" + caller + "-" + Integer.toHexString(e.path().hashCode());
        String[] headers = e.method().equals("GET") ? cluster : concat(cluster, "Idempotency-Key", key);
        if (e.method().equals("DELETE")) {
            // no Idempotency-Key: a guest let through is refused by the handler, and nothing is released
            return client.method("DELETE", e.path(), cluster);
        }
        if (e.body() == null) {
            return client.method(e.method(), e.path(), headers);
        }
        return client.send(
                e.method(),
                e.path(),
                e.contentType() == null ? "application/json" : e.contentType(),
                HttpRequest.BodyPublishers.ofString(e.body()),
                headers);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void shouldAnswerAForwardedReadOnlyForTheGuestTheForwardingNodeNames() {
        String secret = stack.nodeConfig().node().clusterSecret();
        String hold = "/internal/v1/hotels/" + HOTEL_X + "/holds/" + holdId;

        ApiClient.Response forA =
                anonymous.get(hold, "Innflow-Cluster-Secret", secret, Principal.RELAYED_HEADER, "guest:" + GUEST_A);
        ApiClient.Response forB =
                anonymous.get(hold, "Innflow-Cluster-Secret", secret, Principal.RELAYED_HEADER, "guest:" + GUEST_B);
        ApiClient.Response tokenOnly = clients.get(Caller.GUEST_A).get(hold);

        assertThat(forA.status()).as(forA.body()).isEqualTo(200);
        assertThat(forA.json().path("holdId").asText()).isEqualTo(holdId);
        assertProblem(forB, 404, "hold-not-found");
        assertProblem(tokenOnly, 403, "cluster-credential-required");
    }

    // ---- the demo identities

    @Test
    void shouldWriteDemoTokensThatActAsTheirIdentities() throws Exception {
        java.nio.file.Path file = stack.writeDemoTokens().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode demo = ApiClient.JSON.readTree(file.toFile());

        assertThat(demo.fieldNames())
                .toIterable()
                .containsExactly("guest", "guest2", "partner", "admin", "partnerHotels");
        assertThat(demo.path("partnerHotels")).isNotEmpty();
        String partnerHotel = demo.path("partnerHotels").get(0).asText();
        ApiClient partner = anonymous.as(demo.path("partner").asText());
        assertThat(partner.get("/v1/partner/hotels/" + partnerHotel).status()).isEqualTo(200);
        assertThat(anonymous
                        .as(demo.path("admin").asText())
                        .get("/v1/admin/hotels")
                        .status())
                .isEqualTo(200);
        // guest and guest2 are two guests: a guest route lets both in, and each stays out of the other's way
        for (String guest : List.of("guest", "guest2")) {
            assertProblem(
                    anonymous.as(demo.path(guest).asText()).get("/v1/hotels/" + HOTEL_X + "/holds/" + holdId),
                    404,
                    "hold-not-found");
        }
        assertProblem(partner.get("/v1/hotels/" + HOTEL_X + "/holds/" + holdId), 403, "forbidden");
    }

    // ---- tokens that must not be trusted

    @Test
    void shouldRefuseEveryUntrustworthyTokenWith401() {
        Instant now = Instant.now();
        String secret = TestTokens.secret(stack);
        String valid = TestTokens.guest(stack, GUEST_A);
        String[] parts = valid.split("\\.");
        String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "expired",
                TestTokens.sign(
                        TestTokens.claims(stack, GUEST_A)
                                .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))))
                                .build(),
                        secret));
        tokens.put(
                "not yet valid",
                TestTokens.sign(
                        TestTokens.claims(stack, GUEST_A)
                                .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(10))))
                                .build(),
                        secret));
        tokens.put(
                "another key",
                TestTokens.sign(TestTokens.claims(stack, GUEST_A).build(), "some-other-secret-of-32-bytes-or-more!"));
        tokens.put("alg none", none);
        tokens.put(
                "wrong issuer",
                TestTokens.sign(
                        TestTokens.claims(stack, GUEST_A)
                                .issuer("https://elsewhere")
                                .build(),
                        secret));
        tokens.put(
                "wrong audience",
                TestTokens.sign(
                        TestTokens.claims(stack, GUEST_A).audience("elsewhere").build(), secret));
        tokens.put("malformed", "eyJhbGciOiJIUzI1NiJ9.not-json.sig");
        tokens.put("tampered", parts[0] + "." + Base64URL.encode("{\"sub\":\"" + GUEST_B + "\"}") + "." + parts[2]);

        String hold = "/v1/hotels/" + HOTEL_X + "/holds/" + holdId;
        for (Map.Entry<String, String> token : tokens.entrySet()) {
            // refused on every route, public ones included: a caller sending a token means to be someone
            for (String path : List.of(
                    hold,
                    "/v1/hotels/" + HOTEL_X,
                    "/v1/hotels/" + HOTEL_X + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1),
                    "/v1/hotels?city=" + CITY,
                    "/v1/search?city=" + CITY + "&checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(1),
                    "/health/live",
                    "/health/ready",
                    "/openapi.json")) {
                ApiClient.Response r = anonymous.get(path, "Authorization", TestTokens.bearer(token.getValue()));
                assertThat(r.status())
                        .as(token.getKey() + " on " + path + ": " + r.body())
                        .isEqualTo(401);
                assertProblem(r, 401, "unauthenticated");
                assertThat(r.header("WWW-Authenticate")).as(token.getKey()).isPresent();
            }
        }
        assertProblem(anonymous.get(hold, "Authorization", "Basic YTpi"), 401, "unauthenticated");
        assertThat(anonymous
                        .get(hold, "Authorization", TestTokens.bearer(valid))
                        .status())
                .isEqualTo(200);
    }

    // ---- guests are isolated from each other

    @Test
    void shouldHideAGuestsHoldAndBookingFromAnotherGuestEvenWithTheirIdsAndKey() {
        ApiClient a = clients.get(Caller.GUEST_A);
        ApiClient b = clients.get(Caller.GUEST_B);
        String x = "/v1/hotels/" + HOTEL_X;
        ApiClient.Response held = a.post(x + "/holds", "ac-iso-hold", holdBody(FIRST.plusDays(4)));
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        String hold = held.json().path("holdId").asText();
        String aRequest = CommandService.requestId(Principal.guest(GUEST_A), "ac-iso-hold");

        // B reads nothing of A's: not the hold, not the booking, not the request, same answer as unknown ids
        assertProblem(b.get(x + "/holds/" + hold), 404, "hold-not-found");
        assertProblem(b.get(x + "/bookings/" + bookingId), 404, "booking-not-found");
        assertProblem(b.get(x + "/requests/" + aRequest), 404, "request-not-found");
        assertThat(b.get(x + "/holds/" + hold).json().path("title").asText())
                .isEqualTo(b.get(x + "/holds/no-such-hold").json().path("title").asText());

        // B changes nothing of A's: releasing, confirming and cancelling look like unknown ids
        assertProblem(b.delete(x + "/holds/" + hold, "ac-iso-release"), 404, "hold-not-found");
        assertProblem(
                b.post(
                        x + "/bookings",
                        "ac-iso-confirm",
                        "{\"holdId\":\"" + hold
                                + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                404,
                "hold-not-found");
        assertProblem(b.delete(x + "/bookings/" + bookingId, "ac-iso-cancel"), 404, "booking-not-found");

        // The same Idempotency-Key is B's own: it makes B's hold, not a replay of A's
        ApiClient.Response bHold = b.post(x + "/holds", "ac-iso-hold", holdBody(FIRST.plusDays(4)));
        assertThat(bHold.status()).as(bHold.body()).isEqualTo(201);
        assertThat(bHold.json().path("holdId").asText()).isNotEqualTo(hold);

        // And A's hold and booking are untouched
        assertThat(a.get(x + "/holds/" + hold).json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(a.get(x + "/bookings/" + bookingId).json().path("status").asText())
                .isEqualTo("CONFIRMED");
        assertThat(a.get(x + "/requests/" + aRequest).json().path("status").asText())
                .isEqualTo("ACCEPTED");
    }

    @Test
    void shouldShowARejectedRequestOnlyToTheGuestWhoSentIt() {
        ApiClient a = clients.get(Caller.GUEST_A);
        ApiClient b = clients.get(Caller.GUEST_B);
        String x = "/v1/hotels/" + HOTEL_X;
        ApiClient.Response refused = a.post(
                x + "/holds",
                "ac-rejected",
                "{\"roomTypeId\":\"no-such-room\",\"checkIn\":\"" + FIRST + "\",\"checkOut\":\"" + FIRST.plusDays(1)
                        + "\",\"quantity\":1}");
        assertThat(refused.status()).as(refused.body()).isBetween(400, 499);
        String rejected = CommandService.requestId(Principal.guest(GUEST_A), "ac-rejected");

        ApiClient.Response forA = a.get(x + "/requests/" + rejected);
        ApiClient.Response forB = b.get(x + "/requests/" + rejected);

        assertThat(forA.status()).as(forA.body()).isEqualTo(200);
        assertThat(forA.json().path("status").asText()).isEqualTo("REJECTED");
        // a rejection made no hold to tell its owner by: the request itself names its sender
        assertProblem(forB, 404, "request-not-found");
        assertThat(forB.json().path("title").asText())
                .isEqualTo(b.get(x + "/requests/no-such-request")
                        .json()
                        .path("title")
                        .asText());
    }

    private static String holdBody(LocalDate in) {
        return "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                + "\",\"quantity\":1}";
    }
}
