package io.innflow.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.lifecycle.StreamsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code innflow.kafka.client.*} reaches every Kafka client a node makes, and is never printed in full. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"innflow\" password=\"kafka-s3cret\";";

    @TempDir
    Path dir;

    @Test
    void shouldTakeClientKeysFromTheFileTheEnvironmentAndSystemProperties() throws IOException {
        Path file = dir.resolve("innflow.properties");
        Files.writeString(file, "innflow.kafka.client.security.protocol=SASL_SSL\n");

        InnflowConfig config = InnflowConfig.resolve(
                file,
                Map.of("INNFLOW_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512"),
                Map.of("innflow.kafka.client.sasl.jaas.config", JAAS),
                Map.of("innflow.kafka.client.ssl.truststore.location", "/etc/innflow/truststore.p12"));

        assertThat(config.kafkaClients().properties())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", JAAS,
                        "ssl.truststore.location", "/etc/innflow/truststore.p12"));
    }

    @Test
    void shouldPassSecuritySettingsToKafkaStreamsAndTheAdminClients() {
        InnflowConfig config = secured();
        Topics topics = Topics.create(new TestSerdes().factory());

        Properties streams = StreamsSettings.forNode(
                config.node(), config.kafkaClients(), config.stores(), topics, "localhost:8080");
        Map<String, Object> admin = config.kafkaClients().clientConfig("broker:9092");

        for (Map<String, Object> client : java.util.List.of(toMap(streams), admin)) {
            assertThat(client)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("sasl.jaas.config", JAAS);
        }
        assertThat(admin).containsEntry("bootstrap.servers", "broker:9092");
        // The node's own settings still win over a pass-through key
        assertThat(streams.get("processing.guarantee")).isEqualTo("exactly_once_v2");
    }

    @Test
    void shouldNeverPrintTheJaasConfigOrAPassword() {
        InnflowConfig config = InnflowConfig.of(Map.of(
                "innflow.kafka.client.sasl.jaas.config", JAAS,
                "innflow.kafka.client.ssl.truststore.password", "trust-s3cret",
                "innflow.kafka.client.security.protocol", "SASL_SSL"));

        String printed = config.kafkaClients().toString() + config;

        assertThat(printed)
                .doesNotContain("kafka-s3cret")
                .doesNotContain("trust-s3cret")
                .contains("sasl.jaas.config=***")
                .contains("security.protocol=SASL_SSL");
    }

    static InnflowConfig secured() {
        return InnflowConfig.of(Map.of(
                "innflow.kafka.client.security.protocol", "SASL_SSL",
                "innflow.kafka.client.sasl.mechanism", "SCRAM-SHA-512",
                "innflow.kafka.client.sasl.jaas.config", JAAS));
    }

    private static Map<String, Object> toMap(Properties p) {
        Map<String, Object> m = new java.util.HashMap<>();
        p.forEach((k, v) -> m.put(k.toString(), v));
        return m;
    }
}
