package io.innflow.api.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.api.auth.Authenticator;
import io.innflow.api.auth.Tokens;
import io.innflow.api.cluster.ClusterAuth;
import io.innflow.api.guest.MyReservationsController;
import io.innflow.api.http.Access;
import io.innflow.api.http.Json;
import io.innflow.api.http.OpenApi;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.limits.ConcurrencyLimit;
import io.innflow.api.limits.RateLimiter;
import io.innflow.api.ops.HealthController;
import io.innflow.api.reservation.BookingController;
import io.innflow.api.reservation.HoldController;
import io.innflow.api.reservation.RequestController;
import io.innflow.api.search.SearchController;
import io.innflow.streams.config.LimitSettings;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The routes a node serves are a contract: every public route, and under {@code /internal} exactly the
 * reads another node may forward. Controllers are built without their services: only their routes
 * are looked at, no request is served.
 */
class NodeRoutesTest {

    private static final List<String> PUBLIC = List.of(
            "GET /health/live",
            "GET /health/ready",
            "GET /openapi.json",
            "GET /v1/search",
            "GET /v1/hotels",
            "GET /v1/hotels/{hotelId}",
            "GET /v1/hotels/{hotelId}/availability",
            "POST /v1/hotels/{hotelId}/holds",
            "GET /v1/hotels/{hotelId}/holds/{holdId}",
            "DELETE /v1/hotels/{hotelId}/holds/{holdId}",
            "POST /v1/hotels/{hotelId}/bookings",
            "GET /v1/hotels/{hotelId}/bookings/{bookingId}",
            "DELETE /v1/hotels/{hotelId}/bookings/{bookingId}",
            "PATCH /v1/hotels/{hotelId}/bookings/{bookingId}/guest",
            "GET /v1/hotels/{hotelId}/requests/{requestId}",
            "GET /v1/me/bookings",
            "GET /v1/me/holds");

    private static final List<String> PARTNER_ADMIN = List.of(
            "GET /v1/partner/hotels",
            "POST /v1/partner/hotels",
            "GET /v1/partner/hotels/{hotelId}",
            "PUT /v1/partner/hotels/{hotelId}",
            "PUT /v1/partner/hotels/{hotelId}/content",
            "PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}",
            "PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/content",
            "PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/nights",
            "POST /v1/partner/hotels/{hotelId}/nights:upload",
            "GET /v1/partner/hotels/{hotelId}/bookings",
            "GET /v1/partner/hotels/{hotelId}/arrivals",
            "GET /v1/partner/hotels/{hotelId}/departures",
            "POST /v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-in",
            "POST /v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-out",
            "POST /v1/partner/hotels/{hotelId}/bookings/{bookingId}/no-show",
            "GET /v1/partner/hotels/{hotelId}/reports/occupancy",
            "GET /v1/partner/hotels/{hotelId}/reports/adr",
            "GET /v1/partner/hotels/{hotelId}/reports/pace",
            "GET /v1/admin/hotels",
            "POST /v1/admin/hotels/{hotelId}/approve",
            "POST /v1/admin/hotels/{hotelId}/suspend",
            "GET /v1/admin/audit");

    private static final List<String> INTERNAL = List.of(
            "GET /internal/v1/search",
            "GET /internal/v1/hotels",
            "GET /internal/v1/hotels/{hotelId}",
            "GET /internal/v1/hotels/{hotelId}/availability",
            "GET /internal/v1/hotels/{hotelId}/holds/{holdId}",
            "GET /internal/v1/hotels/{hotelId}/bookings/{bookingId}",
            "GET /internal/v1/hotels/{hotelId}/requests/{requestId}",
            "GET /internal/v1/me/bookings",
            "GET /internal/v1/me/holds");

    /** The hotelier's lists, read where the hotel's bookings are: only with the partner API. */
    private static final List<String> PARTNER_INTERNAL = List.of(
            "GET /internal/v1/partner/hotels/{hotelId}/bookings",
            "GET /internal/v1/partner/hotels/{hotelId}/arrivals",
            "GET /internal/v1/partner/hotels/{hotelId}/departures");

