package io.innflow.notifier;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Renders the text and HTML of each {@link EmailKind} from a {@link Stay} and the catalog's names. */
public final class EmailRenderer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm", Locale.ENGLISH);

    /**
     * What the catalog says about the hotel: its name, the room type's name and the hotel's time zone.
     * A hotel or room type the catalog no longer has is named by its id.
     */
    public record CatalogNames(String hotelName, String roomTypeName, ZoneId timeZone) {}

    private EmailRenderer() {}

    public static Email render(EmailKind kind, Stay stay, CatalogNames names) {
        String hotel = names.hotelName();
        String subject =
                switch (kind) {
                    case BOOKING_CONFIRMED ->
                        "Booking confirmed: " + hotel + ", " + DAY.format(stay.checkIn()) + " (" + stay.reference()
                                + ")";
                    case BOOKING_CANCELLED ->
                        "Booking cancelled: " + hotel + ", " + DAY.format(stay.checkIn()) + " (" + stay.reference()
                                + ")";
                    case HOLD_EXPIRING -> "Your hold at " + hotel + " expires soon (" + stay.reference() + ")";
                };
        String opening =
                switch (kind) {
                    case BOOKING_CONFIRMED -> "your booking is confirmed.";
                    case BOOKING_CANCELLED -> "your booking has been cancelled. Nothing more is charged.";
                    case HOLD_EXPIRING ->
                        "the rooms we are holding for you will be released at "
                                + TIME.format(stay.expiresAt().atZone(names.timeZone())) + " (" + names.timeZone()
                                + ") unless you confirm the booking before then.";
                };
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(kind == EmailKind.HOLD_EXPIRING ? "Hold" : "Booking", stay.reference());
        facts.put("Hotel", hotel);
        facts.put("Room type", names.roomTypeName());
        facts.put("Rooms", Integer.toString(stay.quantity()));
        facts.put("Check-in", DAY.format(stay.checkIn()));
        facts.put("Check-out", DAY.format(stay.checkOut()));
        long nights = ChronoUnit.DAYS.between(stay.checkIn(), stay.checkOut());
        facts.put("Nights", Long.toString(nights));
        facts.put("Guest", stay.guestName());
        facts.put("Total", money(stay.totalMinor(), stay.currency()));

        StringBuilder text = new StringBuilder();
        text.append("Dear ")
                .append(stay.guestName())
                .append(",\n\n")
                .append(opening)
                .append("\n\n");
        facts.forEach((label, value) -> text.append(String.format(Locale.ROOT, "%-10s %s%n", label + ":", value)));
        text.append("\n-- innflow\n");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><body>");
        html.append("<p>Dear ").append(escape(stay.guestName())).append(",</p>");
        html.append("<p>").append(escape(opening)).append("</p><table>");
        facts.forEach((label, value) -> html.append("<tr><th align=\"left\">")
                .append(escape(label))
                .append("</th><td>")
                .append(escape(value))
                .append("</td></tr>"));
        html.append("</table><p>&mdash; innflow</p></body></html>");
        return new Email(stay.email(), subject, text.toString(), html.toString());
    }

    /** Minor units as a decimal amount; the currencies the catalog uses have two decimals or none. */
    static String money(long minor, String currency) {
        int digits;
        try {
            digits = Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        if (digits <= 0) {
            return minor + " " + currency;
        }
        BigDecimal amount = BigDecimal.valueOf(minor, digits);
        return amount.toPlainString() + " " + currency;
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
