package io.innflow.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class OwnershipTest {

    @Test
    void shouldPlaceAHotelInThePartitionItsCommandsAreProducedTo() {
        for (String hotel : new String[] {"bkk-001", "hkt-012", "cnx-003", "e2e-001", "a"}) {
            for (int partitions : new int[] {1, 6, 12, 48}) {
                int produced = BuiltInPartitioner.partitionForKey(hotel.getBytes(StandardCharsets.UTF_8), partitions);

                assertThat(Ownership.partitionOf(hotel, partitions))
                        .as("%s over %d partitions", hotel, partitions)
                        .isEqualTo(produced);
            }
        }
    }
}
