package io.innflow.api.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.api.guest.MyReservationsController.When;
import io.innflow.api.http.ApiException;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which of a guest's bookings a listing shows, in which order, one page at a time. */
class MyReservationsControllerTest {

    private static final LocalDate TODAY = LocalDate.of(2027, 3, 10);

    @Test
    void shouldCountAStayThatEndsTodayAsUpcomingAndOneThatEndedYesterdayAsPast() {
        Booking endsToday = booking("b1", "h1", TODAY.minusDays(2), TODAY);
        Booking endedYesterday = booking("b2", "h1", TODAY.minusDays(3), TODAY.minusDays(1));

        assertThat(When.UPCOMING.includes(endsToday, TODAY)).isTrue();
        assertThat(When.PAST.includes(endsToday, TODAY)).isFalse();
        assertThat(When.PAST.includes(endedYesterday, TODAY)).isTrue();
        assertThat(When.UPCOMING.includes(endedYesterday, TODAY)).isFalse();
    }

    @Test
    void shouldListUpcomingStaysSoonestFirstAndPastStaysLatestFirst() {
        Booking march = booking("b1", "h2", TODAY.plusDays(5), TODAY.plusDays(6));
        Booking april = booking("b2", "h1", TODAY.plusDays(30), TODAY.plusDays(31));
        Booking sameDayOtherHotel = booking("b3", "h1", TODAY.plusDays(5), TODAY.plusDays(7));

        assertThat(List.of(april, march, sameDayOtherHotel).stream()
                        .sorted(When.UPCOMING.order())
                        .toList())
                .containsExactly(sameDayOtherHotel, march, april);
        assertThat(List.of(march, april).stream().sorted(When.PAST.order()).toList())
                .containsExactly(april, march);
    }

    @Test
    void shouldDefaultToUpcomingAndRefuseAnUnknownWhen() {
        assertThat(When.of(null)).isEqualTo(When.UPCOMING);
        assertThat(When.of("past")).isEqualTo(When.PAST);
        assertThatThrownBy(() -> When.of("soon")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status())
                .isEqualTo(400));
    }

    @Test
    void shouldCutOnePageAndNothingPastTheEnd() {
        List<Integer> five = List.of(1, 2, 3, 4, 5);

        assertThat(new MyReservationsController.Paging(2, 2).cut(five)).containsExactly(3, 4);
        assertThat(new MyReservationsController.Paging(3, 2).cut(five)).containsExactly(5);
        assertThat(new MyReservationsController.Paging(4, 2).cut(five)).isEmpty();
    }

    private static Booking booking(String id, String hotel, LocalDate in, LocalDate out) {
        return Booking.newBuilder()
                .setBookingId(id)
                .setHotelId(hotel)
                .setRoomTypeId("std")
                .setCheckIn(in)
                .setCheckOut(out)
                .setQuantity(1)
                .setNights(List.of())
                .setTotalMinor(0)
                .setCurrency("THB")
                .setStatus(BookingStatus.CONFIRMED)
                .setRequestId("r-" + id)
                .setPrincipal("guest:g")
                .setPaymentReference("pay-" + id)
                .setCreatedAt(Instant.EPOCH)
                .setUpdatedAt(Instant.EPOCH)
                .build();
    }
}
