package io.innflow.load;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How far consumers in this JVM trail their partitions right now: the sum over partitions of each
 * consumer's {@code records-lag} (Kafka's consumer fetch metrics, as of its last fetch), by client id.
 * Used after a row to see whether the Connect worker's analytics sinks kept up with what the row wrote.
 */
final class ConsumerLag {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private ConsumerLag() {}

    /** Records behind, by client id, for the consumers whose client id starts with {@code prefix}. */
    static Map<String, Long> now(String prefix) {
        Map<String, Long> lag = new TreeMap<>();
        try {
            ObjectName pattern = new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*");
            for (ObjectName name : SERVER.queryNames(pattern, null)) {
                String client = name.getKeyProperty("client-id");
                if (client == null || !client.startsWith(prefix) || name.getKeyProperty("partition") == null) {
                    continue;
                }
                Object value = SERVER.getAttribute(name, "records-lag");
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    lag.merge(client, (long) n.doubleValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading the consumers' fetch metrics: " + e.getMessage(), e);
        }
        return lag;
    }
}
