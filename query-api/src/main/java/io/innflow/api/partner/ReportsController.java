package io.innflow.api.partner;

import io.innflow.api.catalog.Actors;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.inventory.InventoryController;
import io.innflow.connectors.analytics.Reports;
import io.innflow.connectors.catalog.Actor;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Long because it renders three reports in two formats (JSON and CSV); the figures themselves are computed in SQL.
 *
 * {@code GET /v1/partner/hotels/{hotelId}/reports/occupancy}, {@code /adr} and {@code /pace} with {@code
 * ?from=&to=} (stay nights [from, to)): JSON, or CSV when asked by {@code Accept: text/csv} or {@code
 * ?format=csv}. The numbers come from {@link PartnerReports}; see docs/partner-reports.md.
 */
public final class ReportsController {

    static final String CSV = "text/csv";

    /** The figures of each performance report, in order: the JSON fields and the CSV columns. */
    private static final List<Figure> OCCUPANCY = List.of(
            new Figure("allotment", Reports.PerformanceRow::allotment),
            new Figure("roomNightsSold", Reports.PerformanceRow::roomNightsSold),
            new Figure("occupancy", Reports.PerformanceRow::occupancy));

    private static final List<Figure> ADR = List.of(
            new Figure("roomNightsSold", Reports.PerformanceRow::roomNightsSold),
            new Figure("revenueMinor", Reports.PerformanceRow::revenueMinor),
            new Figure("adrMinor", Reports.PerformanceRow::adrMinor),
            new Figure("allotment", Reports.PerformanceRow::allotment),
            new Figure("revparMinor", Reports.PerformanceRow::revparMinor));

    private static final List<String> PACE_COLUMNS =
            List.of("daysBefore", "bookingDate", "roomNights", "previousBookingDate", "previousRoomNights");

    /** One figure of a performance report: its JSON field and CSV column, and where it comes from. */
    private record Figure(String name, Function<Reports.PerformanceRow, Object> value) {}

    private final PartnerReports reports;

    public ReportsController(PartnerReports reports) {
        this.reports = reports;
    }

    public void occupancy(Context ctx) {
        performance(ctx, "occupancy", OCCUPANCY);
    }

    public void adr(Context ctx) {
        performance(ctx, "adr", ADR);
    }

    public void pace(Context ctx) {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        LocalDate from = InventoryController.date(ctx, "from");
        LocalDate to = InventoryController.date(ctx, "to");
        int days = days(ctx);
        boolean csv = wantsCsv(ctx);
        PartnerReports.Pace pace = reports.pace(partner, hotelId, from, to, days);
        if (csv) {
            List<List<Object>> lines = new ArrayList<>();
            for (Reports.PaceRow row : pace.rows()) {
                List<Object> line = new ArrayList<>();
                line.add(row.roomTypeId() == null ? "hotel" : "roomType");
                line.add(row.roomTypeId());
                line.addAll(paceFigures(row).values());
                lines.add(line);
            }
            writeCsv(ctx, hotelId, "pace", from, to, concat(List.of("scope", "roomTypeId"), PACE_COLUMNS), lines);
            return;
        }
        Map<String, Object> body = header(hotelId, "pace", from, to);
        body.put("previousFrom", pace.previousFrom());
        body.put("previousTo", pace.previousTo());
        body.put("asOf", pace.asOf());
        body.put("days", days);
        List<Object> hotel = new ArrayList<>();
        Map<String, List<Object>> byRoomType = new LinkedHashMap<>();
        for (Reports.PaceRow row : pace.rows()) {
            if (row.roomTypeId() == null) {
                hotel.add(paceFigures(row));
            } else {
                byRoomType
                        .computeIfAbsent(row.roomTypeId(), k -> new ArrayList<>())
                        .add(paceFigures(row));
            }
        }
        body.put("hotel", hotel);
        body.put(
                "roomTypes",
                byRoomType.entrySet().stream()
                        .map(e -> Map.of("roomTypeId", e.getKey(), "series", e.getValue()))
                        .toList());
        ctx.json(body);
    }

