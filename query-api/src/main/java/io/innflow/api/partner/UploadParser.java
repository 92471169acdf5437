package io.innflow.api.partner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a bulk upload of nights, CSV or a JSON array, row by row: each row is validated on its own,
 * and a bad row is reported with its number and reasons instead of failing the whole body. Only a
 * body that cannot be read as rows at all (a wrong CSV header, JSON that is not an array) is refused
 * outright.
 */
final class UploadParser {

    /** The exact header line of a CSV upload. */
    static final String CSV_HEADER = String.join(",", NightRowValidator.COLUMNS);

    /** The most rows one upload may carry. */
    static final int MAX_ROWS = 500_000;

    /** The most rejected rows listed in a report; the count covers all of them. */
    static final int MAX_LISTED_REJECTIONS = 1_000;

    private static final Map<String, String> JSON_FIELDS = jsonFields();

    private UploadParser() {}

    /**
     * The rows of an upload.
     *
     * @param rows the valid rows, in upload order
     * @param rejections the first {@link #MAX_LISTED_REJECTIONS} rejected rows
     * @param received how many data rows the body had
     * @param rejected how many of them were rejected
     */
    record Parsed(List<NightRow> rows, List<RowRejection> rejections, int received, int rejected) {}

    static Parsed csv(byte[] body, NightRowValidator validator) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Collector collector = new Collector(validator);
        int lineNumber = 0;
        int start = 0;
        boolean headerSeen = false;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            start = end + 1;
            lineNumber++;
            if (!headerSeen) {
                checkHeader(line);
                headerSeen = true;
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line);
            Map<String, String> values = new HashMap<>();
            if (fields == null) {
                collector.reject(lineNumber, values, List.of("the line has an unclosed quote"));
                continue;
            }
            for (int i = 0; i < Math.min(fields.size(), NightRowValidator.COLUMNS.size()); i++) {
                values.put(NightRowValidator.COLUMNS.get(i), fields.get(i));
            }
            if (fields.size() != NightRowValidator.COLUMNS.size()) {
                collector.reject(
                        lineNumber,
                        values,
                        List.of("expected " + NightRowValidator.COLUMNS.size() + " fields (" + CSV_HEADER + "), found "
                                + fields.size()));
                continue;
            }
            collector.add(lineNumber, values);
        }
        if (!headerSeen) {
            throw ApiException.badRequest("The upload is empty: send the header line " + CSV_HEADER + " and rows");
        }
        return collector.parsed();
    }

    static Parsed json(byte[] body, NightRowValidator validator, ObjectMapper json) throws IOException {
        Collector collector = new Collector(validator);
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ApiException.badRequest(
                        "A JSON upload is an array of rows: [{\"room_type_id\": \"std\", \"night\": \"2027-01-15\", ...}]");
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                JsonNode element = parser.readValueAsTree();
                Map<String, String> values = new HashMap<>();
                List<String> errors = new ArrayList<>();
                if (element == null || !element.isObject()) {
                    errors.add("the row is not a JSON object");
                } else {
                    readObject(element, values, errors);
                }
                if (errors.isEmpty()) {
                    collector.add(null, values);
                } else {
                    collector.reject(null, values, errors);
                }
            }
        }
        return collector.parsed();
    }

    private static void readObject(JsonNode element, Map<String, String> values, List<String> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String column = JSON_FIELDS.get(field.getKey());
            if (column == null) {
                errors.add("unknown field '" + field.getKey() + "' (fields: " + CSV_HEADER + ")");
                continue;
            }
            if (values.containsKey(column)) {
                errors.add("field " + column + " is given twice");
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isNull()) {
                values.put(column, "");
            } else if (value.isTextual()) {
                values.put(column, value.asText());
            } else if (value.isNumber() || value.isBoolean()) {
                values.put(column, value.asText());
            } else {
                errors.add("field " + column + " must be a string, a number or a boolean");
                values.put(column, "");
            }
        }
    }

    private static void checkHeader(String line) {
        String header = line.trim();
        List<String> found = fields(header);
        if (found != null) {
            found = found.stream().map(String::trim).toList();
        }
        if (NightRowValidator.COLUMNS.equals(found)) {
            return;
        }
        List<String> missing = new ArrayList<>(NightRowValidator.COLUMNS);
        List<String> unexpected = new ArrayList<>();
        if (found != null) {
            missing.removeAll(found);
            found.stream().filter(f -> !NightRowValidator.COLUMNS.contains(f)).forEach(unexpected::add);
        }
        StringBuilder detail = new StringBuilder("The first line must be exactly the header " + CSV_HEADER + "; found '"
                + (header.length() > 300 ? header.substring(0, 300) + "..." : header) + "'");
        if (!missing.isEmpty()) {
            detail.append("; missing: ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            detail.append("; unexpected: ")
                    .append(String.join(", ", unexpected.subList(0, Math.min(unexpected.size(), 20))));
        }
        if (missing.isEmpty() && unexpected.isEmpty()) {
            detail.append("; the columns are in another order or repeated");
        }
        throw new ApiException(400, "invalid-upload-header", "The upload's header is not valid", detail.toString());
    }

    /** The fields of one CSV line, RFC 4180 quoting allowed; null when a quote is not closed. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(NightRowValidator.COLUMNS.size());
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    private static Map<String, String> jsonFields() {
        Map<String, String> fields = new HashMap<>();
        for (String column : NightRowValidator.COLUMNS) {
            fields.put(column, column);
            StringBuilder camel = new StringBuilder();
            boolean upper = false;
            for (char ch : column.toCharArray()) {
                if (ch == '_') {
                    upper = true;
                } else {
                    camel.append(upper ? Character.toUpperCase(ch) : ch);
                    upper = false;
                }
            }
            fields.put(camel.toString(), column);
        }
        return Map.copyOf(fields);
    }

    /** Validates rows one by one, remembers the valid ones and reports the others. */
    private static final class Collector {
        private final NightRowValidator validator;
        private final List<NightRow> rows = new ArrayList<>();
        private final List<RowRejection> rejections = new ArrayList<>();
        private final Map<String, Integer> seen = new LinkedHashMap<>();
        private int received;
        private int rejected;

        Collector(NightRowValidator validator) {
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
            if (received > MAX_ROWS) {
                throw ApiException.badRequest(
                        "An upload may carry at most " + MAX_ROWS + " rows; split it into several uploads");
            }
        }

        private void record(Integer line, Map<String, String> values, List<String> errors) {
            rejected++;
            if (rejections.size() < MAX_LISTED_REJECTIONS) {
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

        Parsed parsed() {
            return new Parsed(List.copyOf(rows), List.copyOf(rejections), received, rejected);
        }
    }
}
