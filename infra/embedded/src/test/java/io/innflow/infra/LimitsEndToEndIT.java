package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.connectors.catalog.NodeRole;
import io.innflow.streams.config.LimitSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Limits and secrets on the running stack: the default rate limits leave normal traffic alone and
 * stop a burst beyond their size with 429 and Retry-After, then let the caller in again; the node
 * uses its own database role; Connect holds a reference to the database password, not the password.
 * Requests go through a plain client: a 429 is not part of any operation's documented contract.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(40);
    private static final String HOTEL = "limits-hotel";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static EmbeddedStack stack;

    @BeforeAll
    static void catalog(EmbeddedStack shared) throws Exception {
        stack = shared;
        new TestCatalog(stack.postgres().dataSource()).hotel(HOTEL, "Limitsville", 2, 50, 100_000, FIRST, 10);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get("/v1/hotels/" + HOTEL).statusCode() == 200);
        new ApiClient(stack.nodeUrl()).awaitNightsOffered(HOTEL, FIRST, 2);
    }

    @Test
    @Order(1)
    void shouldLeaveOrdinaryTrafficAlone() throws Exception {
        // A guest browsing and holding at an ordinary pace, well within the default limits
        for (int i = 0; i < 20; i++) {
            assertThat(get("/v1/hotels/" + HOTEL + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(2))
                            .statusCode())
                    .isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> hold = post(
                    "/v1/hotels/" + HOTEL + "/holds",
                    "limits-ordinary-" + i,
                    "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST + "\",\"checkOut\":\"" + FIRST.plusDays(1)
                            + "\",\"quantity\":1}");
            assertThat(hold.statusCode()).as(hold.body()).isEqualTo(201);
        }
    }

    @Test
    @Order(2)
    void shouldAnswer429WithRetryAfterToABurstBeyondTheLimitAndRecover() throws Exception {
        LimitSettings.Rate reads = stack.nodeConfig().limits().reads();
        // Given a caller sending reads far faster than the limit
        HttpResponse<String> refused = null;
        int served = 0;
        for (int i = 0; i < reads.burst() * 5 && refused == null; i++) {
            HttpResponse<String> r = get("/v1/hotels/" + HOTEL);
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
                served++;
            }
        }

        // Then the whole burst was served, and the next read got a rate-limited problem with Retry-After
        assertThat(refused).as("no 429 after %d reads", served).isNotNull();
        assertThat(served).isGreaterThanOrEqualTo(reads.burst());
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://innflow.io/problems/rate-limited");
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        // ... health stays reachable for the orchestrator
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        // And once Retry-After seconds have passed, the caller is served again
        await().pollDelay(Duration.ofSeconds(retryAfter))
                .atMost(Duration.ofSeconds(retryAfter + 5))
                .until(() -> get("/v1/hotels/" + HOTEL).statusCode() == 200);
        // ... and once the bucket had time to fill up, a burst is served whole again (so later tests
        // of this JVM, calling from the same address, start with a full bucket)
        long refill = (long) Math.ceil((double) reads.burst() / reads.perSecond());
        await().pollDelay(Duration.ofSeconds(refill))
                .atMost(Duration.ofSeconds(refill + 5))
                .until(() -> burstServed(reads.burst() / 2));
    }

    private static boolean burstServed(int requests) throws Exception {
        for (int i = 0; i < requests; i++) {
            if (get("/v1/hotels/" + HOTEL).statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(3)
    void shouldRunTheNodeAsItsOwnDatabaseRoleAndKeepThePasswordOutOfConnect() throws Exception {
        assertThat(stack.nodeConfig().node().postgresUser()).isEqualTo(NodeRole.NAME);

        HttpResponse<String> config = HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(stack.endpoints().get("connectUrl") + "/connectors/catalog-source/config"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(config.body()).path("database.password").asText())
                .startsWith("${file:");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String key, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path))
                        .header("Authorization", TestTokens.bearer(TestTokens.guest(stack, "limits-guest")))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
