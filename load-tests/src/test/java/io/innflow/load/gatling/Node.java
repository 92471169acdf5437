package io.innflow.load.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.infra.DemoTokens;
import io.innflow.streams.config.AuthSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running node a simulation talks to, outside the measured load: its URL ({@code innflow.url}),
 * the demo tokens the embedded stack writes to {@code var/demo-tokens.json} ({@code innflow.tokens}
 * names another file; {@code innflow.token} a guest's token), guest tokens signed with the development
 * secret next to that file, and the catalog calls a simulation makes before and after its load.
 */
final class Node {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String url = System.getProperty("innflow.url", "http://127.0.0.1:8080");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonNode tokens;
    private final Path tokensFile;

    Node() {
        Path file = Path.of(System.getProperty(
                "innflow.tokens", System.getProperty("innflow.root", ".") + "/var/demo-tokens.json"));
        tokensFile = file;
        try {
            tokens = Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    String guestToken() {
        return System.getProperty("innflow.token", tokens.path("guest").asText());
    }

    String partnerToken() {
        return tokens.path("partner").asText();
    }

    /**
     * Tokens of {@code count} distinct guests, so that per-guest limits (requests per second, room-nights
     * held per hotel) do not throttle a load of many clients: signed with the development secret that
     * the embedded run keeps next to the tokens file ({@code innflow.secret-file} names another), or,
     * without it, the demo file's one or two guests.
     */
    List<String> guestTokens(int count) {
        Path secretFile = Path.of(System.getProperty(
                "innflow.secret-file",
                tokensFile.toAbsolutePath().resolveSibling("auth-dev-secret").toString()));
        List<String> out = new ArrayList<>();
        if (Files.exists(secretFile)) {
            String secret;
            try {
                secret = Files.readString(secretFile).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + secretFile, e);
            }
            AuthSettings auth = AuthSettings.from(Map.of(AuthSettings.HMAC_SECRET.key(), secret));
            for (int i = 1; i <= count; i++) {
                out.add(DemoTokens.sign(auth, "load-guest-" + i, "guest", Optional.empty(), Duration.ofDays(1)));
            }
            return out;
        }
        out.add(guestToken());
        if (tokens.hasNonNull("guest2")) {
            out.add(tokens.get("guest2").asText());
        }
        return out;
    }

    static int intProperty(String key, int fallback) {
        return Integer.getInteger(key, fallback);
    }

    static int[] intsProperty(String key, String fallback) {
        return Arrays.stream(System.getProperty(key, fallback).split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
    }

    /** Every hotel the node lists (approved, with its active room types), whatever the catalog's size. */
    List<JsonNode> hotels() {
        JsonNode body = get("/v1/hotels");
        if (body.path("partial").asBoolean(false)) {
            throw new IllegalStateException(
                    "the hotel listing of " + url + " is partial: " + body.path("missingPartitions"));
        }
        List<JsonNode> hotels = new ArrayList<>();
        body.get("hotels").forEach(hotels::add);
        if (hotels.isEmpty()) {
            throw new IllegalStateException("no hotels at " + url);
        }
        return hotels;
    }

    /** The first demo hotel the partner token owns (its room types are the partner's to change). */
    JsonNode firstHotel() {
        String wanted = System.getProperty(
                "innflow.hotel", tokens.path("partnerHotels").path(0).asText(""));
        for (JsonNode hotel : get("/v1/hotels").get("hotels")) {
            if (wanted.isEmpty() || hotel.get("hotelId").asText().equals(wanted)) {
                return hotel;
            }
        }
        throw new IllegalStateException("no hotel " + wanted + " at " + url);
    }

    /** Available rooms of each night of {@code [from, to)} for one room type. */
    List<Integer> available(String hotelId, String roomType, LocalDate from, LocalDate to) {
        JsonNode body =
                get("/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to + "&roomType=" + roomType);
        List<Integer> counts = new ArrayList<>();
        for (JsonNode rt : body.get("roomTypes")) {
            for (JsonNode night : rt.get("nights")) {
                counts.add(night.get("available").asInt());
            }
        }
        return counts;
    }

    /** Sets a room type's total rooms and the allotment of {@code [from, to)} through the partner API. */
    void setAllotment(JsonNode hotel, String roomType, LocalDate from, LocalDate to, int allotment) {
        String hotelId = hotel.get("hotelId").asText();
        JsonNode type = null;
        for (JsonNode rt : hotel.get("roomTypes")) {
            if (rt.get("roomTypeId").asText().equals(roomType)) {
                type = rt;
            }
        }
        String partnerHotel = "/v1/partner/hotels/" + hotelId + "/room-types/" + roomType;
        send(
                "PUT",
                partnerHotel,
                "{\"name\":" + JSON.valueToTree(type.path("name").asText(roomType)) + ",\"capacity\":"
                        + type.path("capacity").asInt(2) + ",\"totalRooms\":" + allotment
                        + ",\"basePriceMinor\":100000}");
        send(
                "PUT",
                partnerHotel + "/nights",
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"set\":{\"allotment\":"
                        + allotment + ",\"stopSell\":false,\"minLos\":null,\"maxLos\":null,\"closedToArrival\":false,"
                        + "\"closedToDeparture\":false}}");
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void send(String method, String path, String body) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + partnerToken())
                            .method(method, HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
