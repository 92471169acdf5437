package io.innflow.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.TimeMeter;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.http.Problem;
import io.innflow.streams.config.LimitSettings;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The rate limiter in front of a real Javalin server on a random port, on a clock the test moves. */
class RateLimiterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Who calls, as an authentication layer would have established it; absent: anonymous. */
    private static final String SUBJECT_HEADER = "X-Test-Subject";

    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private Javalin app;
    private RateLimiter limiter;

    private void start(Map<String, String> limits) {
        Map<String, String> values = new HashMap<>(Map.of(
                "innflow.limits.reads.per-second", "5",
                "innflow.limits.reads.burst", "10",
                "innflow.limits.guest-writes.per-second", "2",
                "innflow.limits.guest-writes.burst", "4"));
        values.putAll(limits);
        limiter = new RateLimiter(
                LimitSettings.from(values), ctx -> Optional.ofNullable(ctx.header(SUBJECT_HEADER)), clock);
        app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    ErrorMapping.install(cfg);
                    cfg.routes.before(limiter::check);
                    cfg.routes.get("/v1/hotels", ctx -> ctx.result("hotels"));
                    cfg.routes.post("/v1/hotels/{hotelId}/holds", ctx -> ctx.status(201));
                    cfg.routes.get("/health/live", ctx -> ctx.result("live"));
                    cfg.routes.get("/internal/v1/hotels", ctx -> ctx.result("internal"));
                })
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterBeyondTheBurstAndRecoverAfterIt() throws Exception {
        start(Map.of());
        // Given a guest who spent the whole burst of writes
        for (int i = 0; i < 4; i++) {
            assertThat(send("POST", "/v1/hotels/h1/holds", null).statusCode()).isEqualTo(201);
        }

        // When one more write comes at once
        HttpResponse<String> refused = send("POST", "/v1/hotels/h1/holds", null);

        // Then it is refused with a rate-limited problem telling when to retry (1 token at 2/s: 0.5 s, rounded up)
        assertRateLimited(refused, "1");
        // ... reads have a bucket of their own
        assertThat(send("GET", "/v1/hotels", null).statusCode()).isEqualTo(200);
        // ... and after Retry-After seconds the write goes through again
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(send("POST", "/v1/hotels/h1/holds", null).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldRoundRetryAfterUpToWholeSeconds() throws Exception {
        start(Map.of("innflow.limits.guest-writes.per-second", "1", "innflow.limits.guest-writes.burst", "1"));
        send("POST", "/v1/hotels/h1/holds", null);
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));

        // 0.9 s to wait: a client told 0 would retry at once
        assertRateLimited(send("POST", "/v1/hotels/h1/holds", null), "1");
    }

    @Test
    void shouldGiveEachSubjectItsOwnBucket() throws Exception {
        start(Map.of());
        for (int i = 0; i < 4; i++) {
            send("POST", "/v1/hotels/h1/holds", "guest-a");
        }
        assertRateLimited(send("POST", "/v1/hotels/h1/holds", "guest-a"), "1");

        assertThat(send("POST", "/v1/hotels/h1/holds", "guest-b").statusCode()).isEqualTo(201);
        // ... and anonymous callers share their address's bucket, apart from both guests
        assertThat(send("POST", "/v1/hotels/h1/holds", null).statusCode()).isEqualTo(201);
    }

    @Test
    void shouldNeverLimitHealthOrInternalEndpoints() throws Exception {
        start(Map.of("innflow.limits.reads.per-second", "1", "innflow.limits.reads.burst", "1"));
        send("GET", "/v1/hotels", null);
        assertRateLimited(send("GET", "/v1/hotels", null), "1");

        for (int i = 0; i < 20; i++) {
            assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/internal/v1/hotels", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldTurnAClassOffWithARateOfZero() throws Exception {
        start(Map.of("innflow.limits.guest-writes.per-second", "0"));

        for (int i = 0; i < 50; i++) {
            assertThat(send("POST", "/v1/hotels/h1/holds", null).statusCode()).isEqualTo(201);
        }
        assertThat(limiter.buckets()).isZero();
    }

    @Test
    void shouldKeepNoMoreBucketsThanItsBoundAndDropIdleOnes() throws Exception {
        start(Map.of("innflow.limits.max-buckets", "3"));
        for (int i = 0; i < 10; i++) {
            send("POST", "/v1/hotels/h1/holds", "guest-" + i);
        }
        assertThat(limiter.buckets()).isEqualTo(3);

        // Idle long enough to be full again (4 at 2/s: 2 s), the old buckets make way for a new one
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(5));
        send("POST", "/v1/hotels/h1/holds", "guest-new");

        assertThat(limiter.buckets()).isEqualTo(1);
    }

    @Test
    void shouldClassifyRoutes() {
        assertThat(RouteClass.of(HandlerType.GET, "/v1/search")).isEqualTo(RouteClass.READ);
        assertThat(RouteClass.of(HandlerType.GET, "/v1/partner/hotels")).isEqualTo(RouteClass.READ);
        assertThat(RouteClass.of(HandlerType.POST, "/v1/hotels/h1/holds")).isEqualTo(RouteClass.GUEST_WRITE);
        assertThat(RouteClass.of(HandlerType.DELETE, "/v1/hotels/h1/bookings/b1"))
                .isEqualTo(RouteClass.GUEST_WRITE);
        assertThat(RouteClass.of(HandlerType.PUT, "/v1/partner/hotels/h1")).isEqualTo(RouteClass.PARTNER_WRITE);
        assertThat(RouteClass.of(HandlerType.POST, "/v1/partner/hotels/h1/nights:upload"))
                .isEqualTo(RouteClass.UPLOAD);
        assertThat(RouteClass.of(HandlerType.GET, "/v1/admin/audit")).isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClass.of(HandlerType.POST, "/v1/admin/hotels/h1/approve"))
                .isEqualTo(RouteClass.ADMIN);
        assertThat(RouteClass.of(HandlerType.GET, "/health/ready")).isEqualTo(RouteClass.UNLIMITED);
        assertThat(RouteClass.of(HandlerType.POST, "/internal/v1/hotels/h1")).isEqualTo(RouteClass.UNLIMITED);
    }

    private static void assertRateLimited(HttpResponse<String> r, String retryAfter) throws Exception {
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue(retryAfter);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("type").asText()).isEqualTo(Problem.TYPE_BASE + "rate-limited");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
    }

    private HttpResponse<String> send(String method, String path, String subject) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (subject != null) {
            request.header(SUBJECT_HEADER, subject);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
