package io.innflow.api.cluster;

import java.util.List;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Where one hotel lives right now, as this instance's Kafka Streams metadata says.
 *
 * @param partition the hotel's partition
 * @param active the instance with the active task, or null while nobody is known to own it
 * @param standbys instances with a standby copy
 * @param self this instance
 */
public record Placement(int partition, HostInfo active, List<HostInfo> standbys, HostInfo self) {

    public boolean selfActive() {
        return self.equals(active);
    }

    /** Standbys other than this instance. */
    public List<HostInfo> otherStandbys() {
        return standbys.stream().filter(h -> !h.equals(self)).toList();
    }
}
