package io.innflow.connectors.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented lake sink (not run here) parses and names what an Iceberg sink needs. */
class LakeSinkConfigTest {

    private static final Path FILE = Path.of("lake/iceberg-sink.json.example");

    private static ConnectorConfig lakeSink() throws IOException {
        return ConnectorConfigs.parse(
                FILE.toString(), Files.readString(FILE), Map.of("registry.api", AnalyticsSinkConfigsTest.REGISTRY_API));
    }

    @Test
    void shouldNameEveryKeyTheIcebergSinkRequires() throws IOException {
        Map<String, String> config = lakeSink().config();

        assertThat(config)
                .containsEntry("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector")
                .containsKeys(
                        "topics",
                        "iceberg.tables",
                        "iceberg.catalog.type",
                        "iceberg.catalog.uri",
                        "iceberg.catalog.warehouse",
                        "iceberg.control.topic",
                        "errors.deadletterqueue.topic.name")
                .containsEntry("value.converter.apicurio.registry.url", AnalyticsSinkConfigsTest.REGISTRY_API);
        // Secrets stay with the worker's config provider.
        assertThat(config.get("iceberg.catalog.s3.secret-access-key")).startsWith("${env:");
    }

    @Test
    void shouldReadOnlyTopicsTheApplicationDeclares() throws IOException {
        List<String> topics = Arrays.asList(lakeSink().config().get("topics").split(","));

        assertThat(topics).isNotEmpty().allMatch(AnalyticsSinkConfigsTest.declaredTopics()::contains);
    }

    @Test
    void shouldRouteEachTopicToOneDeclaredTable() throws IOException {
        Map<String, String> config = lakeSink().config();
        List<String> tables = Arrays.asList(config.get("iceberg.tables").split(","));

        // The route field holds the topic name (InsertField), each table takes its topic's records.
        assertThat(config.get("transforms.topic.topic.field")).isEqualTo(config.get("iceberg.tables.route-field"));
        for (String topic : config.get("topics").split(",")) {
            List<String> routed = tables.stream()
                    .filter(table -> topic.equals(config.get("iceberg.table." + table + ".route-regex")))
                    .toList();
            assertThat(routed).as("tables for %s", topic).hasSize(1);
        }
    }
}
