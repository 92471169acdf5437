package io.innflow.infra;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client of one node's HTTP API for tests: every call has a timeout, and every response on a
 * documented route is checked against openapi.json ({@link OpenApiContract}) before the test sees it.
 * It calls anonymously, or as the principal of a bearer token ({@link #as}).
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    /** An anonymous client. */
    ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** A client that sends {@code token} as its bearer token (none when null). */
    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same node, called as the principal of {@code token} (see {@link TestTokens}). */
    ApiClient as(String token) {
        return new ApiClient(baseUrl, token);
    }

    /** The same node, called without a token. */
    ApiClient anonymous() {
        return new ApiClient(baseUrl, null);
    }

    String baseUrl() {
        return baseUrl;
    }

    /** A response with its body read as text. */
    record Response(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** GET with header name/value pairs. */
    /**
     * Waits until {@code nights} nights from {@code from} of the hotel's room type {@code std} are offered:
     * CDC carries the hotel row and its nights separately, so a hotel can be listed before its nights.
     */
    void awaitNightsOffered(String hotelId, LocalDate from, int nights) {
        String path =
                "/v1/hotels/" + hotelId + "/availability?roomType=std&from=" + from + "&to=" + from.plusDays(nights);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Response r = get(path);
                    return r.status() == 200
                            && r.json().path("roomTypes").path(0).path("nights").size() == nights;
                });
    }

    Response get(String path, String... headers) {
        return send(builder(path, headers).GET(), "GET", path);
    }

    /** POST of a JSON body with an Idempotency-Key (none when null), as the reservation API wants. */
    Response post(String path, String idempotencyKey, String body, String... headers) {
        return postAsync(path, idempotencyKey, body, headers).join();
    }

    CompletableFuture<Response> postAsync(String path, String idempotencyKey, String body, String... headers) {
        HttpRequest.Builder b = builder(path, headers)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header(IDEMPOTENCY_KEY, idempotencyKey);
        }
        return sendAsync(b, "POST", path);
    }

    Response delete(String path, String idempotencyKey, String... headers) {
        HttpRequest.Builder b = builder(path, headers).DELETE();
        if (idempotencyKey != null) {
            b.header(IDEMPOTENCY_KEY, idempotencyKey);
        }
        return send(b, "DELETE", path);
    }

    /** Any method with a JSON body (none when null), without an Idempotency-Key. */
    Response json(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = builder(path, headers);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return send(b, method, path);
    }

    /** Any method with a body of the given content type, e.g. a CSV upload. */
    Response send(String method, String path, String contentType, HttpRequest.BodyPublisher body, String... headers) {
        return send(builder(path, headers).header("Content-Type", contentType).method(method, body), method, path);
    }

    Response method(String method, String path, String... headers) {
        return send(builder(path, headers).method(method, HttpRequest.BodyPublishers.noBody()), method, path);
    }

    private HttpRequest.Builder builder(String path, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        boolean authorized = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            authorized |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (token != null && !authorized) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Response send(HttpRequest.Builder request, String method, String path) {
        return sendAsync(request, method, path).join();
    }

    private static CompletableFuture<Response> sendAsync(HttpRequest.Builder request, String method, String path) {
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    Response response = new Response(r.statusCode(), r.headers(), r.body());
                    OpenApiContract.get()
                            .check(method, path, response.status(), response.header("Content-Type"), response.body());
                    return response;
                });
    }
}