    @Test
    void shouldServeEveryPublicRouteAndMirrorOnlyTheForwardableReadsUnderInternal() {
        // Given a node's route groups, the partner and admin API included
        List<RouteGroup> groups = List.of(ops(), publicReads(), guestWrites(), guestView(), partnerAdmin());

        // When its server is built
        List<String> routes = routesOf(groups);

        // Then it serves exactly the public, partner, admin and internal routes, each once
        assertThat(routes)
                .containsExactlyInAnyOrderElementsOf(concat(PUBLIC, PARTNER_ADMIN, INTERNAL, PARTNER_INTERNAL))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldServeGuestsOnlyWhenThePartnerApiIsOff() {
        // Given a node without the catalog database
        List<RouteGroup> groups = List.of(ops(), publicReads(), guestWrites(), guestView());

        // When its server is built
        List<String> routes = routesOf(groups);

        // Then no partner or admin route exists, and the internal mirrors are unchanged
        assertThat(routes).containsExactlyInAnyOrderElementsOf(concat(PUBLIC, List.of(), INTERNAL));
    }

    @Test
    void shouldMirrorAReadUnderInternalWithItsOwnHandlerWhenItHasOne() {
        // Given the public reads, where a search's internal mirror answers this node's leg only, and the guest view
        SearchController search = new SearchController(null, null, 6, new ConcurrencyLimit("searches", 0));
        RouteGroup reads = NodeRoutes.publicReads(
                search,
                new InventoryController(null, null, null, 6),
                new HoldController(null, null, null, null),
                new BookingController(null, null, null, null),
                new RequestController(null, null));

        // When the internal mirrors are derived
        List<Route> mirrors = InternalRoutes.mirrorsOf(List.of(reads, guestView()));

        // Then each keeps its method, lives under /internal and has a handler, the public one or its own
        assertThat(mirrors).hasSize(INTERNAL.size());
        assertThat(mirrors).allSatisfy(route -> {
            assertThat(route.path()).startsWith(ClusterAuth.PREFIX + "/v1/");
            assertThat(route.handler()).isNotNull();
            assertThat(route.internal()).isNull();
        });
        Route searchRoute = reads.routes().get(0);
        assertThat(searchRoute.path()).isEqualTo("/v1/search");
        assertThat(mirrors.get(0).handler()).isSameAs(searchRoute.internal()).isNotSameAs(searchRoute.handler());
    }

    @Test
    void shouldLetOnlyTheRightCallersReachEachRoute() {
        // Given every route group of a node
        List<RouteGroup> groups = List.of(ops(), publicReads(), guestWrites(), guestView(), partnerAdmin());

        // When the access rules are read, internal mirrors included
        Map<String, Access> access = new TreeMap<>();
        for (Route route : concatRoutes(groups)) {
            access.put(route.method().name() + " " + route.path(), route.access());
        }

        // Then reads of the catalog are public, reservations are a guest's, the rest partner or admin
        assertThat(access).hasSize(PUBLIC.size() + PARTNER_ADMIN.size() + INTERNAL.size() + PARTNER_INTERNAL.size());
        access.forEach((route, rule) -> {
            String path = route.substring(route.indexOf(' ') + 1).replaceFirst("^/internal", "");
            Access expected = path.startsWith("/v1/partner/")
                    ? Access.PARTNER
                    : path.startsWith("/v1/admin/")
                            ? Access.ADMIN
                            : path.matches("/v1/hotels/\\{hotelId}/(holds|bookings|requests).*")
                                            || path.startsWith("/v1/me/")
                                    ? Access.GUEST
                                    : Access.PUBLIC;
            assertThat(rule).as(route).isEqualTo(expected);
        });
    }

    private static List<Route> concatRoutes(List<RouteGroup> groups) {
        List<Route> routes = new java.util.ArrayList<>();
        groups.forEach(g -> routes.addAll(g.routes()));
        routes.addAll(InternalRoutes.mirrorsOf(groups));
        return routes;
    }

    private static List<String> routesOf(List<RouteGroup> groups) {
        Javalin http = NodeHttp.create(
                "127.0.0.1",
                0,
                Json.mapper(),
                new ClusterAuth("test-secret"),
                Authenticator.of(Tokens.settings()),
                new RateLimiter(LimitSettings.defaults(), ctx -> Optional.empty()),
                groups);
        return NodeHttp.routes(http);
    }

    private static RouteGroup ops() {
        return NodeRoutes.ops(new HealthController(() -> "RUNNING", () -> true), new OpenApi());
    }

    private static RouteGroup publicReads() {
        return NodeRoutes.publicReads(
                new SearchController(null, null, 6, new ConcurrencyLimit("searches", 0)),
                new InventoryController(null, null, null, 6),
                new HoldController(null, null, null, null),
                new BookingController(null, null, null, null),
                new RequestController(null, null));
    }

    private static RouteGroup guestWrites() {
        return NodeRoutes.guestWrites(
                new HoldController(null, null, null, null), new BookingController(null, null, null, null));
    }

    private static RouteGroup guestView() {
        return NodeRoutes.guestView(new MyReservationsController(null, null, null));
    }

    private static RouteGroup partnerAdmin() {
        return PartnerAdminRoutes.create(
                null,
                (principal, hotel, key, command) -> null,
                (ctx, hotel, query, after, limit) -> null,
                Json.mapper(),
                Clock.systemUTC(),
                1024);
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }
}
