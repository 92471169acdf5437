package io.innflow.api.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.auth.Authenticator;
import io.innflow.api.auth.Tokens;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.node.PartnerAdminRoutes;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.connectors.CatalogMigrations;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The partner's content routes over HTTP against a real PostgreSQL with the catalog's migrations. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PartnerContentApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CONTENT = """
            {"description": "Riverside rooms near the Skytrain", "starRating": 4, "address": "1 Silom Road, Bangkok",
             "latitude": 13.7244, "longitude": 100.5310, "amenities": ["wifi", "pool", "wifi"],
             "photos": [{"url": "https://img.example/lobby.jpg", "caption": "Lobby"}],
             "checkInTime": "14:00", "checkOutTime": "12:00",
             "cancellationPolicy": "Free cancellation until 24 hours before arrival", "freeCancellation": true}""";

    @TempDir
    static Path pgDir;

    private EmbeddedPostgres postgres;
    private DataSource db;
    private Javalin app;
    private String base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(pgDir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
        PartnerAdminRoutes routes = PartnerAdminRoutes.create(
                CatalogDatabase.of(db),
                (principal, hotelId, key, command) ->
                        CompletableFuture.completedFuture(new CommandOutcome.Rejected("BOOKING_NOT_FOUND", "none")),
                (ctx, hotelId, query, after, limit) ->
                        CompletableFuture.failedFuture(new UnsupportedOperationException("no booking lists here")),
                Json.mapper(),
                Clock.systemUTC(),
                1024);
        app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    ErrorMapping.install(cfg);
                    routes.install(cfg, Authenticator.of(Tokens.settings()));
                })
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        for (String hotel : new String[] {"c-1", "c-2", "c-3"}) {
            send(
                    "POST",
                    "/v1/partner/hotels",
                    "p-1",
                    "{\"hotelId\":\"" + hotel + "\",\"name\":\"Hotel " + hotel + "\",\"city\":\"Bangkok\"}");
            send(
                    "PUT",
                    "/v1/partner/hotels/" + hotel + "/room-types/std",
                    "p-1",
                    "{\"name\":\"Standard\",\"capacity\":2,\"totalRooms\":5,\"basePriceMinor\":100000}");
        }
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

    @Test
    void shouldReplaceAHotelsContentAndAuditTheChange() throws Exception {
        HttpResponse<String> put = send("PUT", "/v1/partner/hotels/c-1/content", "p-1", CONTENT);
        HttpResponse<String> again = send("PUT", "/v1/partner/hotels/c-1/content", "p-1", CONTENT);

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode change = json(put);
        assertThat(change.path("changed").asBoolean()).isTrue();
        assertThat(change.path("action").asText()).isEqualTo("hotel.content");
        assertThat(change.path("before").path("amenities").size()).isZero();
        assertThat(change.path("after").path("amenities").toString()).isEqualTo("[\"pool\",\"wifi\"]");
        assertThat(query("SELECT star_rating || '/' || free_cancellation || '/' || (photos->0->>'url')"
                        + " FROM hotels WHERE hotel_id = 'c-1'"))
                .isEqualTo("4/true/https://img.example/lobby.jpg");
        assertThat(query("SELECT count(*) FROM audit_log WHERE hotel_id = 'c-1' AND action = 'hotel.content'"))
                .isEqualTo("1");
        assertThat(json(again).path("changed").asBoolean())
                .as("the same content again")
                .isFalse();
    }

    @Test
    void shouldReplaceARoomTypesContent() throws Exception {
        HttpResponse<String> put = send(
                "PUT",
                "/v1/partner/hotels/c-2/room-types/std/content",
                "p-1",
                "{\"description\":\"Garden side\",\"bedType\":\"queen\",\"sizeM2\":28,\"amenities\":[\"tv\",\"safe\"],"
                        + "\"photos\":[{\"url\":\"https://img.example/std.jpg\"}]}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(json(put).path("action").asText()).isEqualTo("room-type.content");
        assertThat(query("SELECT bed_type || '/' || size_m2 || '/' || array_to_string(amenities, ',')"
                        + " FROM room_types WHERE hotel_id = 'c-2' AND room_type_id = 'std'"))
                .isEqualTo("queen/28/safe,tv");
    }

    @Test
    void shouldRefuseContentOutsideTheRules() throws Exception {
        Map<String, String> invalid = Map.of(
                "http photo", "{\"photos\":[{\"url\":\"http://img.example/a.jpg\"}]}",
                "photo without host", "{\"photos\":[{\"url\":\"https:///a.jpg\"}]}",
                "stars", "{\"starRating\":6}",
                "latitude", "{\"latitude\":91,\"longitude\":100}",
                "latitude alone", "{\"latitude\":13}",
                "time", "{\"checkInTime\":\"24:00\"}",
                "amenity", "{\"amenities\":[\"helipad\"]}",
                "photos",
                        "{\"photos\":[" + "{\"url\":\"https://a.example/x.jpg\"},".repeat(30)
                                + "{\"url\":\"https://a.example/y.jpg\"}]}",
                "description", "{\"description\":\"" + "x".repeat(4001) + "\"}");
        for (Map.Entry<String, String> body : invalid.entrySet()) {
            HttpResponse<String> response = send("PUT", "/v1/partner/hotels/c-3/content", "p-1", body.getValue());
            assertProblem(response, 400, "invalid-request", body.getKey());
        }
        assertProblem(
                send("PUT", "/v1/partner/hotels/c-3/room-types/std/content", "p-1", "{\"bedType\":\"hammock\"}"),
                400,
                "invalid-request",
                "bed type");
        assertThat(query("SELECT count(*) FROM audit_log WHERE hotel_id = 'c-3' AND action LIKE '%content'"))
                .isEqualTo("0");
    }

    @Test
    void shouldAnswerAnotherPartnerAsIfTheHotelDidNotExist() throws Exception {
        assertProblem(
                send("PUT", "/v1/partner/hotels/c-1/content", "p-2", "{\"starRating\":1}"),
                404,
                "hotel-not-found",
                "hotel");
        assertProblem(
                send("PUT", "/v1/partner/hotels/c-1/room-types/std/content", "p-2", "{}"),
                404,
                "hotel-not-found",
                "room type");
        assertProblem(
                send("PUT", "/v1/partner/hotels/c-1/room-types/nope/content", "p-1", "{}"),
                404,
                "room-type-not-found",
                "unknown room type");
    }

    private HttpResponse<String> send(String method, String path, String partner, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", Tokens.bearer(Tokens.partner(partner)))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type, String what)
            throws Exception {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(contentType -> assertThat(contentType).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asText()).as(what).isEqualTo("https://innflow.io/problems/" + type);
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
