package io.innflow.api.node;

import io.innflow.api.guest.MyReservationsController;
import io.innflow.api.http.Access;
import io.innflow.api.http.OpenApi;
import io.innflow.api.inventory.InventoryController;
import io.innflow.api.ops.HealthController;
import io.innflow.api.reservation.BookingController;
import io.innflow.api.reservation.HoldController;
import io.innflow.api.reservation.RequestController;
import io.innflow.api.search.SearchController;
import java.util.List;

/** The guest-facing route groups of a node; the partner and admin group is {@link PartnerAdminRoutes}. */
final class NodeRoutes {

    private NodeRoutes() {}

    /** A group of fixed routes, so every call of {@code routes()} names the same handlers. */
    private static RouteGroup group(Route... routes) {
        List<Route> fixed = List.of(routes);
        return () -> fixed;
    }

    /** Health and the API document. */
    static RouteGroup ops(HealthController health, OpenApi openApi) {
        return group(
                Route.get("/health/live", Access.PUBLIC, health::live),
                Route.get("/health/ready", Access.PUBLIC, health::ready),
                Route.get("/openapi.json", Access.PUBLIC, openApi::serve));
    }

    /**
     * Reads, each forwardable: another node forwards a hotel's read to its owner, and asks every node
     * for its leg of a search or a hotel listing. Search and hotels are public; a guest reads only
     * their own holds, bookings and requests.
     */
    static RouteGroup publicReads(
            SearchController search,
            InventoryController inventory,
            HoldController holds,
            BookingController bookings,
            RequestController requests) {
        return group(
                Route.get("/v1/search", Access.PUBLIC, search::search).forwardableAs(search::leg),
                Route.get("/v1/hotels", Access.PUBLIC, inventory::hotels).forwardableAs(inventory::hotelsLeg),
                Route.get("/v1/hotels/{hotelId}", Access.PUBLIC, inventory::hotel)
                        .forwardable(),
                Route.get("/v1/hotels/{hotelId}/availability", Access.PUBLIC, inventory::availability)
                        .forwardable(),
                Route.get("/v1/hotels/{hotelId}/holds/{holdId}", Access.GUEST, holds::get)
                        .forwardable(),
                Route.get("/v1/hotels/{hotelId}/bookings/{bookingId}", Access.GUEST, bookings::get)
                        .forwardable(),
                Route.get("/v1/hotels/{hotelId}/requests/{requestId}", Access.GUEST, requests::status)
                        .forwardable());
    }

    /**
     * The calling guest's own bookings and holds at every hotel, from the guest view: forwardable, so
     * any node answers by asking the owner of the guest's key.
     */
    static RouteGroup guestView(MyReservationsController me) {
        return group(
                Route.get("/v1/me/bookings", Access.GUEST, me::bookings).forwardable(),
                Route.get("/v1/me/holds", Access.GUEST, me::holds).forwardable());
    }

    /** Writes by guests: holds and bookings, placed, corrected and undone. */
    static RouteGroup guestWrites(HoldController holds, BookingController bookings) {
        return group(
                Route.post("/v1/hotels/{hotelId}/holds", Access.GUEST, holds::place),
                Route.delete("/v1/hotels/{hotelId}/holds/{holdId}", Access.GUEST, holds::release),
                Route.post("/v1/hotels/{hotelId}/bookings", Access.GUEST, bookings::create),
                Route.delete("/v1/hotels/{hotelId}/bookings/{bookingId}", Access.GUEST, bookings::cancel),
                Route.patch("/v1/hotels/{hotelId}/bookings/{bookingId}/guest", Access.GUEST, bookings::correctGuest));
    }
}
