package io.innflow.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.KafkaClientSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The facade's producer and consumer take the node's pass-through Kafka client settings. */
class FacadeClientConfigTest {

    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"n\" password=\"p\";";

    @Test
    void shouldPassSecuritySettingsToTheProducerAndTheConsumer() {
        KafkaClientSettings clients = InnflowConfig.of(Map.of(
                        "innflow.kafka.client.security.protocol", "SASL_SSL",
                        "innflow.kafka.client.sasl.mechanism", "PLAIN",
                        "innflow.kafka.client.sasl.jaas.config", JAAS))
                .kafkaClients();

        Map<String, Object> producer =
                ReservationFacade.producerConfig(clients, "broker:9092", "node-1", Duration.ofSeconds(5));
        Map<String, Object> consumer = ReservationFacade.consumerConfig(clients, "broker:9092", "node-1");

        for (Map<String, Object> client : List.of(producer, consumer)) {
            assertThat(client)
                    .containsEntry("bootstrap.servers", "broker:9092")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS);
        }
        assertThat(producer).containsEntry("acks", "all");
        assertThat(consumer).containsEntry("isolation.level", "read_committed");
    }
}
