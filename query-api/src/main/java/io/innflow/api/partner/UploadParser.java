package io.innflow.api.partner;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.NightRow;
import io.innflow.connectors.catalog.RowRejection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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

    /** Reads rows as arrays of text: no schema, the header is checked by hand. */
    private static final CsvFactory CSV = new CsvFactory();

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

    /**
     * The rows of a CSV upload (RFC 4180: a quoted field may hold commas, doubled quotes and line
     * breaks). A row is reported with the line it starts on; blank lines are skipped.
     */
    static Parsed csv(byte[] body, NightRowValidator validator) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isEmpty()) {
            throw CatalogException.Invalid.request(
                    "The upload is empty: send the header line " + CSV_HEADER + " and rows");
        }
        RowCollector collector = new RowCollector(validator);
        try (CsvParser parser = CSV.createParser(text)) {
            parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
            parser.nextToken(); // the array wrapping all rows
            checkHeader(CsvRow.next(parser), firstLine(text));
            for (CsvRow row = CsvRow.next(parser); row != null; row = CsvRow.next(parser)) {
                if (row.blank()) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < Math.min(row.fields().size(), NightRowValidator.COLUMNS.size()); i++) {
                    values.put(NightRowValidator.COLUMNS.get(i), row.fields().get(i));
                }
                if (row.error() != null) {
                    collector.reject(row.line(), values, List.of(row.error()));
                } else if (row.fields().size() != NightRowValidator.COLUMNS.size()) {
                    collector.reject(
                            row.line(),
                            values,
                            List.of("expected " + NightRowValidator.COLUMNS.size() + " fields (" + CSV_HEADER
                                    + "), found " + row.fields().size()));
                } else {
                    collector.add(row.line(), values);
                }
            }
        } catch (JsonProcessingException e) {
            // CsvRow reports a row that is not valid CSV; this is a parser that cannot go on past one.
            throw CatalogException.Invalid.request("The upload cannot be read as CSV: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
        return collector.parsed();
    }

    static Parsed json(byte[] body, NightRowValidator validator, ObjectMapper json) throws IOException {
        RowCollector collector = new RowCollector(validator);
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw CatalogException.Invalid.request(
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

    private static void checkHeader(CsvRow row, String line) {
        String header = line.trim();
        List<String> found = row == null || row.error() != null
                ? null
                : row.fields().stream().map(String::trim).toList();
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
        throw new CatalogException.Invalid(CatalogException.Invalid.UPLOAD_HEADER, detail.toString());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
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
}
