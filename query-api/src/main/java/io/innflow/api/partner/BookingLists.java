package io.innflow.api.partner;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;

/**
 * A hotel's bookings as its front desk lists them, read from the hotel's partition of {@code
 * bookings-store} by a range over the {@code hotelId|} keys, in booking id order. The caller has
 * checked that the hotel is the partner's.
 */
public final class BookingLists {

    private final LocalStores stores;

    public BookingLists(LocalStores stores) {
        this.stores = stores;
    }

    /**
     * Which bookings a list shows.
     *
     * @param from with {@code to}: stays overlapping [from, to); either may be null (unbounded)
     * @param arrival only stays arriving on this date, cancelled ones left out; null for any
     * @param departure only stays leaving on this date, cancelled ones left out; null for any
     * @param status only bookings in this status; null for any
     */
    public record Query(LocalDate from, LocalDate to, LocalDate arrival, LocalDate departure, BookingStatus status) {

        public static Query stays(LocalDate from, LocalDate to, BookingStatus status) {
            return new Query(from, to, null, null, status);
        }

        public static Query arrivals(LocalDate date) {
            return new Query(null, null, date, null, null);
        }

        public static Query departures(LocalDate date) {
            return new Query(null, null, null, date, null);
        }

        boolean matches(Booking b) {
            boolean listed = (arrival == null && departure == null) || b.getStatus() != BookingStatus.CANCELLED;
            return listed
                    && (from == null || b.getCheckOut().isAfter(from))
                    && (to == null || b.getCheckIn().isBefore(to))
                    && (arrival == null || b.getCheckIn().equals(arrival))
                    && (departure == null || b.getCheckOut().equals(departure))
                    && (status == null || b.getStatus() == status);
        }
    }

    /** The name and party at the desk; the contact details stay with the booking's owner. */
    public record GuestSummary(String leadName, int adults, int children) {

        static GuestSummary of(GuestDetails guest) {
            return guest == null ? null : new GuestSummary(guest.getLeadName(), guest.getAdults(), guest.getChildren());
        }

        /** Redacted: personal data never reaches a log. */
        @Override
        public String toString() {
            return "GuestSummary[adults=" + adults + ", children=" + children + "]";
        }
    }

    /** One line of a list: what the desk needs to find the guest and move the booking along. */
    public record Item(
            String bookingId,
            String roomTypeId,
            LocalDate checkIn,
            LocalDate checkOut,
            int quantity,
            String status,
            GuestSummary guest) {

        static Item of(Booking b) {
            return new Item(
                    b.getBookingId(),
                    b.getRoomTypeId(),
                    b.getCheckIn(),
                    b.getCheckOut(),
                    b.getQuantity(),
                    b.getStatus().name(),
                    GuestSummary.of(b.getGuest()));
        }
    }

    /**
     * One page of a list.
     *
     * @param after the cursor of the next page (the last booking id listed); null on the last page
     */
    public record Page(List<Item> bookings, String after) {}

    /** Up to {@code limit} bookings of {@code hotelId} after the booking id {@code after} (null: from the start). */
    public Lookup<Page> page(ReadScope scope, String hotelId, Query query, String after, int limit) {
        String from = after == null ? hotelId + StoreKeys.SEPARATOR : StoreKeys.booking(hotelId, after) + '\0';
        String to = StoreKeys.prefixEnd(hotelId);
        Predicate<Booking> keep = query::matches;
        return stores.read(scope, p -> {
            List<KeyValue<String, Booking>> found = p.range(StoreNames.BOOKINGS, from, to, keep, limit + 1);
            List<Item> items =
                    found.stream().limit(limit).map(kv -> Item.of(kv.value)).toList();
            String next = found.size() > limit ? items.get(items.size() - 1).bookingId() : null;
            return new Lookup.Found<>(new Page(items, next));
        });
    }
}
