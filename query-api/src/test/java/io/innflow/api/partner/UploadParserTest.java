package io.innflow.api.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.api.http.Json;
import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.NightRow;
import io.innflow.connectors.catalog.RowRejection;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UploadParserTest {

    private final NightRowValidator validator =
            new NightRowValidator("h-1", Map.of("std", new RoomTypeRef("std", 20, true)), LocalDate.of(2027, 1, 1));

    @Test
    void shouldReadQuotedFieldsABomAndWindowsLineEnds() {
        String csv =
                "\uFEFF" + UploadParser.CSV_HEADER + "\r\n\"std\",\"2027-02-01\",\"3\",\"120000\",TRUE,2,,0,1\r\n\r\n";

        UploadParser.Parsed parsed = UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.rejected()).isZero();
        assertThat(parsed.rows())
                .containsExactly(new NightRow("std", LocalDate.of(2027, 2, 1), 3, 120_000, true, 2, null, false, true));
    }

    @Test
    void shouldKeepCommasAndDoubledQuotesInsideQuotedFields() {
        String csv = UploadParser.CSV_HEADER + "\n"
                + "\"st,d\",2027-02-01,3,120000,false,,,false,false\n"
                + "\"s\"\"td\",2027-02-02,3,120000,false,,,false,false\n";

        UploadParser.Parsed parsed = UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.received()).isEqualTo(2);
        assertThat(parsed.rejections()).extracting(RowRejection::roomTypeId).containsExactly("st,d", "s\"td");
        assertThat(parsed.rejections())
                .allSatisfy(
                        r -> assertThat(r.errors()).singleElement().asString().contains("must be 1-64 letters"));
    }

    @Test
    void shouldReadALineBreakInsideAQuotedFieldAndNumberLaterRowsByTheirLine() {
        String csv = UploadParser.CSV_HEADER + "\r\n"
                + "\"std\nsuite\",2027-02-01,3,120000,false,,,false,false\r\n" // lines 2-3
                + "std,2027-02-02,3,120000,false,,,false,false\r\n" // line 4
                + "std,2027-02-03,x,120000,false,,,false,false\r\n"; // line 5

        UploadParser.Parsed parsed = UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.received()).isEqualTo(3);
        assertThat(parsed.rows()).extracting(NightRow::night).containsExactly(LocalDate.of(2027, 2, 2));
        assertThat(parsed.rejections()).extracting(RowRejection::line).containsExactly(2, 5);
        assertThat(parsed.rejections().get(0).roomTypeId()).isEqualTo("std\nsuite");
        assertThat(parsed.rejections().get(1).errors()).containsExactly("allotment 'x' is not a whole number");
    }

    @Test
    void shouldRejectARowWithTextAfterAClosingQuoteAndReadTheRowsAfterIt() {
        String csv = UploadParser.CSV_HEADER + "\n"
                + "\"std\"x,2027-02-01,3,120000,false,,,false,false\n"
                + "std,2027-02-02,3,120000,false,,,false,false\n";

        UploadParser.Parsed parsed = UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.rejections()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.errors()).singleElement().asString().startsWith("the line is not valid CSV");
        });
        assertThat(parsed.rows()).extracting(NightRow::night).containsExactly(LocalDate.of(2027, 2, 2));
    }

    @Test
    void shouldRejectARowWithAnUnclosedQuote() {
        String csv = UploadParser.CSV_HEADER + "\n\"std,2027-02-01,3,120000,false,,,false,false\n";

        UploadParser.Parsed parsed = UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.rejections()).singleElement().satisfies(r -> assertThat(r.errors())
                .containsExactly("the line has an unclosed quote"));
    }

    @Test
    void shouldRefuseAHeaderInAnotherOrder() {
        String csv =
                "night,room_type_id,allotment,price_minor,stop_sell,min_los,max_los,closed_to_arrival,closed_to_departure\n";

        assertThatThrownBy(() -> UploadParser.csv(csv.getBytes(StandardCharsets.UTF_8), validator))
                .isInstanceOfSatisfying(CatalogException.Invalid.class, e -> assertThat(e.type())
                        .isEqualTo(CatalogException.Invalid.UPLOAD_HEADER))
                .hasMessageContaining("in another order");
    }

    @Test
    void shouldReportJsonRowsThatAreNotObjectsOrHaveUnknownOrDuplicatedFields() throws Exception {
        String json = "[1, {\"room_type_id\":\"std\",\"roomTypeId\":\"std\",\"night\":\"2027-02-01\",\"allotment\":1,"
                + "\"price_minor\":1}, {\"room_type_id\":\"std\",\"night\":\"2027-02-02\",\"allotment\":1.5,"
                + "\"price_minor\":1,\"colour\":\"red\"}, {\"room_type_id\":\"std\",\"night\":\"2027-02-03\","
                + "\"allotment\":[1],\"price_minor\":1}]";

        UploadParser.Parsed parsed = UploadParser.json(json.getBytes(StandardCharsets.UTF_8), validator, Json.mapper());

        assertThat(parsed.received()).isEqualTo(4);
        assertThat(parsed.rows()).isEmpty();
        assertThat(parsed.rejections()).extracting(RowRejection::row).containsExactly(1, 2, 3, 4);
        assertThat(parsed.rejections().get(0).errors()).containsExactly("the row is not a JSON object");
        assertThat(parsed.rejections().get(1).errors()).containsExactly("field room_type_id is given twice");
        assertThat(parsed.rejections().get(2).errors()).anyMatch(e -> e.contains("unknown field 'colour'"));
        assertThat(parsed.rejections().get(3).errors())
                .containsExactly("field allotment must be a string, a number or a boolean");
    }

    @Test
    void shouldListAtMostAThousandRejectionsButCountThemAll() {
        StringBuilder csv = new StringBuilder(UploadParser.CSV_HEADER).append('\n');
        for (int i = 0; i < 1500; i++) {
            csv.append("std,not-a-date,1,1,false,,,false,false\n");
        }

        UploadParser.Parsed parsed = UploadParser.csv(csv.toString().getBytes(StandardCharsets.UTF_8), validator);

        assertThat(parsed.rejected()).isEqualTo(1500);
        assertThat(parsed.rejections()).hasSize(UploadParser.MAX_LISTED_REJECTIONS);
    }
}
