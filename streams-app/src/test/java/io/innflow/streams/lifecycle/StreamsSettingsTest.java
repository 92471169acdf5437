package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    private static Properties streams(Map<String, String> values) {
        InnflowConfig config = InnflowConfig.of(values);
        return StreamsSettings.forNode(
                config.node(),
                config.kafkaClients(),
                config.stores(),
                Topics.create(new TestSerdes().factory()),
                "localhost:8080");
    }

    @Test
    void theStreamsProducerRetriesABusyTransactionAfterFiveMillisecondsNotKafkasHundred() {
        assertThat(streams(Map.of()).get("producer.retry.backoff.ms")).isEqualTo(5);
    }

    @Test
    void aPassThroughRetryBackoffStillDecides() {
        Properties p = streams(Map.of("innflow.kafka.client.retry.backoff.ms", "250"));
        assertThat(p).doesNotContainKey("producer.retry.backoff.ms");
        assertThat(p.get("retry.backoff.ms")).isEqualTo("250");
    }

    @Test
    void theRecordCacheIsSizedByItsSetting() {
        assertThat(streams(Map.of()).get("statestore.cache.max.bytes")).isEqualTo(16L * 1024 * 1024);
        assertThat(streams(Map.of("innflow.streams.record-cache-mib", "0")).get("statestore.cache.max.bytes"))
                .isEqualTo(0L);
    }
}
