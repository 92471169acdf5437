package io.innflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.infra.DrillChecker.Counters;
import io.innflow.infra.DrillChecker.FinalState;
import io.innflow.infra.DrillChecker.Item;
import io.innflow.infra.DrillChecker.Night;
import io.innflow.infra.DrillChecker.Stay;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a drill's final state: every hold and booking of the drill's hotels from {@code
 * reservation-events} (read committed), each of them through the node's API as its guest, and every
 * night's counters from the availability API.
 */
final class DrillState {

    private DrillState() {}

    /**
     * @param tokens a guest token for a principal's subject
     * @param allowance each room type's overbooking allowance (the drills' catalogs use 0)
     */
    static FinalState read(
            String bootstrap,
            String registryUrl,
            String nodeUrl,
            Set<String> hotels,
            LocalDate first,
            int nights,
            Function<String, String> tokens,
            int allowance) {
        Topics topics = Topics.create(AvroSerdeFactory.forRegistry(registryUrl));
        Deserializer<ReservationEvent> events = topics.events().valueSerde().deserializer();
        Map<String, Item> holds = new LinkedHashMap<>();
        Map<String, Item> bookings = new LinkedHashMap<>();
        Map<String, Set<String>> holdsByRequest = new HashMap<>();
        Map<String, Set<String>> bookingsByRequest = new HashMap<>();
        String topic = topics.events().name();
        for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAllBytes(bootstrap, topic)) {
            ReservationEvent event = events.deserialize(topic, record.value());
            if (!hotels.contains(event.getHotelId())) {
                continue;
            }
            Object payload = event.getPayload();
            if (payload instanceof HoldPlaced p) {
                Hold h = p.getHold();
                holdsByRequest
                        .computeIfAbsent(h.getRequestId(), k -> new TreeSet<>())
                        .add(h.getHoldId());
                holds.put(h.getHoldId(), item(h));
            } else if (payload instanceof HoldReleased p) {
                holds.put(p.getHold().getHoldId(), item(p.getHold()));
            } else if (payload instanceof HoldExpired p) {
                holds.put(p.getHold().getHoldId(), item(p.getHold()));
            } else if (payload instanceof BookingConfirmed p) {
                Booking b = p.getBooking();
                bookingsByRequest
                        .computeIfAbsent(b.getRequestId(), k -> new TreeSet<>())
                        .add(b.getBookingId());
                bookings.put(b.getBookingId(), item(b));
                if (b.getHoldId() != null && holds.containsKey(b.getHoldId())) {
                    Item hold = holds.get(b.getHoldId());
                    holds.put(
                            hold.id(),
                            new Item(hold.id(), hold.requestId(), hold.principal(), hold.stay(), "CONFIRMED"));
                }
            } else if (payload instanceof BookingCancelled p) {
                bookings.put(p.getBooking().getBookingId(), item(p.getBooking()));
            }
        }

        Map<String, Item> storeHolds = new HashMap<>();
        Map<String, Item> storeBookings = new HashMap<>();
        ApiClient api = new ApiClient(nodeUrl);
        for (Item hold : holds.values()) {
            JsonNode json = get(
                    api.as(tokens.apply(subject(hold.principal()))),
                    "/v1/hotels/" + hold.stay().hotel() + "/holds/" + hold.id());
            if (json != null) {
                storeHolds.put(hold.id(), fromJson(json, hold.id(), hold.requestId(), hold.principal()));
            }
        }
        for (Item booking : bookings.values()) {
            JsonNode json = get(
                    api.as(tokens.apply(subject(booking.principal()))),
                    "/v1/hotels/" + booking.stay().hotel() + "/bookings/" + booking.id());
            if (json != null) {
                storeBookings.put(booking.id(), fromJson(json, booking.id(), booking.requestId(), booking.principal()));
            }
        }

        Map<Night, Counters> counters = new HashMap<>();
        for (String hotel : hotels) {
            ApiClient.Response r =
                    api.get("/v1/hotels/" + hotel + "/availability?from=" + first + "&to=" + first.plusDays(nights));
            if (r.status() != 200) {
                throw new IllegalStateException("availability of " + hotel + ": " + r);
            }
            for (JsonNode roomType : r.json().path("roomTypes")) {
                for (JsonNode n : roomType.path("nights")) {
                    counters.put(
                            new Night(
                                    hotel,
                                    roomType.path("roomTypeId").asText(),
                                    LocalDate.parse(n.path("night").asText())),
                            new Counters(
                                    n.path("allotment").asInt(),
                                    allowance,
                                    n.path("held").asInt(),
                                    n.path("sold").asInt()));
                }
            }
        }
        return new FinalState(holds, bookings, holdsByRequest, bookingsByRequest, storeHolds, storeBookings, counters);
    }

    /** The body of a 200, null for a 404; anything else is a failure of the read, not a finding. */
    private static JsonNode get(ApiClient api, String path) {
        ApiClient.Response r = api.get(path);
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw new IllegalStateException(path + ": " + r);
        }
        return r.json();
    }

    private static String subject(String principal) {
        return principal == null ? "" : principal.substring(principal.indexOf(':') + 1);
    }

    private static Item item(Hold h) {
        return new Item(
                h.getHoldId(),
                h.getRequestId(),
                h.getPrincipal(),
                new Stay(h.getHotelId(), h.getRoomTypeId(), h.getCheckIn(), h.getCheckOut(), h.getQuantity()),
                h.getStatus().name());
    }

    private static Item item(Booking b) {
        return new Item(
                b.getBookingId(),
                b.getRequestId(),
                b.getPrincipal(),
                new Stay(b.getHotelId(), b.getRoomTypeId(), b.getCheckIn(), b.getCheckOut(), b.getQuantity()),
                b.getStatus().name());
    }

    private static Item fromJson(JsonNode json, String id, String requestId, String principal) {
        return new Item(
                id,
                requestId,
                principal,
                new Stay(
                        json.path("hotelId").asText(),
                        json.path("roomTypeId").asText(),
                        LocalDate.parse(json.path("checkIn").asText()),
                        LocalDate.parse(json.path("checkOut").asText()),
                        json.path("quantity").asInt()),
                json.path("status").asText());
    }
}
