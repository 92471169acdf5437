package io.innflow.load.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The running node a simulation talks to, outside the measured load: its URL ({@code innflow.url}),
 * the demo tokens the embedded stack writes to {@code var/demo-tokens.json} (or {@code innflow.token}
 * for a guest), and the catalog calls a simulation makes before and after its load.
 */
final class Node {

    private static final ObjectMapper JSON = new ObjectMapper();

    final String url = System.getProperty("innflow.url", "http://127.0.0.1:8080");
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final JsonNode tokens;

    Node() {
        Path file = Path.of(System.getProperty(
                "innflow.tokens", System.getProperty("innflow.root", ".") + "/var/demo-tokens.json"));
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

    static int intProperty(String key, int fallback) {
        return Integer.getInteger(key, fallback);
    }

    static int[] intsProperty(String key, String fallback) {
        return Arrays.stream(System.getProperty(key, fallback).split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
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
