package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and applies reservation commands for the hotels this task owns. Each command's store
 * writes, its result (keyed by reply address) and its event (keyed by hotel) leave in the same
 * exactly-once transaction.
 */
public final class ApplyReservationCommandProcessor
        implements Processor<String, ReservationCommand, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyReservationCommandProcessor.class);

    private final Duration defaultHoldTtl;
    private final Duration maxHoldTtl;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, HotelInfo> hotels;
    private KeyValueStore<String, RoomTypeInfo> roomTypes;
    private KeyValueStore<String, NightInventory> nights;
    private KeyValueStore<String, Hold> holds;
    private KeyValueStore<String, RequestRecord> requests;

    public ApplyReservationCommandProcessor(Duration defaultHoldTtl, Duration maxHoldTtl) {
        this.defaultHoldTtl = defaultHoldTtl;
        this.maxHoldTtl = maxHoldTtl;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        hotels = context.getStateStore(StoreNames.HOTELS);
        roomTypes = context.getStateStore(StoreNames.ROOM_TYPES);
        nights = context.getStateStore(StoreNames.NIGHT_INVENTORY);
        holds = context.getStateStore(StoreNames.HOLDS);
        requests = context.getStateStore(StoreNames.REQUESTS);
    }

    @Override
    public void process(Record<String, ReservationCommand> record) {
        ReservationCommand command = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String requestKey = StoreKeys.request(command.getHotelId(), command.getRequestId());
        RequestRecord earlier = requests.get(requestKey);
        if (earlier != null) {
            replay(record, command, earlier, now);
            return;
        }
        ReservationResult result;
        if (command.getCommand() instanceof PlaceHold placeHold) {
            result = placeHold(record, command, placeHold, now);
        } else {
            result = rejected(command, new Rejection(Rejection.Reason.INVALID_REQUEST, "Unknown command"), now);
        }
        requests.put(requestKey, new RequestRecord(command.getFingerprint(), result, now));
        context.forward(record.withKey(command.getReplyTo()).withValue(result));
    }

    /** A repeated request id: the first result again, or a conflict if the body differs. */
    private void replay(
            Record<String, ReservationCommand> record, ReservationCommand command, RequestRecord earlier, Instant now) {
        ReservationResult answer = earlier.getFingerprint().equals(command.getFingerprint())
                ? earlier.getResult()
                : rejected(
                        command,
                        new Rejection(
                                Rejection.Reason.IDEMPOTENCY_CONFLICT,
                                "This Idempotency-Key was already used for a different request"),
                        now);
        context.forward(record.withKey(command.getReplyTo()).withValue(answer));
    }

    private ReservationResult placeHold(
            Record<String, ReservationCommand> record, ReservationCommand command, PlaceHold hold, Instant now) {
        String hotelId = command.getHotelId();
        String roomTypeId = hold.getRoomTypeId();
        LocalDate checkIn = hold.getCheckIn();
        LocalDate checkOut = hold.getCheckOut();
        int quantity = hold.getQuantity();

        Optional<Rejection> shape = SellRules.checkShape(checkIn, checkOut, quantity);
        if (shape.isPresent()) {
            return rejected(command, shape.get(), now);
        }
        List<String> keys = new ArrayList<>();
        List<NightInventory> stay = new ArrayList<>();
        for (LocalDate night = checkIn; night.isBefore(checkOut); night = night.plusDays(1)) {
            String key = StoreKeys.night(hotelId, roomTypeId, night);
            keys.add(key);
            stay.add(nights.get(key));
        }
        HotelInfo hotel = hotels.get(hotelId);
        RoomTypeInfo roomType = roomTypes.get(StoreKeys.roomType(hotelId, roomTypeId));
        NightInventory departure = nights.get(StoreKeys.night(hotelId, roomTypeId, checkOut));
        Optional<Rejection> rejection =
                SellRules.checkStay(hotel, roomType, checkIn, checkOut, quantity, stay, departure);
        if (rejection.isPresent()) {
            return rejected(command, rejection.get(), now);
        }

        List<NightPrice> prices = new ArrayList<>(stay.size());
        long total = 0;
        for (int i = 0; i < stay.size(); i++) {
            NightInventory night = stay.get(i);
            night.setHeld(night.getHeld() + quantity);
            nights.put(keys.get(i), night);
            prices.add(new NightPrice(checkIn.plusDays(i), night.getPriceMinor()));
            total += night.getPriceMinor() * quantity;
        }
        Hold placed = Hold.newBuilder()
                .setHoldId(holdIdFor(hotelId, command.getRequestId()))
                .setHotelId(hotelId)
                .setRoomTypeId(roomTypeId)
                .setCheckIn(checkIn)
                .setCheckOut(checkOut)
                .setQuantity(quantity)
                .setNights(prices)
                .setTotalMinor(total)
                .setCurrency(hotel.getCurrency())
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId(command.getRequestId())
                .setCreatedAt(now)
                .setExpiresAt(now.plus(ttl(hold.getHoldSeconds())))
                .build();
        holds.put(StoreKeys.hold(hotelId, placed.getHoldId()), placed);
        context.forward(record.withKey(hotelId)
                .withValue(new ReservationEvent(UUID.randomUUID().toString(), hotelId, now, new HoldPlaced(placed))));
        LOG.debug("Hold {} placed for hotel {} ({} nights)", placed.getHoldId(), hotelId, prices.size());
        return ReservationResult.newBuilder()
                .setRequestId(command.getRequestId())
                .setHotelId(hotelId)
                .setAccepted(true)
                .setHold(placed)
                .setProcessedAt(now)
                .build();
    }

    private Duration ttl(Integer requestedSeconds) {
        if (requestedSeconds == null || requestedSeconds <= 0) {
            return defaultHoldTtl;
        }
        Duration requested = Duration.ofSeconds(requestedSeconds);
        return requested.compareTo(maxHoldTtl) > 0 ? maxHoldTtl : requested;
    }

    /** Deterministic, so a replayed command after a crash names the same hold. */
    static String holdIdFor(String hotelId, String requestId) {
        return UUID.nameUUIDFromBytes((hotelId + StoreKeys.SEPARATOR + requestId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static ReservationResult rejected(ReservationCommand command, Rejection rejection, Instant now) {
        return ReservationResult.newBuilder()
                .setRequestId(command.getRequestId())
                .setHotelId(command.getHotelId())
                .setAccepted(false)
                .setReason(rejection.reason().name())
                .setMessage(rejection.message())
                .setProcessedAt(now)
                .build();
    }
}
