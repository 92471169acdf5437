package io.innflow.connectors.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDBC sinks into the analytics schema, as a distributed worker would take them. */
class AnalyticsSinkConfigsTest {

    static final String REGISTRY_API = "http://registry.internal:8081/apis/registry/v2";

    static Map<String, String> values() {
        return Map.of(
                "postgres.host", "db.internal",
                "postgres.port", "5433",
                "postgres.user", "sink",
                "postgres.password", "s3cret",
                "postgres.database", "innflow",
                "registry.api", REGISTRY_API);
    }

    static Set<String> declaredTopics() {
        return Topics.create(new TestSerdes().factory()).all().stream()
                .map(Topic::name)
                .collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-events-sink", "analytics-availability-sink"})
    void shouldReadDeclaredTopicsIntoTheAnalyticsSchemaWithTheDebeziumJdbcSink(String name) {
        // When
        ConnectorConfig sink = ConnectorConfigs.load(name, values());

        // Then
        Map<String, String> config = sink.config();
        assertThat(sink.name()).isEqualTo(name);
        assertThat(config)
                .containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                .containsEntry("connection.url", "jdbc:postgresql://db.internal:5433/innflow")
                .containsEntry("connection.username", "sink")
                .containsEntry("connection.password", "s3cret")
                // The topics are written in transactions: never land an aborted record.
                .containsEntry("consumer.override.isolation.level", "read_committed")
                .containsEntry("schema.evolution", "none")
                .containsEntry("delete.enabled", "false");
        assertThat(config.get("collection.name.format")).startsWith("analytics.");
        assertThat(Arrays.asList(config.get("topics").split(","))).isNotEmpty().allMatch(declaredTopics()::contains);
        assertThat(config.values()).noneMatch(v -> v.contains("${"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-events-sink", "analytics-availability-sink"})
    void shouldUpsertOnTheRecordsOwnKeySoAReplayNeverDuplicatesARow(String name) {
        Map<String, String> config = ConnectorConfigs.load(name, values()).config();

        assertThat(config).containsEntry("insert.mode", "upsert").containsEntry("primary.key.mode", "record_value");
        assertThat(config.get("primary.key.fields")).isNotBlank();
    }

    @Test
    void shouldWriteANightOncePerBatchWithItsLatestStateOnly() {
        Map<String, String> config =
                ConnectorConfigs.load("analytics-availability-sink", values()).config();

        // A hot night changes with every hold: a batch's records of one night become one upsert of the last.
        assertThat(config)
                .containsEntry("use.reduction.buffer", "true")
                .containsEntry("primary.key.fields", "hotel_id,room_type_id,night");
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-events-sink", "analytics-availability-sink"})
    void shouldSendRecordsItCannotConvertToTheSinkDeadLetterTopic(String name) {
        Map<String, String> config = ConnectorConfigs.load(name, values()).config();

        assertThat(config)
                .containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.topic.name", "analytics-sink-dlq")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                // -1: the broker's default replication factor, so one config fits one broker and a cluster
                .containsEntry("errors.deadletterqueue.topic.replication.factor", "-1");
        assertThat(declaredTopics()).doesNotContain("analytics-sink-dlq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-events-sink", "analytics-availability-sink"})
    void shouldReadStringKeysAndConfluentWireFormatAvroValues(String name) {
        Map<String, String> config = ConnectorConfigs.load(name, values()).config();

        assertThat(config)
                .containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("value.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("value.converter.apicurio.registry.url", REGISTRY_API)
                .containsEntry("value.converter.apicurio.registry.headers.enabled", "false")
                .containsEntry(
                        "value.converter.apicurio.registry.id-handler",
                        "io.apicurio.registry.serde.Legacy4ByteIdHandler")
                .containsEntry("value.converter.apicurio.registry.use-id", "contentId")
                // A schema looked up by content id never changes; refreshing it every 30 s (the default) gives
                // each record a new schema instance that the converter's cache then compares field by field.
                .containsEntry("value.converter.apicurio.registry.check-period-ms", "31536000000");
    }

    @Test
    void shouldKeepTheGuestsPersonalDataOutOfTheEventsTable() {
        Map<String, String> config =
                ConnectorConfigs.load("analytics-events-sink", values()).config();

        // The payload column is the only one that carries a booking; the party size stays for analysts.
        assertThat(config).containsEntry("transforms.payloadToJson.fields", "payload");
        assertThat(Arrays.asList(config.get("transforms.payloadToJson.omit").split(",")))
                .containsExactlyInAnyOrder("leadName", "email", "phone", "specialRequests");
    }
}
