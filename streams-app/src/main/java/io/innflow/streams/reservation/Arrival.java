package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/** A new stay may not begin before today, judged in the hotel's own time zone. */
final class Arrival {

    private Arrival() {}

    /**
     * Refuses a stay whose check-in is before the hotel's today at the command's deadline time (when
     * the node stamped it, see {@link Command#deadlineTime()}). An unknown hotel is left to the sell
     * rules, which refuse it with its own reason.
     */
    static Optional<Rejection> checkNotPast(Command c, HotelInfo hotel, LocalDate checkIn) {
        if (hotel == null || checkIn == null) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.ofInstant(c.deadlineTime(), zoneOf(hotel));
        if (!checkIn.isBefore(today)) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(
                Reason.CHECK_IN_PAST,
                "Check-in " + checkIn + " is before today (" + today + ") at the hotel (" + hotel.getTimeZone() + ")"));
    }

    private static ZoneId zoneOf(HotelInfo hotel) {
        try {
            return ZoneId.of(hotel.getTimeZone());
        } catch (DateTimeException e) {
            // A zone the JVM does not know: judge in UTC, at most a day off, as cancellations do.
            return ZoneId.of("UTC");
        }
    }
}
