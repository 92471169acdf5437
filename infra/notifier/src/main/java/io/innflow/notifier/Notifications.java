package io.innflow.notifier;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.ReservationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which emails an event of {@code reservation-events} calls for: a pure function of the event. */
public final class Notifications {

    private final Duration reminderLead;

    public Notifications(Duration reminderLead) {
        this.reminderLead = reminderLead;
    }

    /**
     * The intents of one event, read at {@code now}. Events without a guest email send nothing; a hold
     * read after it expired gets no reminder.
     */
    public List<Intent> of(ReservationEvent event, Instant now) {
        List<Intent> intents = new ArrayList<>();
        Object payload = event.getPayload();
        if (payload instanceof HoldPlaced placed) {
            Hold hold = placed.getHold();
            if (hold.getGuest() != null && hold.getExpiresAt().isAfter(now)) {
                intents.add(new Intent.Compose(
                        event.getEventId(),
                        EmailKind.HOLD_EXPIRING,
                        stay(hold),
                        hold.getExpiresAt().minus(reminderLead)));
            }
        } else if (payload instanceof HoldReleased released) {
            intents.add(forget(released.getHold()));
        } else if (payload instanceof HoldExpired expired) {
            intents.add(forget(expired.getHold()));
        } else if (payload instanceof BookingConfirmed confirmed) {
            Booking booking = confirmed.getBooking();
            if (booking.getHoldId() != null) {
                intents.add(new Intent.ForgetReminder(booking.getHotelId(), booking.getHoldId()));
            }
            compose(event, EmailKind.BOOKING_CONFIRMED, booking).ifPresent(intents::add);
        } else if (payload instanceof BookingCancelled cancelled) {
            compose(event, EmailKind.BOOKING_CANCELLED, cancelled.getBooking()).ifPresent(intents::add);
        }
        return intents;
    }

    private static Intent forget(Hold hold) {
        return new Intent.ForgetReminder(hold.getHotelId(), hold.getHoldId());
    }

    private static Optional<Intent> compose(ReservationEvent event, EmailKind kind, Booking booking) {
        GuestDetails guest = booking.getGuest();
        if (guest == null) {
            return Optional.empty();
        }
        Stay stay = new Stay(
                booking.getHotelId(),
                booking.getBookingId(),
                booking.getHoldId(),
                booking.getRoomTypeId(),
                booking.getCheckIn(),
                booking.getCheckOut(),
                booking.getQuantity(),
                booking.getTotalMinor(),
                booking.getCurrency(),
                guest.getLeadName(),
                guest.getEmail(),
                null);
        return Optional.of(new Intent.Compose(event.getEventId(), kind, stay, event.getOccurredAt()));
    }

    private static Stay stay(Hold hold) {
        GuestDetails guest = hold.getGuest();
        return new Stay(
                hold.getHotelId(),
                hold.getHoldId(),
                hold.getHoldId(),
                hold.getRoomTypeId(),
                hold.getCheckIn(),
                hold.getCheckOut(),
                hold.getQuantity(),
                hold.getTotalMinor(),
                hold.getCurrency(),
                guest.getLeadName(),
                guest.getEmail(),
                hold.getExpiresAt());
    }
}
