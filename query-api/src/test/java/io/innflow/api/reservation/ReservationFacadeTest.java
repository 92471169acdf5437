package io.innflow.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ReservationFacadeTest {

    @Test
    void shouldReadThePartitionTheProducerWritesAResultTo() {
        for (String node : new String[] {"node-1", "node-2", "node-3", "a", "innflow-7f3c"}) {
            for (int partitions : new int[] {1, 6, 12, 64}) {
                int written = BuiltInPartitioner.partitionForKey(node.getBytes(StandardCharsets.UTF_8), partitions);

                assertThat(ReservationFacade.replyPartition(node, partitions))
                        .as("%s over %d partitions", node, partitions)
                        .isEqualTo(written);
            }
        }
    }
}
