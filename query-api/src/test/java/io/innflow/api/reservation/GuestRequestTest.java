package io.innflow.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.api.http.ApiException;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.GuestDetails;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The rules of guest details in hold, booking and correction requests: each breach is a 400 naming the field. */
class GuestRequestTest {

    private static final LocalDate IN = LocalDate.of(2027, 3, 1);

    private static GuestRequest guest(String name, String email, String phone, Integer adults, Integer children) {
        return new GuestRequest(name, email, phone, adults, children, null);
    }

    private static void assertInvalid(Runnable request, String field) {
        assertThatThrownBy(request::run)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo("invalid-request");
                })
                .hasMessageContaining(field);
    }

    @Test
    void shouldAcceptAGuestAndTrimWhatWasTyped() {
        GuestDetails details =
                new GuestRequest(" Ada Lovelace ", " ada@example.com", "+44 20 7946 0000", 2, null, "Late").validated();

        assertThat(details.getLeadName()).isEqualTo("Ada Lovelace");
        assertThat(details.getEmail()).isEqualTo("ada@example.com");
        assertThat(details.getPhone()).isEqualTo("+44 20 7946 0000");
        assertThat(details.getChildren()).isZero();
        assertThat(details.getSpecialRequests()).isEqualTo("Late");
    }

    @Test
    void shouldRefuseEachBrokenField() {
        assertInvalid(() -> guest(null, "a@example.com", null, 1, 0).validated(), "guest.leadName");
        assertInvalid(() -> guest("  ", "a@example.com", null, 1, 0).validated(), "guest.leadName");
        assertInvalid(() -> guest("x".repeat(101), "a@example.com", null, 1, 0).validated(), "guest.leadName");
        assertInvalid(() -> guest("Ada", null, null, 1, 0).validated(), "guest.email");
        assertInvalid(() -> guest("Ada", "ada.example.com", null, 1, 0).validated(), "guest.email");
        assertInvalid(() -> guest("Ada", "ada@localhost", null, 1, 0).validated(), "guest.email");
        assertInvalid(() -> guest("Ada", "a da@example.com", null, 1, 0).validated(), "guest.email");
        assertInvalid(
                () -> guest("Ada", "a@" + "d".repeat(250) + ".com", null, 1, 0).validated(), "guest.email");
        assertInvalid(() -> guest("Ada", "a@example.com", "12-34-56", 1, 0).validated(), "guest.phone");
        assertInvalid(() -> guest("Ada", "a@example.com", "+1234", 1, 0).validated(), "guest.phone");
        assertInvalid(() -> guest("Ada", "a@example.com", "1".repeat(26), 1, 0).validated(), "guest.phone");
        assertInvalid(() -> guest("Ada", "a@example.com", null, null, 0).validated(), "guest.adults");
        assertInvalid(() -> guest("Ada", "a@example.com", null, 0, 0).validated(), "guest.adults");
        assertInvalid(() -> guest("Ada", "a@example.com", null, 1, -1).validated(), "guest.children");
        assertInvalid(
                () -> new GuestRequest("Ada", "a@example.com", null, 1, 0, "x".repeat(501)).validated(),
                "guest.specialRequests");
    }

    @Test
    void shouldRequireAGuestForADirectBookingButNotForOneFromAHold() {
        GuestRequest ada = guest("Ada", "ada@example.com", null, 1, 0);

        BookDirect direct =
                (BookDirect) new BookingRequest(null, "std", IN, IN.plusDays(2), 1, "tok_visa", ada).command();
        ConfirmBooking fromHold =
                (ConfirmBooking) new BookingRequest("h-1", null, null, null, null, "tok_visa", null).command();

        assertThat(direct.getGuest().getEmail()).isEqualTo("ada@example.com");
        assertThat(fromHold.getGuest()).as("the hold's guest is used").isNull();
        assertInvalid(
                () -> new BookingRequest(null, "std", IN, IN.plusDays(2), 1, "tok_visa", null).command(), "guest");
        assertInvalid(
                () -> new BookingRequest("h-1", null, null, null, null, "tok_visa", guest("Ada", "x", null, 1, 0))
                        .command(),
                "guest.email");
    }

    @Test
    void shouldCorrectOnlyTheGivenContactFields() {
        CorrectGuestContact command = new ContactCorrection(null, "new@example.com", null).command("b-1");

        assertThat(command.getBookingId()).isEqualTo("b-1");
        assertThat(command.getEmail()).isEqualTo("new@example.com");
        assertThat(command.getLeadName()).isNull();
        assertThat(command.getPhone()).isNull();
        assertInvalid(() -> new ContactCorrection(null, null, null).command("b-1"), "at least one");
        assertInvalid(() -> new ContactCorrection("", null, null).command("b-1"), "guest.leadName");
        assertInvalid(() -> new ContactCorrection(null, "nope", null).command("b-1"), "guest.email");
    }

    @Test
    void shouldKeepPersonalDataOutOfEveryToString() {
        GuestRequest request = new GuestRequest("Ada Lovelace", "ada@example.com", "+44 20 7946 0000", 1, 0, "x");
        GuestView view = GuestView.of(request.validated());
        ContactCorrection correction = new ContactCorrection("Ada Lovelace", "ada@example.com", null);

        assertThat(request + " " + view + " " + correction).doesNotContain("Ada", "ada@", "7946");
    }
}
