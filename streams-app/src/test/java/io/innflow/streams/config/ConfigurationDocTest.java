package io.innflow.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/configuration.md lists every key a node reads, as declared in the settings records of {@link
 * InnflowConfig}: same keys, same defaults, same meaning, in the same order, one table per record. When
 * this fails, the message shows the table the declarations give.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    /** Each settings record and the heading of its table in docs/configuration.md. */
    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("## Node settings", NodeSettings.SETTINGS),
                Arguments.of("## Topology settings", TopologySettings.SETTINGS),
                Arguments.of("## Ops settings", OpsSettings.SETTINGS),
                Arguments.of("## Log settings", LogSettings.SETTINGS),
                Arguments.of("## Limit settings", LimitSettings.SETTINGS),
                Arguments.of("## Auth settings", AuthSettings.SETTINGS),
                Arguments.of("## Store settings", StoreSettings.SETTINGS),
                Arguments.of("## Reliability settings", ReliabilitySettings.SETTINGS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void shouldListEverySettingWithItsDefault(String heading, List<Setting<?>> settings) throws IOException {
        assertThat(rowsUnder(heading))
                .as("docs/configuration.md, %s; the declarations give:%n%s", heading, table(settings))
                .containsExactlyElementsOf(rows(settings));
    }

    @Test
    void shouldHaveATableForEveryDeclaredSetting() {
        List<Object> checked = tables().flatMap(t -> ((List<?>) t.get()[1]).stream())
                .map(Object.class::cast)
                .toList();
        assertThat(checked)
                .as("every key of InnflowConfig is checked against a table above")
                .containsExactlyInAnyOrderElementsOf(List.copyOf(InnflowConfig.settings()));
    }

    @Test
    void shouldDeclareEachKeyOnce() {
        List<String> keys = InnflowConfig.settings().stream().map(Setting::key).toList();

        assertThat(keys).doesNotHaveDuplicates().allMatch(key -> key.startsWith("innflow."));
        assertThat(InnflowConfig.defaults()).containsOnlyKeys(keys);
    }

    /** One table row: key, default as the table writes it, meaning. */
    record Row(String key, String defaultValue, String meaning) {}

    private static List<Row> rows(List<Setting<?>> settings) {
        return settings.stream()
                .map(s -> new Row(s.key(), s.defaultValue(), s.doc()))
                .toList();
    }

    /** The rows of the first table after {@code heading}; a default of "empty" is the empty string. */
    private static List<Row> rowsUnder(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int at = lines.indexOf(heading);
        assertThat(at).as("heading %s in %s", heading, DOC).isNotNegative();
        List<Row> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ", 3);
                String key = cells[0].trim();
                if (key.equals("key") || key.startsWith("---")) {
                    continue;
                }
                rows.add(new Row(unquote(key), defaultOf(cells[1].trim()), cells[2].trim()));
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static String defaultOf(String cell) {
        return cell.equals("empty") ? "" : unquote(cell);
    }

    private static String unquote(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static String table(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
        for (Setting<?> s : settings) {
            String value = s.defaultValue().isEmpty() ? "empty" : "`" + s.defaultValue() + "`";
            out.append("| `")
                    .append(s.key())
                    .append("` | ")
                    .append(value)
                    .append(" | ")
                    .append(s.doc())
                    .append(" |\n");
        }
        return out.toString();
    }
}
