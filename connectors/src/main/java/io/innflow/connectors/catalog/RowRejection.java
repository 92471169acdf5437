package io.innflow.connectors.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A row of an upload that was not applied, and why.
 *
 * @param row 1-based number of the row among the data rows (the JSON array index + 1)
 * @param line the CSV line (the header is line 1); null for JSON
 * @param roomTypeId the row's room type, as sent
 * @param night the row's night, as sent
 * @param errors every problem found in the row
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RowRejection(int row, Integer line, String roomTypeId, String night, List<String> errors) {}
