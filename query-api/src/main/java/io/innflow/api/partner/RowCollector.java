package io.innflow.api.partner;

import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.NightRow;
import io.innflow.connectors.catalog.RowRejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Validates rows one by one, remembers the valid ones and reports the others. */
final class RowCollector {
    private final NightRowValidator validator;
    private final List<NightRow> rows = new ArrayList<>();
    private final List<RowRejection> rejections = new ArrayList<>();
    private final Map<String, Integer> seen = new LinkedHashMap<>();
    private int received;
    private int rejected;

    RowCollector(NightRowValidator validator) {
        this.validator = validator;
    }

    void add(Integer line, Map<String, String> values) {
        count();
        NightRowValidator.Result result = validator.validate(values);
        if (!result.valid()) {
            record(line, values, result.errors());
            return;
        }
        NightRow row = result.row();
        Integer first = seen.putIfAbsent(row.roomTypeId() + "|" + row.night(), received);
        if (first != null) {
            record(line, values, List.of("duplicate of row " + first + " (same room_type_id and night)"));
            return;
        }
        rows.add(row);
    }

    void reject(Integer line, Map<String, String> values, List<String> errors) {
        count();
        record(line, values, errors);
    }

    private void count() {
        received++;
        if (received > UploadParser.MAX_ROWS) {
            throw CatalogException.Invalid.request(
                    "An upload may carry at most " + UploadParser.MAX_ROWS + " rows; split it into several uploads");
        }
    }

    private void record(Integer line, Map<String, String> values, List<String> errors) {
        rejected++;
        if (rejections.size() < UploadParser.MAX_LISTED_REJECTIONS) {
            rejections.add(new RowRejection(
                    received, line, shorten(values.get("room_type_id")), shorten(values.get("night")), errors));
        }
    }

    private static String shorten(String value) {
        if (value == null) {
            return null;
        }
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    UploadParser.Parsed parsed() {
        return new UploadParser.Parsed(List.copyOf(rows), List.copyOf(rejections), received, rejected);
    }
}
