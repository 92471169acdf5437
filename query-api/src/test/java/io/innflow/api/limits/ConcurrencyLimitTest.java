package io.innflow.api.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.ErrorMapping;
import io.innflow.api.http.Json;
import io.innflow.api.http.Problem;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bound on requests in progress, behind a real Javalin server whose route waits on futures the test completes. */
class ConcurrencyLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    /** The futures of the requests in progress, completed by the test. */
    private final BlockingQueue<CompletableFuture<String>> running = new LinkedBlockingQueue<>();

    private Javalin app;

    private ConcurrencyLimit start(int max) {
        ConcurrencyLimit limit = new ConcurrencyLimit("searches", max);
        app = Javalin.create(cfg -> {
                    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                    cfg.startup.showJavalinBanner = false;
                    ErrorMapping.install(cfg);
                    cfg.routes.get(
                            "/v1/search",
                            ctx -> ctx.future(() -> limit.run(() -> {
                                        CompletableFuture<String> answer = new CompletableFuture<>();
                                        running.add(answer);
                                        return answer;
                                    })
                                    .thenAccept(ctx::result)));
                })
                .start("127.0.0.1", 0);
        return limit;
    }

    @AfterEach
    void stop() {
        running.forEach(f -> f.complete("stopped"));
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldRefuseOneMoreThanTheBoundWithAnOverloadedProblemAndAdmitAgainOnceOneEnds() throws Exception {
        ConcurrencyLimit limit = start(2);
        // Given two searches in progress, the bound
        CompletableFuture<HttpResponse<String>> first = sendAsync();
        CompletableFuture<HttpResponse<String>> second = sendAsync();
        CompletableFuture<String> firstWork = running.poll(10, TimeUnit.SECONDS);
        assertThat(running.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(limit.inProgress()).isEqualTo(2);

        // When a third comes
        HttpResponse<String> refused = send();

        // Then it is refused at once, before any work, with the overloaded problem and when to retry
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asText()).isEqualTo(Problem.TYPE_BASE + "overloaded");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("2 searches are in progress");
        assertThat(running).isEmpty();
        // ... a search in progress is answered when its work ends (the server may have started either
        // request first, so the answer goes to whichever of the two the work belongs to)
        firstWork.complete("first");
        Object answered = CompletableFuture.anyOf(first, second).get(10, TimeUnit.SECONDS);
        assertThat(((HttpResponse<?>) answered).body()).isEqualTo("first");
        // ... and the freed place takes the next search, while the other stays in progress
        CompletableFuture<HttpResponse<String>> fourth = sendAsync();
        running.poll(10, TimeUnit.SECONDS).complete("fourth");
        assertThat(fourth.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(first.isDone() && second.isDone()).isFalse();
        assertThat(limit.inProgress()).isEqualTo(1);
    }

    @Test
    void shouldFreeThePlaceOfWorkThatFailsOrThrows() {
        ConcurrencyLimit limit = new ConcurrencyLimit("searches", 1);
        CompletableFuture<String> failing = new CompletableFuture<>();
        CompletableFuture<String> run = limit.run(() -> failing);
        assertThat(limit.inProgress()).isEqualTo(1);

        failing.completeExceptionally(new IllegalStateException("store closed"));
        assertThat(run).isCompletedExceptionally();
        assertThat(limit.inProgress()).isZero();

        assertThatThrownBy(() -> limit.run(() -> {
                    throw new IllegalStateException("not started");
                }))
                .hasMessage("not started");
        assertThat(limit.inProgress()).isZero();
        assertThat(limit.run(() -> CompletableFuture.completedFuture("ok"))).isCompletedWithValue("ok");
    }

    @Test
    void shouldRefuseInsteadOfWaitingWhenTheBoundIsReached() {
        ConcurrencyLimit limit = new ConcurrencyLimit("searches", 1);
        limit.run(CompletableFuture::new);

        assertThatThrownBy(() -> limit.run(() -> CompletableFuture.completedFuture("late")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.type()).isEqualTo("overloaded");
                    assertThat(e.retryAfterSeconds()).isEqualTo(1);
                });
    }

    @Test
    void shouldNotBoundAtZeroButCountStill() {
        ConcurrencyLimit limit = new ConcurrencyLimit("searches", 0);
        List<CompletableFuture<String>> work = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<String> started = new CompletableFuture<>();
            assertThat(limit.run(() -> started)).isNotDone();
            work.add(started);
        }
        // ... but counts them still, for the gauge
        assertThat(limit.inProgress()).isEqualTo(1_000);
        work.forEach(w -> w.complete("done"));
        assertThat(limit.inProgress()).isZero();
        assertThatThrownBy(() -> new ConcurrencyLimit("searches", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private CompletableFuture<HttpResponse<String>> sendAsync() {
        return client.sendAsync(request(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send() throws Exception {
        return client.send(request(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/search"))
                .GET()
                .build();
    }
}