    private void performance(Context ctx, String report, List<Figure> figures) {
        Actor partner = Actors.partner(Principal.partner(ctx));
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        LocalDate from = InventoryController.date(ctx, "from");
        LocalDate to = InventoryController.date(ctx, "to");
        boolean csv = wantsCsv(ctx);
        boolean money = figures == ADR;
        List<Reports.PerformanceRow> rows = reports.performance(partner, hotelId, from, to);
        if (csv) {
            List<String> columns = new ArrayList<>(List.of("scope", "roomTypeId", "night"));
            figures.forEach(f -> columns.add(f.name()));
            if (money) {
                columns.add("currency");
            }
            List<List<Object>> lines = new ArrayList<>();
            for (Reports.PerformanceRow row : rows) {
                List<Object> line = new ArrayList<>();
                line.add(row.roomTypeId() == null ? "hotel" : row.night() == null ? "roomType" : "night");
                line.add(row.roomTypeId());
                line.add(row.night());
                figures.forEach(f -> line.add(f.value().apply(row)));
                if (money) {
                    line.add(row.currency());
                }
                lines.add(line);
            }
            writeCsv(ctx, hotelId, report, from, to, columns, lines);
            return;
        }
        Map<String, Object> body = header(hotelId, report, from, to);
        if (money) {
            body.put(
                    "currency",
                    rows.stream()
                            .filter(r -> r.roomTypeId() == null)
                            .map(Reports.PerformanceRow::currency)
                            .findFirst()
                            .orElse(null));
        }
        Map<String, Map<String, Object>> byRoomType = new LinkedHashMap<>();
        for (Reports.PerformanceRow row : rows) {
            Map<String, Object> values = values(row, figures);
            if (row.roomTypeId() == null) {
                body.put("hotel", values);
            } else if (row.night() == null) {
                Map<String, Object> roomType =
                        byRoomType.computeIfAbsent(row.roomTypeId(), ReportsController::roomType);
                roomType.putAll(values);
                roomType.put("nights", roomType.remove("nights"));
            } else {
                Map<String, Object> night = new LinkedHashMap<>();
                night.put("night", row.night());
                night.putAll(values);
                nights(byRoomType.computeIfAbsent(row.roomTypeId(), ReportsController::roomType))
                        .add(night);
            }
        }
        body.put("roomTypes", List.copyOf(byRoomType.values()));
        ctx.json(body);
    }

    private static Map<String, Object> roomType(String roomTypeId) {
        Map<String, Object> roomType = new LinkedHashMap<>();
        roomType.put("roomTypeId", roomTypeId);
        roomType.put("nights", new ArrayList<>());
        return roomType;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> nights(Map<String, Object> roomType) {
        return (List<Object>) roomType.get("nights");
    }

    private static Map<String, Object> header(String hotelId, String report, LocalDate from, LocalDate to) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hotelId", hotelId);
        body.put("report", report);
        body.put("from", from);
        body.put("to", to);
        return body;
    }

    private static Map<String, Object> values(Reports.PerformanceRow row, List<Figure> figures) {
        Map<String, Object> values = new LinkedHashMap<>();
        figures.forEach(f -> values.put(f.name(), f.value().apply(row)));
        return values;
    }

    private static Map<String, Object> paceFigures(Reports.PaceRow row) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("daysBefore", row.daysBefore());
        values.put("bookingDate", row.bookingDate());
        values.put("roomNights", row.roomNights());
        values.put("previousBookingDate", row.previousBookingDate());
        values.put("previousRoomNights", row.previousRoomNights());
        return values;
    }

    private static int days(Context ctx) {
        String raw = ctx.queryParam("days");
        if (raw == null || raw.isBlank()) {
            return PartnerReports.DEFAULT_PACE_DAYS;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Query parameter days is not a whole number: " + raw);
        }
    }

    /** CSV when {@code ?format=csv}, or when {@code Accept} names text/csv and no format is asked. */
    static boolean wantsCsv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ApiException.badRequest("Query parameter format must be json or csv");
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains(CSV);
    }

    private static void writeCsv(
            Context ctx,
            String hotelId,
            String report,
            LocalDate from,
            LocalDate to,
            List<String> columns,
            List<List<Object>> lines) {
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append("\r\n");
        for (List<Object> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(cell(line.get(i)));
            }
            csv.append("\r\n");
        }
        ctx.contentType(CSV + "; charset=utf-8")
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"" + hotelId + "-" + report + "-" + from + "-" + to + ".csv\"")
                .result(csv.toString());
    }

    /** Ids, dates, numbers and currency codes need no quoting; a value with a comma or quote is quoted anyway. */
    private static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        return text.contains(",") || text.contains("\"") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\""
                : text;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
