package io.innflow.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.cluster.ReadResult;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.schemas.reservation.ReservationResult;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each read result and command outcome, answered through a real server: the status, headers and problem. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponsesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeAll
    void start() {
        app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    ErrorMapping.install(cfg);
                    cfg.routes.get("/read/found", ctx -> read(ctx, new ReadResult.Found<>("v", true, "node-2")));
                    cfg.routes.get(
                            "/read/forwarded",
                            ctx -> read(
                                    ctx,
                                    new ReadResult.Forwarded<>(
                                            418,
                                            HttpHeaders.of(
                                                    Map.of(
                                                            "Content-Type", List.of("application/json"),
                                                            "Innflow-Served-By", List.of("node-3"),
                                                            "X-Private", List.of("not relayed")),
                                                    (a, b) -> true),
                                            "{\"from\":\"node-3\"}".getBytes())));
                    cfg.routes.get(
                            "/read/missing",
                            ctx -> read(ctx, new ReadResult.NotFound<>("HOLD_NOT_FOUND", "No hold h1")));
                    cfg.routes.get("/read/not-ready", ctx -> read(ctx, new ReadResult.NotReady<>("rebalancing")));
                    cfg.routes.get("/read/behind", ctx -> read(ctx, new ReadResult.Behind<>()));
                    cfg.routes.post("/command/accepted", ctx -> command(ctx, new CommandOutcome.Accepted(result())));
                    cfg.routes.post(
                            "/command/rejected",
                            ctx -> command(ctx, new CommandOutcome.Rejected("IDEMPOTENCY_CONFLICT", "other body")));
                    cfg.routes.post("/command/pending", ctx -> command(ctx, new CommandOutcome.Pending("r-1")));
                    cfg.routes.post(
                            "/command/overloaded", ctx -> command(ctx, new CommandOutcome.Overloaded("too many")));
                })
                .start("127.0.0.1", 0);
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    @Test
    void shouldWriteAValueFoundHereWithWhoServedItAndWhetherItIsStale() throws Exception {
        HttpResponse<String> r = send("GET", "/read/found");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("v");
        assertThat(r.headers().firstValue(Responses.SERVED_BY_HEADER)).hasValue("node-2");
        assertThat(r.headers().firstValue(Responses.STALE_HEADER)).hasValue("true");
    }

    @Test
    void shouldRelayAForwardedAnswerAsItCameWithOnlyTheRelayedHeaders() throws Exception {
        HttpResponse<String> r = send("GET", "/read/forwarded");

        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.body()).isEqualTo("{\"from\":\"node-3\"}");
        assertThat(r.headers().firstValue(Responses.SERVED_BY_HEADER)).hasValue("node-3");
        assertThat(r.headers().firstValue("X-Private")).isEmpty();
    }

    @Test
    void shouldAnswerReadsThatCannotBeServedWithTheirProblems() throws Exception {
        assertProblem(send("GET", "/read/missing"), 404, "hold-not-found", null);
        assertProblem(send("GET", "/read/not-ready"), 503, "unavailable", "1");
        assertProblem(send("GET", "/read/behind"), 503, "consistency-pending", "1");
    }

    @Test
    void shouldAnswerAnAcceptedCommandWithItsConsistencyToken() throws Exception {
        HttpResponse<String> r = send("POST", "/command/accepted");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Innflow-Consistency-Token")).hasValue("reservation-commands:2:41");
    }

    @Test
    void shouldAnswerATimeoutWith202AndAnOverloadWith503InOnePlace() throws Exception {
        HttpResponse<String> pending = send("POST", "/command/pending");
        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(pending.headers().firstValue("Location")).hasValue("/v1/hotels/h1/requests/r-1");
        assertThat(JSON.readTree(pending.body()).path("status").asText()).isEqualTo("PENDING");

        assertProblem(send("POST", "/command/overloaded"), 503, "overloaded", "1");
        assertProblem(send("POST", "/command/rejected"), 422, "idempotency-conflict", null);
    }

    private static <T> void read(io.javalin.http.Context ctx, ReadResult<T> result) {
        Responses.read(ctx, CompletableFuture.completedFuture(result), (c, value) -> c.result(String.valueOf(value)));
    }

    private static void command(io.javalin.http.Context ctx, CommandOutcome outcome) {
        Responses.command(ctx, "h1", CompletableFuture.completedFuture(outcome), (c, result) -> c.json(Map.of()));
    }

    private static ReservationResult result() {
        return ReservationResult.newBuilder()
                .setRequestId("r-1")
                .setHotelId("h1")
                .setAccepted(true)
                .setProcessedAt(Instant.parse("2027-01-01T00:00:00Z"))
                .setPosition("reservation-commands:2:41")
                .build();
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type, String retryAfter)
            throws IOException {
        JsonNode problem = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
        assertThat(problem.path("type").asText()).isEqualTo(Problem.TYPE_BASE + type);
        assertThat(r.headers().firstValue("Retry-After")).isEqualTo(java.util.Optional.ofNullable(retryAfter));
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
