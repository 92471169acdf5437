package io.innflow.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every key a node reads, as declared in {@link NodeSettings}, {@link
 * TopologySettings} and {@link LimitSettings}: same keys, same defaults, same meaning, in the same order. When this fails, the
 * message shows the table the declarations give.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @Test
    void shouldListEveryNodeSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Node settings"))
                .as("docs/configuration.md, node settings; the declarations give:%n%s", table(NodeSettings.SETTINGS))
                .containsExactlyElementsOf(rows(NodeSettings.SETTINGS));
    }

    @Test
    void shouldListEveryTopologySettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Topology settings"))
                .as(
                        "docs/configuration.md, topology settings; the declarations give:%n%s",
                        table(TopologySettings.SETTINGS))
                .containsExactlyElementsOf(rows(TopologySettings.SETTINGS));
    }

    @Test
    void shouldListEveryOpsSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Ops settings"))
                .as("docs/configuration.md, ops settings; the declarations give:%n%s", table(OpsSettings.SETTINGS))
                .containsExactlyElementsOf(rows(OpsSettings.SETTINGS));
    }

    @Test
    void shouldListEveryLogSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Log settings"))
                .as("docs/configuration.md, log settings; the declarations give:%n%s", table(LogSettings.SETTINGS))
                .containsExactlyElementsOf(rows(LogSettings.SETTINGS));
    }

    @Test
    void shouldListEveryLimitSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Limit settings"))
                .as("docs/configuration.md, limit settings; the declarations give:%n%s", table(LimitSettings.SETTINGS))
                .containsExactlyElementsOf(rows(LimitSettings.SETTINGS));
    }

    @Test
    void shouldListEveryAuthSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Auth settings"))
                .as("docs/configuration.md, auth settings; the declarations give:%n%s", table(AuthSettings.SETTINGS))
                .containsExactlyElementsOf(rows(AuthSettings.SETTINGS));
    }

    @Test
    void shouldListEveryStoreSettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Store settings"))
                .as("docs/configuration.md, store settings; the declarations give:%n%s", table(StoreSettings.SETTINGS))
                .containsExactlyElementsOf(rows(StoreSettings.SETTINGS));
    }

    @Test
    void shouldListEveryReliabilitySettingWithItsDefault() throws IOException {
        assertThat(rowsUnder("## Reliability settings"))
                .as(
                        "docs/configuration.md, reliability settings; the declarations give:%n%s",
                        table(ReliabilitySettings.SETTINGS))
                .containsExactlyElementsOf(rows(ReliabilitySettings.SETTINGS));
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
