package io.innflow.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.streams.inventory.StoreNames;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Placements remembered for a moment, so that reads do not queue on Kafka Streams' metadata lock. */
class OwnershipCacheTest {

    private static final HostInfo SELF = new HostInfo("node-1", 8080);
    private static final HostInfo OTHER = new HostInfo("node-2", 8080);

    private final MetadataStreams streams = new MetadataStreams();
    private long now = 1_000_000_000L;
    private final Ownership ownership = new Ownership(streams, SELF, 6, () -> now);

    @AfterEach
    void close() {
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldAskKafkaStreamsOncePerPartitionWithinTheRememberedTime() {
        streams.owner = OTHER;

        assertThat(ownership.of("bkk-001").active()).isEqualTo(OTHER);
        now += Ownership.REMEMBERED_NANOS - 1;
        streams.owner = SELF; // a rebalance Kafka Streams has not been asked about yet
        assertThat(ownership.of("bkk-001").active()).isEqualTo(OTHER);
        assertThat(streams.lookups).isEqualTo(1);

        now += 1;
        assertThat(ownership.of("bkk-001").active()).isEqualTo(SELF);
        assertThat(streams.lookups).isEqualTo(2);
    }

    @Test
    void shouldAskEveryTimeWhileKafkaStreamsIsNotRunning() {
        streams.owner = OTHER;
        ownership.of("bkk-001");

        streams.reported = KafkaStreams.State.REBALANCING;
        streams.owner = SELF;

        assertThat(ownership.of("bkk-001").active()).isEqualTo(SELF);
        assertThat(ownership.of("bkk-001").active()).isEqualTo(SELF);
        assertThat(streams.lookups).isEqualTo(3);
    }

    @Test
    void shouldNotRememberAnUnknownOwner() {
        streams.owner = null;
        assertThat(ownership.of("bkk-001").active()).isNull();

        streams.owner = OTHER;
        assertThat(ownership.of("bkk-001").active()).isEqualTo(OTHER);
        assertThat(streams.lookups).isEqualTo(2);
    }

    @Test
    void shouldRememberEachStoreAndPartitionApart() {
        streams.owner = OTHER;
        ownership.of("bkk-001");
        ownership.of(StoreNames.GUEST_BOOKINGS, "bkk-001");
        String elsewhere = "hkt-012";
        assertThat(Ownership.partitionOf(elsewhere, 6)).isNotEqualTo(Ownership.partitionOf("bkk-001", 6));
        ownership.of(elsewhere);

        assertThat(streams.lookups).isEqualTo(3);
    }

    /** Kafka Streams, never started, answering metadata from the test. */
    private static final class MetadataStreams extends KafkaStreams {
        State reported = State.RUNNING;
        HostInfo owner;
        int lookups;

        MetadataStreams() {
            super(topology(), props());
        }

        @Override
        public State state() {
            return reported;
        }

        @Override
        public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer) {
            lookups++;
            return owner == null ? KeyQueryMetadata.NOT_AVAILABLE : new KeyQueryMetadata(owner, Set.of(), 0);
        }

        private static org.apache.kafka.streams.Topology topology() {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream("in").to("out");
            return builder.build();
        }

        private static Properties props() {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ownership-cache-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/ownership-cache-test");
            return props;
        }
    }
}
