package io.innflow.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.streams.config.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierSettingsTest {

    private static final Path DOC = Path.of("..", "..", "docs", "configuration.md");

    @TempDir
    Path dir;

    @Test
    void shouldListEveryNotifierSettingWithItsDefaultInTheDocs() throws IOException {
        assertThat(rowsUnder("## Notifier settings"))
                .as("docs/configuration.md, notifier settings; the declarations give:%n%s", table())
                .containsExactlyElementsOf(NotifierSettings.SETTINGS.stream()
                        .map(s -> List.of(s.key(), s.defaultValue(), s.doc()))
                        .toList());
    }

    @Test
    void shouldResolveFileThenEnvironmentThenPropertiesAndIgnoreTheNodesOwnKeys() throws IOException {
        Path file = dir.resolve("innflow.properties");
        Files.writeString(
                file,
                "innflow.http.port=9999\ninnflow.notifier.smtp.host=mail.file\ninnflow.notifier.smtp.port=25\n"
                        + "innflow.kafka.bootstrap=file:9092\n");

        NotifierSettings settings = NotifierSettings.resolve(
                file,
                Map.of("INNFLOW_NOTIFIER_SMTP_PORT", "587"),
                Map.of("innflow.notifier.reminder-lead", "PT5M"),
                Map.of());

        assertThat(settings.smtpHost()).isEqualTo("mail.file");
        assertThat(settings.smtpPort()).isEqualTo(587);
        assertThat(settings.bootstrapServers()).isEqualTo("file:9092");
        assertThat(settings.reminderLead()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.groupId()).isEqualTo("innflow-notifier");
    }

    @Test
    void shouldRefuseAMisspeltNotifierKeyAndABadValueNamingTheKey() {
        assertThatThrownBy(() ->
                        NotifierSettings.resolve(null, Map.of(), Map.of(), Map.of("innflow.notifier.smtp.hots", "x")))
                .hasMessageContaining("innflow.notifier.smtp.hots");
        assertThatThrownBy(() -> NotifierSettings.resolve(
                        null, Map.of("INNFLOW_NOTIFIER_START_AT", "middle"), Map.of(), Map.of()))
                .hasMessageContaining("innflow.notifier.start-at")
                .hasMessageContaining("INNFLOW_NOTIFIER_START_AT");
    }

    @Test
    void shouldNeverPrintThePasswordsAndTakeTheMessageDomainFromTheSender() {
        NotifierSettings settings = NotifierSettings.from(Map.of(
                "innflow.notifier.postgres.password", "pg-secret",
                "innflow.notifier.smtp.password", "smtp-secret",
                "innflow.notifier.from", "Riverside Bookings <bookings@mail.example.org>"));

        assertThat(settings.toString()).doesNotContain("pg-secret", "smtp-secret");
        assertThat(settings.fromDomain()).isEqualTo("mail.example.org");
    }

    /** Each row of the first table after {@code heading}: key, default ("empty" is ""), meaning. */
    private static List<List<String>> rowsUnder(String heading) throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int at = lines.indexOf(heading);
        assertThat(at).as("heading %s in %s", heading, DOC).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(at + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ", 3);
                String key = cells[0].trim();
                if (key.equals("key") || key.startsWith("---")) {
                    continue;
                }
                String value = cells[1].trim();
                rows.add(List.of(unquote(key), value.equals("empty") ? "" : unquote(value), cells[2].trim()));
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static String table() {
        StringBuilder out = new StringBuilder();
        for (Setting<?> s : NotifierSettings.SETTINGS) {
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
