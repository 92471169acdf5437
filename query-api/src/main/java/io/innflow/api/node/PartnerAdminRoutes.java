package io.innflow.api.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.admin.AdminController;
import io.innflow.api.admin.HotelModeration;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.http.Access;
import io.innflow.api.http.Principal;
import io.innflow.api.partner.BookingCommands;
import io.innflow.api.partner.BookingListController;
import io.innflow.api.partner.BookingListReads;
import io.innflow.api.partner.FrontDesk;
import io.innflow.api.partner.FrontDeskController;
import io.innflow.api.partner.PartnerCatalog;
import io.innflow.api.partner.PartnerController;
import io.innflow.api.partner.PartnerReports;
import io.innflow.api.partner.ReportsController;
import io.innflow.api.partner.UploadController;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.streams.config.NodeSettings;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner and admin API, which writes the catalog in PostgreSQL: on when the node is given the
 * catalog database ({@code innflow.postgres.jdbc-url}), off otherwise (a node of a cluster may serve
 * guests only). See docs/partner-api.md.
 */
public final class PartnerAdminRoutes implements RouteGroup, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerAdminRoutes.class);

    private final CatalogDatabase db;
    private final ExecutorService auditExecutor;
    private final PartnerController partner;
    private final UploadController upload;
    private final FrontDeskController frontDesk;
    private final ReportsController reports;
    private final BookingListController lists;
    private final AdminController admin;

    private PartnerAdminRoutes(
            CatalogDatabase db,
            BookingCommands commands,
            BookingListReads listReads,
            ObjectMapper json,
            Clock clock,
            long maxUploadBytes) {
        this.db = db;
        this.auditExecutor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "front-desk-audit");
            t.setDaemon(true);
            return t;
        });
        AuditLog audit = new AuditLog(json);
        PartnerCatalog catalog = new PartnerCatalog(db, audit, json, clock);
        this.partner = new PartnerController(catalog, json);
        this.upload = new UploadController(catalog, maxUploadBytes);
        this.frontDesk = new FrontDeskController(new FrontDesk(catalog, commands, db, audit, auditExecutor));
        this.reports = new ReportsController(new PartnerReports(db, clock));
        this.lists = new BookingListController(catalog, listReads);
        this.admin = new AdminController(new HotelModeration(db, audit), json);
    }

    /**
     * The routes over {@code db}, which this object closes; {@code listReads} reads a hotel's booking
     * lists where its bookings are.
     */
    public static PartnerAdminRoutes create(
            CatalogDatabase db,
            BookingCommands commands,
            BookingListReads listReads,
            ObjectMapper json,
            Clock clock,
            long maxUploadBytes) {
        return new PartnerAdminRoutes(db, commands, listReads, json, clock, maxUploadBytes);
    }

    /** The routes over the configured catalog database; empty when none is configured. */
    public static Optional<PartnerAdminRoutes> fromConfig(
            NodeSettings config, BookingCommands commands, BookingListReads listReads, ObjectMapper json) {
        if (config.postgresJdbcUrl().isBlank()) {
            LOG.info("Partner and admin API off: innflow.postgres.jdbc-url is not set");
            return Optional.empty();
        }
        CatalogDatabase db =
                CatalogDatabase.connect(config.postgresJdbcUrl(), config.postgresUser(), config.postgresPassword());
        return Optional.of(
                create(db, commands, listReads, json, Clock.systemUTC(), UploadController.DEFAULT_MAX_BYTES));
    }

    /**
     * Declares the routes, and what {@link #configure} adds, on a Javalin config whose callers {@code
     * authenticator} identifies (a server of these routes alone, as in tests).
     */
    public void install(JavalinConfig cfg, Authenticator authenticator) {
        cfg.routes.before(ctx -> Principal.set(ctx, authenticator.principalOf(ctx.header(Authenticator.HEADER))));
        configure(cfg);
        NodeHttp.install(cfg, routes());
    }

    /**
     * The pool and the audit executor close when the server stops. The partner's pages (static HTML and JS,
     * no build) are served under {@code /partner}; they call the partner routes with the partner's credentials.
     */
    @Override
    public void configure(JavalinConfig cfg) {
        cfg.events.serverStopped(this::close);
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/partner";
            files.directory = "/web/partner";
            files.location = Location.CLASSPATH;
        });
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.get("/v1/partner/hotels", Access.PARTNER, partner::hotels),
                Route.post("/v1/partner/hotels", Access.PARTNER, partner::createHotel),
                Route.get("/v1/partner/hotels/{hotelId}", Access.PARTNER, partner::hotel),
                Route.put("/v1/partner/hotels/{hotelId}", Access.PARTNER, partner::updateHotel),
                Route.put("/v1/partner/hotels/{hotelId}/content", Access.PARTNER, partner::putHotelContent),
                Route.put("/v1/partner/hotels/{hotelId}/room-types/{roomTypeId}", Access.PARTNER, partner::putRoomType),
                Route.put(
                        "/v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/content",
                        Access.PARTNER,
                        partner::putRoomTypeContent),
                Route.put(
                        "/v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/nights",
                        Access.PARTNER,
                        partner::setNights),
                Route.post("/v1/partner/hotels/{hotelId}/nights:upload", Access.PARTNER, upload::upload),
                // Forwardable: read where the hotel's bookings are; every node of a cluster has the catalog database.
                Route.get("/v1/partner/hotels/{hotelId}/bookings", Access.PARTNER, lists::bookings)
                        .forwardable(),
                Route.get("/v1/partner/hotels/{hotelId}/arrivals", Access.PARTNER, lists::arrivals)
                        .forwardable(),
                Route.get("/v1/partner/hotels/{hotelId}/departures", Access.PARTNER, lists::departures)
                        .forwardable(),
                Route.post(
                        "/v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-in",
                        Access.PARTNER,
                        frontDesk::checkIn),
                Route.post(
                        "/v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-out",
                        Access.PARTNER,
                        frontDesk::checkOut),
                Route.post(
                        "/v1/partner/hotels/{hotelId}/bookings/{bookingId}/no-show", Access.PARTNER, frontDesk::noShow),
                Route.get("/v1/partner/hotels/{hotelId}/reports/occupancy", Access.PARTNER, reports::occupancy),
                Route.get("/v1/partner/hotels/{hotelId}/reports/adr", Access.PARTNER, reports::adr),
                Route.get("/v1/partner/hotels/{hotelId}/reports/pace", Access.PARTNER, reports::pace),
                Route.get("/v1/admin/hotels", Access.ADMIN, admin::hotels),
                Route.post("/v1/admin/hotels/{hotelId}/approve", Access.ADMIN, admin::approve),
                Route.post("/v1/admin/hotels/{hotelId}/suspend", Access.ADMIN, admin::suspend),
                Route.get("/v1/admin/audit", Access.ADMIN, admin::audit));
    }

    @Override
    public void close() {
        auditExecutor.shutdown();
        try {
            auditExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
