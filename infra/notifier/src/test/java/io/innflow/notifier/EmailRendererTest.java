package io.innflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EmailRendererTest {

    private final EmailRenderer.CatalogNames names =
            new EmailRenderer.CatalogNames("Riverside <Inn> & Spa", "Deluxe Double", ZoneId.of("Asia/Bangkok"));

    private Stay stay(Instant expiresAt) {
        return new Stay(
                "h1",
                "bk-42",
                null,
                "dlx",
                LocalDate.of(2027, 3, 10),
                LocalDate.of(2027, 3, 13),
                2,
                900_000L,
                "THB",
                "Ann Lee",
                "ann@example.com",
                expiresAt);
    }

    @Test
    void shouldSayWhatWasBookedWhereAndForWhom() {
        Email email = EmailRenderer.render(EmailKind.BOOKING_CONFIRMED, stay(null), names);

        assertThat(email.recipient()).isEqualTo("ann@example.com");
        assertThat(email.subject()).isEqualTo("Booking confirmed: Riverside <Inn> & Spa, Wed 10 Mar 2027 (bk-42)");
        assertThat(email.text())
                .startsWith("Dear Ann Lee,")
                .contains("your booking is confirmed")
                .contains("Booking:   bk-42")
                .contains("Hotel:     Riverside <Inn> & Spa")
                .contains("Room type: Deluxe Double")
                .contains("Check-in:  Wed 10 Mar 2027")
                .contains("Check-out: Sat 13 Mar 2027")
                .contains("Nights:    3")
                .contains("Total:     9000.00 THB");
        assertThat(email.html())
                .contains("Riverside &lt;Inn&gt; &amp; Spa")
                .contains("bk-42")
                .doesNotContain("<Inn>");
    }

    @Test
    void shouldSayACancellationIsACancellation() {
        Email email = EmailRenderer.render(EmailKind.BOOKING_CANCELLED, stay(null), names);

        assertThat(email.subject()).startsWith("Booking cancelled: Riverside");
        assertThat(email.text()).contains("has been cancelled");
    }

    @Test
    void shouldGiveTheHoldsExpiryInTheHotelsTimeZone() {
        Email email = EmailRenderer.render(EmailKind.HOLD_EXPIRING, stay(Instant.parse("2027-03-01T05:30:00Z")), names);

        assertThat(email.subject()).isEqualTo("Your hold at Riverside <Inn> & Spa expires soon (bk-42)");
        assertThat(email.text())
                .contains("released at 1 Mar 2027 12:30 (Asia/Bangkok)")
                .contains("Hold:      bk-42");
    }

    @Test
    void shouldKeepPersonalDataOutOfToString() {
        Email email = EmailRenderer.render(EmailKind.BOOKING_CONFIRMED, stay(null), names);

        assertThat(email.toString()).doesNotContain("ann@example.com", "Ann Lee");
        assertThat(stay(null).toString()).doesNotContain("ann@example.com", "Ann Lee");
    }

    @Test
    void shouldWriteAmountsWithTheCurrencysDecimals() {
        assertThat(EmailRenderer.money(12_345, "THB")).isEqualTo("123.45 THB");
        assertThat(EmailRenderer.money(12_345, "JPY")).isEqualTo("12345 JPY");
    }
}
