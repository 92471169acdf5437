package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The node's logging configuration (logback.xml): human-readable lines by default, JSON lines by a setting. */
class LogFormatTest {

    /** The lines one event logged with {@code mdc} produces under the given settings (context properties). */
    private static List<String> log(Map<String, String> settings, Map<String, String> mdc, String level)
            throws Exception {
        // A context of its own, configured from the same file as the node's, so the test's own logging stays as it is
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        settings.forEach(context::putProperty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        // The console appender writes to whatever System.out is when an event is written
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
            mdc.forEach(context.getMDCAdapter()::put);
            Logger logger = context.getLogger("io.innflow.api.reservation.Example");
            if (level.equals("INFO")) {
                logger.info("Hold {} placed", "h-1");
            } else {
                logger.warn("Hold {} placed", "h-1", new IllegalStateException("boom"));
            }
            context.stop();
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : text.lines().toList();
    }

    private static final Map<String, String> MDC = Map.of(
            "requestId",
            "r-1",
            "hotelId",
            "bkk-001",
            "topic",
            "reservation-commands",
            "partition",
            "3",
            "offset",
            "42");

    @Test
    void shouldWriteOneJsonObjectPerEventWithTheRequestAndRecordContextInJsonMode() throws Exception {
        List<String> lines = log(Map.of("innflow.log.format", "json"), MDC, "WARN");

        assertThat(lines).hasSize(1);
        JsonNode event = ApiClient.JSON.readTree(lines.get(0));
        assertThat(event.path("level").asText()).isEqualTo("WARN");
        assertThat(event.path("loggerName").asText()).isEqualTo("io.innflow.api.reservation.Example");
        assertThat(event.path("formattedMessage").asText()).isEqualTo("Hold h-1 placed");
        assertThat(event.path("timestamp").asLong()).isPositive();
        assertThat(event.path("mdc").path("requestId").asText()).isEqualTo("r-1");
        assertThat(event.path("mdc").path("hotelId").asText()).isEqualTo("bkk-001");
        assertThat(event.path("mdc").path("topic").asText()).isEqualTo("reservation-commands");
        assertThat(event.path("mdc").path("partition").asText()).isEqualTo("3");
        assertThat(event.path("mdc").path("offset").asText()).isEqualTo("42");
        assertThat(event.path("throwable").path("message").asText())
                .as("a failure stays inside its one line")
                .isEqualTo("boom");
    }

    @Test
    void shouldWriteHumanReadableLinesByDefault() throws Exception {
        List<String> lines = log(Map.of(), MDC, "INFO");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .contains("[INFO] Example - Hold h-1 placed")
                .contains("requestId=r-1")
                .contains("hotelId=bkk-001");
        assertThatThrownBy(() -> ApiClient.JSON.readTree(lines.get(0))).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void shouldTakeTheLevelOfInnflowsLoggersFromTheSetting() throws Exception {
        assertThat(log(Map.of("innflow.log.level", "WARN"), Map.of(), "INFO")).isEmpty();
        assertThat(log(Map.of("innflow.log.level", "WARN"), Map.of(), "WARN"))
                .first()
                .asString()
                .contains("[WARN] Example - Hold h-1 placed");
    }
}
