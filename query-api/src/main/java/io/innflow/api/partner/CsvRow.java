package io.innflow.api.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a CSV upload: its fields, and the line it starts on.
 *
 * @param error why the row could not be read as CSV, or null
 */
record CsvRow(int line, List<String> fields, String error) {

    static final String UNCLOSED_QUOTE = "the line has an unclosed quote";

    boolean blank() {
        return error == null && fields.size() == 1 && fields.get(0).isBlank();
    }

    /** The next row of {@code parser}, or null after the last. */
    static CsvRow next(CsvParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return null;
        }
        int line = parser.currentLocation().getLineNr();
        List<String> fields = new ArrayList<>(NightRowValidator.COLUMNS.size());
        String error = null;
        boolean failedLast = false;
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
                failedLast = false;
            } catch (JsonProcessingException e) {
                if (failedLast) {
                    throw e;
                }
                failedLast = true;
                if (error == null) {
                    error = e.getOriginalMessage().startsWith("Missing closing quote")
                            ? UNCLOSED_QUOTE
                            : "the line is not valid CSV: " + e.getOriginalMessage();
                }
                // The parser resumes after the offending character; the row's other fields follow.
                continue;
            }
            if (token == null || token == JsonToken.END_ARRAY) {
                return new CsvRow(line, fields, error);
            }
            fields.add(parser.getText());
        }
    }
}
