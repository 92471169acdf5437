package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's JMX readers against beans named and shaped as Kafka registers them: which threads and
 * consumers count, and which beans of a type are skipped.
 */
class JmxCountsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private final List<ObjectName> registered = new ArrayList<>();

    @AfterEach
    void unregister() throws Exception {
        for (ObjectName name : registered) {
            SERVER.unregisterMBean(name);
        }
    }

    @Test
    void countsTheCommitsAndRecordsOfTheNodesThreadsOnly() throws Exception {
        // Given: the node's thread, the ceiling app's thread, and a bean of the same type without the totals
        register(
                "kafka.streams:type=stream-thread-metrics,thread-id=innflow-node-1-StreamThread-1",
                Map.of("commit-total", 10.0, "process-total", 300.0));
        register(
                "kafka.streams:type=stream-thread-metrics,thread-id=innflow-ceiling-StreamThread-1",
                Map.of("commit-total", 99.0, "process-total", 9999.0));
        register(
                "kafka.streams:type=stream-thread-metrics,thread-id=innflow-node-1-StreamThread-1,extra=other",
                Map.of("blocked-time-ns-total", 5.0));
        StreamThreadCounts before = StreamThreadCounts.now("innflow-node");

        // When: the node's thread commits 4 more transactions carrying 120 more records
        set(
                "kafka.streams:type=stream-thread-metrics,thread-id=innflow-node-1-StreamThread-1",
                Map.of("commit-total", 14.0, "process-total", 420.0));
        StreamThreadCounts row = StreamThreadCounts.now("innflow-node").since(before);

        // Then: only the node's thread counts, and a bean without the totals is skipped, not an error
        assertThat(before).isEqualTo(new StreamThreadCounts(10, 300));
        assertThat(row).isEqualTo(new StreamThreadCounts(4, 120));
        assertThat(row.perCommit()).isEqualTo(30.0);
        assertThat(new StreamThreadCounts(0, 5).perCommit()).isZero();
    }

    @Test
    void sumsEachSinkConsumersLagOverItsPartitions() throws Exception {
        // Given: per-partition lag of two sink consumers, a consumer-level bean, a NaN and another consumer
        String events = "connector-consumer-analytics-events-sink-0";
        register(partition(events, 0), Map.of("records-lag", 7.0));
        register(partition(events, 1), Map.of("records-lag", 5.0));
        register(partition("connector-consumer-analytics-availability-sink-0", 0), Map.of("records-lag", Double.NaN));
        register(
                "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=" + events,
                Map.of("records-lag-max", 1000.0));
        register(partition("facade-results-node-1", 0), Map.of("records-lag", 40.0));

        // When
        Map<String, Long> lag = ConsumerLag.now("connector-consumer-analytics");

        // Then: the events sink's partitions summed; no fetch yet (NaN) is left out; others are not sinks
        assertThat(lag).containsExactly(Map.entry(events, 12L));
    }

    private static String partition(String client, int partition) {
        return "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=" + client
                + ",topic=reservation-events,partition=" + partition;
    }

    private void register(String name, Map<String, Double> values) throws Exception {
        ObjectName objectName = new ObjectName(name);
        SERVER.registerMBean(new Values(values), objectName);
        registered.add(objectName);
    }

    private void set(String name, Map<String, Double> values) throws Exception {
        ObjectName objectName = new ObjectName(name);
        SERVER.unregisterMBean(objectName);
        SERVER.registerMBean(new Values(values), objectName);
    }

    /** A bean with fixed numeric attributes, like a Kafka metric's. */
    private record Values(Map<String, Double> values) implements DynamicMBean {

        @Override
        public Object getAttribute(String attribute) throws javax.management.AttributeNotFoundException {
            Double value = values.get(attribute);
            if (value == null) {
                throw new javax.management.AttributeNotFoundException(attribute);
            }
            return value;
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String action, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanAttributeInfo[] attributes = values.keySet().stream()
                    .map(name -> new MBeanAttributeInfo(name, "double", name, true, false, false))
                    .toArray(MBeanAttributeInfo[]::new);
            return new MBeanInfo(Values.class.getName(), "test metric", attributes, null, null, null);
        }
    }
}
