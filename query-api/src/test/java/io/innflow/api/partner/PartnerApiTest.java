package io.innflow.api.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.auth.Tokens;
import io.innflow.api.cluster.ReadResult;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.http.Principal;
import io.innflow.api.node.PartnerAdminRoutes;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.connectors.CatalogMigrations;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.connectors.catalog.NightsWriter;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.ReservationResult;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner and admin routes over HTTP (a real Javalin server on a free port) against a real
 * PostgreSQL with the catalog's migrations. Kafka is replaced by a recording {@link BookingCommands}:
 * the CDC path is proven by the end-to-end tests of the embedded stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PartnerApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2027, 1, 1);
    private static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    private static final long MAX_UPLOAD = 256 * 1024;
    private static final String HEADER = UploadParser.CSV_HEADER;

    @TempDir
    static Path pgDir;

    private EmbeddedPostgres postgres;
    private DataSource db;
    private Javalin app;
    private String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    private record Sent(String principal, String hotelId, String key, SpecificRecord command) {}

    private final List<BookingLists.Query> listed = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(pgDir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
        PartnerAdminRoutes routes = PartnerAdminRoutes.create(
                CatalogDatabase.of(db), this::submit, this::list, Json.mapper(), CLOCK, MAX_UPLOAD);
        app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    ErrorMapping.install(cfg);
                    routes.install(cfg, Authenticator.of(Tokens.settings()));
                })
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** The hotel's bookings: one page holding BK-1 and naming BK-1 as the next cursor, then an empty last page. */
    private CompletableFuture<ReadResult<BookingLists.Page>> list(
            io.javalin.http.Context ctx, String hotelId, BookingLists.Query query, String after, int limit) {
        listed.add(query);
        BookingLists.Page page = after == null
                ? new BookingLists.Page(
                        List.of(new BookingLists.Item(
                                "BK-1",
                                "std",
                                TODAY,
                                TODAY.plusDays(2),
                                1,
                                "CONFIRMED",
                                new BookingLists.GuestSummary("Ada Lovelace", 2, 1))),
                        "BK-1")
                : new BookingLists.Page(List.of(), null);
        return CompletableFuture.completedFuture(new ReadResult.Found<>(page, false, "node-1"));
    }

    /** Front desk: BK-OK is checked in, anything else is unknown. */
    private CompletableFuture<CommandOutcome> submit(
            Principal principal, String hotelId, String key, SpecificRecord command) {
        sent.add(new Sent(principal.name(), hotelId, key, command));
        FrontDeskTransition transition = (FrontDeskTransition) command;
        if (!"BK-OK".equals(transition.getBookingId())) {
            return CompletableFuture.completedFuture(
                    new CommandOutcome.Rejected("BOOKING_NOT_FOUND", "No booking " + transition.getBookingId()));
        }
        Booking booking = Booking.newBuilder()
                .setBookingId("BK-OK")
                .setHotelId(hotelId)
                .setRoomTypeId("std")
                .setCheckIn(TODAY)
                .setCheckOut(TODAY.plusDays(2))
                .setQuantity(1)
                .setNights(List.of(new NightPrice(TODAY, 100_000L), new NightPrice(TODAY.plusDays(1), 100_000L)))
                .setTotalMinor(200_000)
                .setCurrency("THB")
                .setStatus(BookingStatus.CHECKED_IN)
                .setRequestId("r")
                .setPaymentReference("pay")
                .setCreatedAt(Instant.EPOCH)
                .setUpdatedAt(Instant.EPOCH)
                .build();
        ReservationResult result = ReservationResult.newBuilder()
                .setRequestId(principal.name() + "|" + key)
                .setHotelId(hotelId)
                .setAccepted(true)
                .setProcessedAt(Instant.EPOCH)
                .setBooking(booking)
                .build();
        return CompletableFuture.completedFuture(new CommandOutcome.Accepted(result));
    }

    // ---- hotels

    @Test
    void shouldCreateAHotelThatIsPendingAndOwnedByThePartner() throws Exception {
        HttpResponse<String> created =
                send("POST", "/v1/partner/hotels", "p-1", null, hotelBody("t-create", "Bangkok"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/partner/hotels/t-create");
        JsonNode change = json(created);
        assertThat(change.path("changed").asBoolean()).isTrue();
        assertThat(change.path("action").asText()).isEqualTo("hotel.create");
        assertThat(change.path("after").path("status").asText()).isEqualTo("PENDING");
        assertThat(change.path("auditId").asLong()).isPositive();
        assertThat(query("SELECT status || '/' || partner_id FROM hotels WHERE hotel_id = 't-create'"))
                .isEqualTo("PENDING/p-1");
        JsonNode mine = json(send("GET", "/v1/partner/hotels", "p-1", null, null));
        assertThat(mine.path("hotels").findValuesAsText("hotelId")).contains("t-create");
        JsonNode theirs = json(send("GET", "/v1/partner/hotels", "p-2", null, null));
        assertThat(theirs.path("hotels").findValuesAsText("hotelId")).doesNotContain("t-create");
    }

    @Test
    void shouldGenerateAnIdWhenThePartnerGivesNone() throws Exception {
        HttpResponse<String> created =
                send("POST", "/v1/partner/hotels", "p-1", null, "{\"name\":\"No id\",\"city\":\"Phuket\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).path("hotelId").asText()).matches("h-[a-z0-9]{10}");
    }

    @Test
    void shouldAnswer401WithoutAPartner() throws Exception {
        HttpResponse<String> response = send("POST", "/v1/partner/hotels", null, null, hotelBody("t-anon", "Bangkok"));

        assertProblem(response, 401, "unauthenticated");
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void shouldRefuseATakenHotelId() throws Exception {
        send("POST", "/v1/partner/hotels", "p-1", null, hotelBody("t-taken", "Bangkok"));

        HttpResponse<String> again = send("POST", "/v1/partner/hotels", "p-2", null, hotelBody("t-taken", "Phuket"));

        assertProblem(again, 409, "hotel-exists");
        assertThat(json(again).path("reason").asText()).isEqualTo("HOTEL_EXISTS");
        assertThat(query("SELECT partner_id FROM hotels WHERE hotel_id = 't-taken'"))
                .isEqualTo("p-1");
    }

    @Test
    void shouldRefuseBadHotelBodies() throws Exception {
        assertProblem(send("POST", "/v1/partner/hotels", "p-1", null, "{\"name\":\"x\"}"), 400, "invalid-request");
        assertProblem(
                send("POST", "/v1/partner/hotels", "p-1", null, "{\"name\":\"x\",\"city\":\"y\",\"currency\":\"XYZ\"}"),
                400,
                "invalid-request");
        assertProblem(
                send(
                        "POST",
                        "/v1/partner/hotels",
                        "p-1",
                        null,
                        "{\"name\":\"x\",\"city\":\"y\",\"timeZone\":\"Mars/Base\"}"),
                400,
                "invalid-request");
        assertProblem(
                send("POST", "/v1/partner/hotels", "p-1", null, "{\"name\":\"x\",\"city\":\"y\",\"stars\":5}"),
                400,
                "malformed-json");
        assertProblem(send("POST", "/v1/partner/hotels", "p-1", null, "{not json"), 400, "malformed-json");
        // JSON null is no object: refused, never handed on as null (it was a 500, found by FuzzIT)
        assertProblem(send("POST", "/v1/partner/hotels", "p-1", null, "null"), 400, "invalid-request");
    }

    @Test
    void shouldUpdateOnlyTheOwnHotelAndAuditBeforeAndAfter() throws Exception {
        send("POST", "/v1/partner/hotels", "p-1", null, hotelBody("t-update", "Bangkok"));

        HttpResponse<String> foreign =
                send("PUT", "/v1/partner/hotels/t-update", "p-2", null, "{\"name\":\"Mine now\",\"city\":\"Bangkok\"}");
        HttpResponse<String> unknown =
                send("PUT", "/v1/partner/hotels/t-nowhere", "p-1", null, "{\"name\":\"x\",\"city\":\"y\"}");
        HttpResponse<String> updated =
                send("PUT", "/v1/partner/hotels/t-update", "p-1", null, "{\"name\":\"Renamed\",\"city\":\"Bangkok\"}");
        HttpResponse<String> same =
                send("PUT", "/v1/partner/hotels/t-update", "p-1", null, "{\"name\":\"Renamed\",\"city\":\"Bangkok\"}");

        // another partner's hotel answers exactly as an unknown one: ids cannot be probed
        assertProblem(foreign, 404, "hotel-not-found");
        assertThat(json(foreign).path("reason").asText()).isEqualTo("HOTEL_NOT_FOUND");
        assertThat(json(foreign).path("detail").asText()).isEqualTo("No hotel t-update");
        assertProblem(unknown, 404, "hotel-not-found");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode change = json(updated);
        assertThat(change.path("before").path("name").asText()).isEqualTo("Hotel t-update");
        assertThat(change.path("after").path("name").asText()).isEqualTo("Renamed");
        assertThat(change.path("after").path("currency").asText()).as("kept").isEqualTo("THB");
        assertThat(json(same).path("changed").asBoolean()).isFalse();
        assertThat(json(same).path("auditId").isNull()).isTrue();
        assertThat(query("SELECT count(*) FROM audit_log WHERE hotel_id = 't-update' AND action = 'hotel.update'"))
                .isEqualTo("1");
        assertThat(query("SELECT summary->'before'->>'name' || ' -> ' || (summary->'after'->>'name') || ' by ' || actor"
                        + " FROM audit_log WHERE hotel_id = 't-update' AND action = 'hotel.update'"))
                .isEqualTo("Hotel t-update -> Renamed by p-1");
        assertThat(query("SELECT name FROM hotels WHERE hotel_id = 't-update'")).isEqualTo("Renamed");
    }

    // ---- room types

    @Test
    void shouldCreateUpdateAndDeactivateARoomType() throws Exception {
        send("POST", "/v1/partner/hotels", "p-1", null, hotelBody("t-rooms", "Bangkok"));

        HttpResponse<String> created =
                send("PUT", "/v1/partner/hotels/t-rooms/room-types/std", "p-1", null, roomTypeBody(10, true));
        HttpResponse<String> updated =
                send("PUT", "/v1/partner/hotels/t-rooms/room-types/std", "p-1", null, roomTypeBody(12, true));
        HttpResponse<String> deactivated =
                send("PUT", "/v1/partner/hotels/t-rooms/room-types/std", "p-1", null, roomTypeBody(12, false));
        HttpResponse<String> foreign =
                send("PUT", "/v1/partner/hotels/t-rooms/room-types/dlx", "p-2", null, roomTypeBody(5, true));
        HttpResponse<String> invalid = send(
                "PUT",
                "/v1/partner/hotels/t-rooms/room-types/dlx",
                "p-1",
                null,
                "{\"name\":\"Deluxe\",\"capacity\":0,\"totalRooms\":5,\"basePriceMinor\":100000}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).path("after").path("code").asText()).isEqualTo("STD");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).path("before").path("totalRooms").asInt()).isEqualTo(10);
        assertThat(json(updated).path("after").path("totalRooms").asInt()).isEqualTo(12);
        assertThat(json(deactivated).path("action").asText()).isEqualTo("room-type.deactivate");
        assertProblem(foreign, 404, "hotel-not-found");
        assertProblem(invalid, 400, "invalid-request");
        assertThat(query("SELECT total_rooms || '/' || active FROM room_types WHERE hotel_id = 't-rooms'"))
                .isEqualTo("12/false");
        JsonNode hotel = json(send("GET", "/v1/partner/hotels/t-rooms", "p-1", null, null));
        assertThat(hotel.path("roomTypes").get(0).path("active").asBoolean()).isFalse();
    }

    // ---- nights over a range

    @Test
    void shouldSetNightsOfARangeOnTheChosenDaysOfTheWeek() throws Exception {
        hotelWithRoomTypes("t-range", "p-1", "std");
        LocalDate from = LocalDate.of(2027, 3, 1); // a Monday

        HttpResponse<String> opened = send(
                "PUT",
                "/v1/partner/hotels/t-range/room-types/std/nights",
                "p-1",
                null,
                "{\"from\":\"" + from + "\",\"to\":\"" + from.plusDays(14) + "\","
                        + "\"set\":{\"allotment\":8,\"priceMinor\":150000}}");
        HttpResponse<String> weekend = send(
                "PUT",
                "/v1/partner/hotels/t-range/room-types/std/nights",
                "p-1",
                null,
                "{\"from\":\"" + from + "\",\"to\":\"" + from.plusDays(14) + "\",\"daysOfWeek\":[\"FRI\",\"sat\"],"
                        + "\"set\":{\"priceMinor\":210000,\"minLos\":2}}");

        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        assertThat(json(opened).path("after").path("inserted").asInt()).isEqualTo(14);
        assertThat(weekend.statusCode()).as(weekend.body()).isEqualTo(200);
        JsonNode change = json(weekend);
        assertThat(change.path("after").path("nights").asInt()).isEqualTo(4);
        assertThat(change.path("after").path("updated").asInt()).isEqualTo(4);
        assertThat(change.path("before").path("priceMinor").get(0).asLong()).isEqualTo(150_000);
        assertThat(change.path("target").asText()).endsWith("FRI,SAT");
        assertThat(query("SELECT string_agg(to_char(night, 'DY') || '=' || price_minor || '/' || coalesce(min_los, 0),"
                        + " ',' ORDER BY night) FROM room_nights WHERE hotel_id = 't-range' AND night < '2027-03-08'"))
                .isEqualTo(
                        "MON=150000/0,TUE=150000/0,WED=150000/0,THU=150000/0,FRI=210000/2,SAT=210000/2,SUN=150000/0");
        assertThat(query("SELECT sum(allotment) FROM room_nights WHERE hotel_id = 't-range'"))
                .isEqualTo(String.valueOf(14 * 8));
    }

    @Test
    void shouldRefuseToSetAPriceOnNightsThatHaveNoRow() throws Exception {
        hotelWithRoomTypes("t-norow", "p-1", "std");

        HttpResponse<String> response = send(
                "PUT",
                "/v1/partner/hotels/t-norow/room-types/std/nights",
                "p-1",
                null,
                "{\"from\":\"2027-03-01\",\"to\":\"2027-03-05\",\"set\":{\"priceMinor\":1000}}");
        HttpResponse<String> tooMany = send(
                "PUT",
                "/v1/partner/hotels/t-norow/room-types/std/nights",
                "p-1",
                null,
                "{\"from\":\"2027-03-01\",\"to\":\"2027-03-05\",\"set\":{\"allotment\":99,\"priceMinor\":1000}}");
        HttpResponse<String> unknownType = send(
                "PUT",
                "/v1/partner/hotels/t-norow/room-types/zzz/nights",
                "p-1",
                null,
                "{\"from\":\"2027-03-01\",\"to\":\"2027-03-05\",\"set\":{\"allotment\":1,\"priceMinor\":1000}}");
        HttpResponse<String> backwards = send(
                "PUT",
                "/v1/partner/hotels/t-norow/room-types/std/nights",
                "p-1",
                null,
                "{\"from\":\"2027-03-05\",\"to\":\"2027-03-01\",\"set\":{\"allotment\":1}}");

        assertProblem(response, 422, "night-not-offered");
        assertThat(json(response).path("reason").asText()).isEqualTo("NIGHT_NOT_OFFERED");
        assertProblem(tooMany, 422, "constraint-violated");
        assertThat(json(tooMany).path("detail").asText()).contains("exceeds the 10 rooms");
        assertProblem(unknownType, 404, "room-type-not-found");
        assertProblem(backwards, 400, "invalid-request");
        assertThat(query("SELECT count(*) FROM room_nights WHERE hotel_id = 't-norow'"))
                .isEqualTo("0");
    }

    // ---- bulk upload

    @Test
    void shouldApplyACsvUploadAndReportInsertedUpdatedAndUnchangedRows() throws Exception {
        hotelWithRoomTypes("t-csv", "p-1", "std", "dlx");
        String csv = csv(List.of("std", "dlx"), LocalDate.of(2027, 2, 1), 60, 0);

        HttpResponse<String> first = upload("t-csv", "p-1", "text/csv", csv, "");
        HttpResponse<String> again = upload("t-csv", "p-1", "text/csv; charset=utf-8", csv, "");
        HttpResponse<String> repriced =
                upload("t-csv", "p-1", "text/csv", csv(List.of("std"), LocalDate.of(2027, 2, 1), 10, 500), "");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode report = json(first);
        assertThat(report.path("received").asInt()).isEqualTo(120);
        assertThat(report.path("inserted").asInt()).isEqualTo(120);
        assertThat(report.path("rejected").asInt()).isZero();
        assertThat(report.path("auditId").asLong()).isPositive();
        assertThat(json(again).path("unchanged").asInt()).isEqualTo(120);
        assertThat(json(again).path("changed").asBoolean()).isFalse();
        assertThat(json(repriced).path("updated").asInt()).isEqualTo(10);
        assertThat(query("SELECT count(*) || '/' || sum(price_minor) FROM room_nights WHERE hotel_id = 't-csv'"))
                .isEqualTo("120/" + (expectedPriceSum(60, 0) * 2 - expectedPriceSum(10, 0) + 10 * 500));
        assertThat(query("SELECT count(*) FROM audit_log WHERE hotel_id = 't-csv' AND action = 'nights.upload'"))
                .isEqualTo("2");
        assertThat(query("SELECT summary->'after'->'roomTypes'->'dlx'->>'rows' FROM audit_log"
                        + " WHERE hotel_id = 't-csv' AND action = 'nights.upload' ORDER BY audit_id LIMIT 1"))
                .isEqualTo("60");
    }

    @Test
    void shouldApplyALargeUploadThroughCopy() throws Exception {
        hotelWithRoomTypes("t-copy", "p-1", "std", "dlx");
        int nights = 750;
        assertThat(2 * nights).isGreaterThan(NightsWriter.ARRAY_ROWS);
        String csv = csv(List.of("std", "dlx"), LocalDate.of(2027, 2, 1), nights, 0);

        HttpResponse<String> first = upload("t-copy", "p-1", "text/csv", csv, "");
        HttpResponse<String> again = upload("t-copy", "p-1", "text/csv", csv, "");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("inserted").asInt()).isEqualTo(2 * nights);
        assertThat(json(again).path("unchanged").asInt()).isEqualTo(2 * nights);
        assertThat(query("SELECT count(*) || '/' || sum(price_minor) FROM room_nights WHERE hotel_id = 't-copy'"))
                .isEqualTo(2 * nights + "/" + expectedPriceSum(nights, 0) * 2);
    }

    @Test
    void shouldApplyAJsonArrayInEitherSpelling() throws Exception {
        hotelWithRoomTypes("t-json", "p-1", "std");
        String body = "[{\"room_type_id\":\"std\",\"night\":\"2027-02-01\",\"allotment\":3,\"price_minor\":99000,"
                + "\"min_los\":2,\"closed_to_arrival\":true},"
                + "{\"roomTypeId\":\"std\",\"night\":\"2027-02-02\",\"allotment\":4,\"priceMinor\":98000,\"stopSell\":true}]";

        HttpResponse<String> response = upload("t-json", "p-1", "application/json", body, "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).path("inserted").asInt()).isEqualTo(2);
        assertThat(query("SELECT string_agg(allotment || ':' || price_minor || ':' || stop_sell || ':'"
                        + " || coalesce(min_los, 0) || ':' || closed_to_arrival, ',' ORDER BY night)"
                        + " FROM room_nights WHERE hotel_id = 't-json'"))
                .isEqualTo("3:99000:false:2:true,4:98000:true:0:false");
    }

    @Test
    void shouldRefuseAnUploadWithWrongColumnsAndChangeNothing() throws Exception {
        hotelWithRoomTypes("t-header", "p-1", "std");
        String before = nightsOf("t-header");

        HttpResponse<String> response =
                upload("t-header", "p-1", "text/csv", "room_type,night,allotment,price\nstd,2027-02-01,1,1000\n", "");

        assertProblem(response, 400, "invalid-upload-header");
        JsonNode problem = json(response);
        assertThat(problem.path("title").asText()).isEqualTo("The upload's header is not valid");
        assertThat(problem.path("detail").asText())
                .contains(HEADER)
                .contains("missing: room_type_id, price_minor, stop_sell")
                .contains("unexpected: room_type, price");
        assertThat(nightsOf("t-header")).isEqualTo(before);
    }

    @Test
    void shouldReportEveryBadRowWithItsReasonsAndChangeNothing() throws Exception {
        hotelWithRoomTypes("t-bad", "p-1", "std");
        upload("t-bad", "p-1", "text/csv", HEADER + "\nstd,2027-02-01,5,100000,false,,,false,false\n", "");
        String before = nightsOf("t-bad");
        String body = HEADER + "\n"
                + "std,2027-02-01,6,110000,false,,,false,false\n" // valid: would change the stored night
                + "std,2027-13-45,5,100000,false,,,false,false\n" // bad date
                + "std,2027-02-03,-2,-100,false,,,false,false\n" // negative numbers
                + "penthouse,2027-02-04,1,100000,false,,,false,false\n" // not a room type of this hotel
                + "std,2027-02-05,11,100000,false,,,false,false\n" // more than the room type's rooms
                + "std,2027-02-06,1,100000,maybe,3,2,false,false\n" // not a boolean; min above max
                + "std,2027-02-07,1\n" // too few fields
                + "std,2027-02-01,6,110000,false,,,false,false\n" // duplicate of line 2
                + "std,2026-01-01,1,100000,false,,,false,false\n"; // in the past

        HttpResponse<String> response = upload("t-bad", "p-1", "text/csv", body, "");

        assertProblem(response, 422, "invalid-upload");
        JsonNode problem = json(response);
        assertThat(problem.path("title").asText()).isEqualTo("The upload has invalid rows");
        assertThat(problem.path("format").asText()).isEqualTo("csv");
        assertThat(problem.path("received").asInt()).isEqualTo(9);
        assertThat(problem.path("rejected").asInt()).isEqualTo(8);
        assertThat(problem.path("detail").asText())
                .contains("nothing was changed")
                .contains("partial=true");
        Map<Integer, String> reasons = reasonsByLine(problem);
        assertThat(reasons.keySet()).containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(reasons.get(3)).contains("'2027-13-45' is not a date");
        assertThat(reasons.get(4)).contains("allotment -2 is negative").contains("price_minor -100 is negative");
        assertThat(reasons.get(5)).contains("'penthouse' is not a room type of hotel t-bad");
        assertThat(reasons.get(6)).contains("allotment 11 exceeds the 10 rooms");
        assertThat(reasons.get(7))
                .contains("stop_sell 'maybe' is not true or false")
                .contains("min_los 3 is greater than max_los 2");
        assertThat(reasons.get(8)).contains("expected 9 fields");
        assertThat(reasons.get(9)).contains("duplicate of row 1");
        assertThat(reasons.get(10)).contains("2026-01-01 is in the past");
        assertThat(nightsOf("t-bad")).as("the valid row was not applied either").isEqualTo(before);
    }

    @Test
    void shouldApplyTheValidRowsWhenAskedForAPartialUpload() throws Exception {
        hotelWithRoomTypes("t-partial", "p-1", "std");
        String body = HEADER + "\n" + "std,2027-02-01,6,110000,false,,,false,false\n"
                + "std,2027-02-31,5,100000,false,,,false,false\n";

        HttpResponse<String> response = upload("t-partial", "p-1", "text/csv", body, "?partial=true");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = json(response);
        assertThat(report.path("accepted").asInt()).isEqualTo(1);
        assertThat(report.path("rejected").asInt()).isEqualTo(1);
        assertThat(report.path("rejections").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(nightsOf("t-partial")).isEqualTo("2027-02-01:6:110000");
    }

    @Test
    void shouldRefuseAnUploadToAnotherPartnersHotel() throws Exception {
        hotelWithRoomTypes("t-theirs", "p-1", "std");
        String before = nightsOf("t-theirs");

        HttpResponse<String> response =
                upload("t-theirs", "p-2", "text/csv", HEADER + "\nstd,2027-02-01,1,1000,false,,,false,false\n", "");

        assertProblem(response, 404, "hotel-not-found");
        assertThat(json(response).path("reason").asText()).isEqualTo("HOTEL_NOT_FOUND");
        assertThat(nightsOf("t-theirs")).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUploadLargerThanTheLimitWhetherItsLengthIsDeclaredOrNot() throws Exception {
        hotelWithRoomTypes("t-large", "p-1", "std");
        byte[] large = (HEADER + "\n" + "std,2027-02-01,1,1000,false,,,false,false\n".repeat(10_000)).getBytes();
        assertThat(large.length).isGreaterThan((int) MAX_UPLOAD);

        HttpResponse<String> declared = http.send(
                uploadRequest("t-large", "p-1", "text/csv", "")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(large))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(
                uploadRequest("t-large", "p-1", "text/csv", "")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertProblem(declared, 413, "upload-too-large");
        assertThat(json(declared).path("detail").asText()).contains("at most " + MAX_UPLOAD + " bytes");
        assertProblem(chunked, 413, "upload-too-large");
        assertThat(nightsOf("t-large")).isEmpty();
    }

    @Test
    void shouldAnswerAnOversizeUploadBeforeItsBodyWhenTheClientExpects100Continue() throws Exception {
        hotelWithRoomTypes("t-expect", "p-1", "std");

        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST /v1/partner/hotels/t-expect/nights:upload HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: text/csv\r\nAuthorization: " + Tokens.bearer(Tokens.partner("p-1")) + "\r\n"
                    + "Content-Length: 52428800\r\nExpect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));

            // what curl sees for a 50 MB file: the refusal, before it sends a byte of the body
            assertThat(in.readLine()).startsWith("HTTP/1.1 413");
        }
        assertThat(nightsOf("t-expect")).isEmpty();
    }

    @Test
    void shouldRefuseAnUploadThatIsNeitherCsvNorJson() throws Exception {
        hotelWithRoomTypes("t-type", "p-1", "std");

        assertProblem(upload("t-type", "p-1", "application/xml", "<nights/>", ""), 415, "unsupported-media-type");
        assertProblem(upload("t-type", "p-1", "application/json", "{\"rows\":[]}", ""), 400, "invalid-request");
        assertProblem(upload("t-type", "p-1", "text/csv", HEADER + "\n", ""), 400, "invalid-request");
        assertProblem(
                upload("t-type", "p-1", "text/csv", "std,2027-02-01,1,1000,false,,,false,false\n", "?partial=yes"),
                400,
                "invalid-request");
    }

    // ---- front desk

    @Test
    void shouldSendAFrontDeskTransitionAsACommandAndAuditIt() throws Exception {
        hotelWithRoomTypes("t-desk", "p-1", "std");

        HttpResponse<String> checkedIn =
                send("POST", "/v1/partner/hotels/t-desk/bookings/BK-OK/check-in", "p-1", null, "");
        HttpResponse<String> repeated =
                send("POST", "/v1/partner/hotels/t-desk/bookings/BK-OK/check-in", "p-1", null, "");
        HttpResponse<String> unknown =
                send("POST", "/v1/partner/hotels/t-desk/bookings/BK-NONE/no-show", "p-1", null, "");
        int before = sent.size();
        HttpResponse<String> foreign =
                send("POST", "/v1/partner/hotels/t-desk/bookings/BK-OK/check-out", "p-2", null, "");

        assertThat(checkedIn.statusCode()).as(checkedIn.body()).isEqualTo(200);
        assertThat(json(checkedIn).path("status").asText()).isEqualTo("CHECKED_IN");
        assertThat(repeated.statusCode()).isEqualTo(200);
        Sent command =
                sent.stream().filter(s -> s.key().contains("BK-OK")).findFirst().orElseThrow();
        assertThat(command.principal()).isEqualTo("partner:p-1");
        assertThat(command.key()).isEqualTo("front-desk:BK-OK:CHECK_IN");
        assertThat(((FrontDeskTransition) command.command()).getAction().name()).isEqualTo("CHECK_IN");
        assertProblem(unknown, 404, "booking-not-found");
        assertThat(json(unknown).path("reason").asText()).isEqualTo("BOOKING_NOT_FOUND");
        assertProblem(foreign, 404, "hotel-not-found");
        assertThat(sent).as("no command for another partner's hotel").hasSize(before);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(query("SELECT actor || ' ' || action || ' ' || target || ' '"
                                + " || (summary->'after'->>'status') FROM audit_log WHERE hotel_id = 't-desk'"
                                + " AND action LIKE 'booking.%'"))
                        .as("one entry, although the transition was sent twice")
                        .isEqualTo("p-1 booking.check-in booking BK-OK CHECKED_IN"));
    }

    @Test
    void shouldListTheHotelsBookingsForItsPartnerOnlyPageByPage() throws Exception {
        hotelWithRoomTypes("t-lists", "p-1", "std");

        HttpResponse<String> arrivals =
                send("GET", "/v1/partner/hotels/t-lists/arrivals?date=2027-01-01&limit=1", "p-1", null, null);
        String next = json(arrivals).path("next").asText();
        HttpResponse<String> last = send("GET", next, "p-1", null, null);
        HttpResponse<String> stays = send(
                "GET",
                "/v1/partner/hotels/t-lists/bookings?from=2027-01-01&to=2027-01-08&status=CONFIRMED",
                "p-1",
                null,
                null);
        int before = listed.size();
        HttpResponse<String> foreign =
                send("GET", "/v1/partner/hotels/t-lists/departures?date=2027-01-03", "p-2", null, null);
        HttpResponse<String> unknown =
                send("GET", "/v1/partner/hotels/t-none/departures?date=2027-01-03", "p-1", null, null);

        assertThat(arrivals.statusCode()).as(arrivals.body()).isEqualTo(200);
        JsonNode line = json(arrivals).path("bookings").get(0);
        assertThat(line.path("bookingId").asText()).isEqualTo("BK-1");
        assertThat(line.path("guest").path("leadName").asText()).isEqualTo("Ada Lovelace");
        assertThat(line.path("guest").path("children").asInt()).isEqualTo(1);
        assertThat(next).isEqualTo("/v1/partner/hotels/t-lists/arrivals?date=2027-01-01&limit=1&after=BK-1");
        assertThat(json(last).path("bookings")).isEmpty();
        assertThat(json(last).path("next").isNull()).isTrue();
        assertThat(stays.statusCode()).as(stays.body()).isEqualTo(200);
        assertThat(listed.get(0)).isEqualTo(BookingLists.Query.arrivals(TODAY));
        assertThat(listed.get(2))
                .isEqualTo(BookingLists.Query.stays(TODAY, TODAY.plusDays(7), BookingStatus.CONFIRMED));
        assertProblem(foreign, 404, "hotel-not-found");
        assertProblem(unknown, 404, "hotel-not-found");
        assertThat(listed).as("nothing read for another partner's hotel").hasSize(before);
    }

    @Test
    void shouldRefuseMalformedListFilters() throws Exception {
        hotelWithRoomTypes("t-lists-bad", "p-1", "std");
        String base = "/v1/partner/hotels/t-lists-bad/";

        assertProblem(send("GET", base + "arrivals", "p-1", null, null), 400, "invalid-request");
        assertProblem(send("GET", base + "departures?date=tomorrow", "p-1", null, null), 400, "invalid-request");
        assertProblem(
                send("GET", base + "bookings?from=2027-01-05&to=2027-01-05", "p-1", null, null),
                400,
                "invalid-request");
        assertProblem(send("GET", base + "bookings?status=HAPPY", "p-1", null, null), 400, "invalid-request");
        assertProblem(send("GET", base + "bookings?limit=0", "p-1", null, null), 400, "invalid-request");
        assertProblem(send("GET", base + "bookings?after=a%7Cb", "p-1", null, null), 400, "invalid-request");
        assertProblem(send("GET", base + "bookings", null, "root", null), 403, "forbidden");
    }

    // ---- admin

    @Test
    void shouldListPendingHotelsPageByPageAndApproveAndSuspendThem() throws Exception {
        for (String id : List.of("t-adm-1", "t-adm-2", "t-adm-3")) {
            send("POST", "/v1/partner/hotels", "p-adm", null, hotelBody(id, "Krabi"));
        }

        List<String> pending = new ArrayList<>();
        String next = "/v1/admin/hotels?status=pending&limit=2";
        while (next != null) {
            JsonNode page = json(send("GET", next, null, "root", null));
            page.path("hotels")
                    .forEach(h -> pending.add(h.path("hotel").path("hotelId").asText()));
            next = page.path("next").isNull() ? null : page.path("next").asText();
        }
        HttpResponse<String> approved = send("POST", "/v1/admin/hotels/t-adm-1/approve", null, "root", "");
        HttpResponse<String> again = send("POST", "/v1/admin/hotels/t-adm-1/approve", null, "root", "");
        HttpResponse<String> suspended =
                send("POST", "/v1/admin/hotels/t-adm-2/suspend", null, "root", "{\"reason\":\"fake photos\"}");
        HttpResponse<String> noAdmin = send("POST", "/v1/admin/hotels/t-adm-3/approve", "p-adm", null, "");
        HttpResponse<String> missing = send("POST", "/v1/admin/hotels/t-adm-none/approve", null, "root", "");

        assertThat(pending).contains("t-adm-1", "t-adm-2", "t-adm-3").doesNotHaveDuplicates();
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(json(approved).path("before").path("status").asText()).isEqualTo("PENDING");
        assertThat(json(approved).path("after").path("status").asText()).isEqualTo("APPROVED");
        assertThat(json(again).path("changed").asBoolean()).isFalse();
        assertThat(json(suspended).path("after").path("reason").asText()).isEqualTo("fake photos");
        assertProblem(noAdmin, 403, "forbidden");
        assertProblem(missing, 404, "hotel-not-found");
        assertThat(query("SELECT string_agg(hotel_id || '=' || status, ',' ORDER BY hotel_id) FROM hotels"
                        + " WHERE hotel_id LIKE 't-adm-%'"))
                .isEqualTo("t-adm-1=APPROVED,t-adm-2=SUSPENDED,t-adm-3=PENDING");
        JsonNode stillPending = json(send("GET", "/v1/admin/hotels?status=pending&limit=500", null, "root", null));
        assertThat(stillPending.path("hotels").findValuesAsText("hotelId"))
                .contains("t-adm-3")
                .doesNotContain("t-adm-1", "t-adm-2");
    }

    @Test
    void shouldPageThroughTheAuditLogNewestFirstWithFilters() throws Exception {
        send("POST", "/v1/partner/hotels", "p-audit", null, hotelBody("t-audit", "Pattaya"));
        for (int rooms = 1; rooms <= 4; rooms++) {
            send("PUT", "/v1/partner/hotels/t-audit/room-types/std", "p-audit", null, roomTypeBody(rooms, true));
        }
        send("POST", "/v1/admin/hotels/t-audit/approve", null, "root", "");

        List<JsonNode> entries = new ArrayList<>();
        String next = "/v1/admin/audit?hotelId=t-audit&limit=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = json(send("GET", next, null, "root", null));
            page.path("entries").forEach(entries::add);
            next = page.path("next").isNull() ? null : page.path("next").asText();
            pages++;
        }
        JsonNode byAdmin = json(send("GET", "/v1/admin/audit?hotelId=t-audit&actor=root", null, "root", null));

        assertThat(pages).isEqualTo(3);
        assertThat(entries)
                .extracting(e -> e.path("action").asText())
                .containsExactly(
                        "hotel.approve",
                        "room-type.update",
                        "room-type.update",
                        "room-type.update",
                        "room-type.create",
                        "hotel.create");
        assertThat(entries)
                .extracting(e -> e.path("auditId").asLong())
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(entries.get(0).path("actorRole").asText()).isEqualTo("ADMIN");
        assertThat(entries.get(5).path("actor").asText()).isEqualTo("p-audit");
        assertThat(entries.get(1)
                        .path("summary")
                        .path("after")
                        .path("totalRooms")
                        .asInt())
                .isEqualTo(4);
        assertThat(entries.get(1).path("at").asText()).isNotBlank();
        assertThat(byAdmin.path("entries")).hasSize(1);
        assertProblem(send("GET", "/v1/admin/audit?before=abc", null, "root", null), 400, "invalid-request");
        assertProblem(send("GET", "/v1/admin/audit", null, null, null), 401, "unauthenticated");
    }

    // ---- helpers

    private void hotelWithRoomTypes(String hotelId, String partner, String... roomTypes) throws Exception {
        assertThat(send("POST", "/v1/partner/hotels", partner, null, hotelBody(hotelId, "Bangkok"))
                        .statusCode())
                .isEqualTo(201);
        for (String roomType : roomTypes) {
            assertThat(send(
                                    "PUT",
                                    "/v1/partner/hotels/" + hotelId + "/room-types/" + roomType,
                                    partner,
                                    null,
                                    roomTypeBody(10, true))
                            .statusCode())
                    .isEqualTo(201);
        }
    }

    private static String hotelBody(String hotelId, String city) {
        return "{\"hotelId\":\"" + hotelId + "\",\"name\":\"Hotel " + hotelId + "\",\"city\":\"" + city + "\"}";
    }

    private static String roomTypeBody(int rooms, boolean active) {
        return "{\"name\":\"Standard\",\"capacity\":2,\"totalRooms\":" + rooms
                + ",\"basePriceMinor\":100000,\"active\":" + active + "}";
    }

    /** Rows for {@code nights} nights from {@code first} per room type; the price depends on the night. */
    private static String csv(List<String> roomTypes, LocalDate first, int nights, long fixedPrice) {
        StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (String roomType : roomTypes) {
            for (int i = 0; i < nights; i++) {
                long price = fixedPrice > 0 ? fixedPrice : 100_000 + i * 100;
                csv.append(roomType)
                        .append(',')
                        .append(first.plusDays(i))
                        .append(',')
                        .append(1 + i % 10)
                        .append(',')
                        .append(price)
                        .append(",false,,,false,false\r\n");
            }
        }
        return csv.toString();
    }

    private static long expectedPriceSum(int nights, long fixedPrice) {
        long sum = 0;
        for (int i = 0; i < nights; i++) {
            sum += fixedPrice > 0 ? fixedPrice : 100_000 + i * 100;
        }
        return sum;
    }

    private static Map<Integer, String> reasonsByLine(JsonNode problem) {
        Map<Integer, String> reasons = new java.util.TreeMap<>();
        problem.path("rejections")
                .forEach(r ->
                        reasons.put(r.path("line").asInt(), r.path("errors").toString()));
        return reasons;
    }

    private String nightsOf(String hotelId) throws SQLException {
        String nights = query("SELECT coalesce(string_agg(night || ':' || allotment || ':' || price_minor, ','"
                + " ORDER BY room_type_id, night), '') FROM room_nights WHERE hotel_id = '" + hotelId + "'");
        return nights == null ? "" : nights;
    }

    private HttpResponse<String> upload(String hotelId, String partner, String type, String body, String query)
            throws Exception {
        return http.send(
                uploadRequest(hotelId, partner, type, query)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder uploadRequest(String hotelId, String partner, String type, String query) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/partner/hotels/" + hotelId + "/nights:upload" + query))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", type)
                .header("Authorization", Tokens.bearer(Tokens.partner(partner)));
    }

    private HttpResponse<String> send(String method, String path, String partner, String admin, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (partner != null) {
            request.header("Authorization", Tokens.bearer(Tokens.partner(partner)));
        }
        if (admin != null) {
            request.header("Authorization", Tokens.bearer(Tokens.admin(admin)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A problem+json response of {@code status} whose type is {@code https://innflow.io/problems/<type>}. */
    private static void assertProblem(HttpResponse<String> response, int status, String type) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).as(response.body()).isEqualTo("https://innflow.io/problems/" + type);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
