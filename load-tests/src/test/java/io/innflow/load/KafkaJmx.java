package io.innflow.load;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Kafka's client metrics in this JVM, read through JMX, for the benchmarks' per-row logs. */
final class KafkaJmx {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private KafkaJmx() {}

    /**
     * {@code attribute} of every bean matching {@code pattern} that has it and holds a number (not NaN,
     * which a consumer reports before its first fetch). Kafka registers several beans of one type per
     * client (per topic, per partition), and only some carry a given metric.
     */
    static Map<ObjectName, Double> values(String pattern, String attribute) {
        Map<ObjectName, Double> values = new LinkedHashMap<>();
        try {
            for (ObjectName name : SERVER.queryNames(new ObjectName(pattern), null)) {
                if (has(name, attribute)
                        && SERVER.getAttribute(name, attribute) instanceof Number n
                        && !Double.isNaN(n.doubleValue())) {
                    values.put(name, n.doubleValue());
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading Kafka's metrics " + pattern + ": " + e.getMessage(), e);
        }
        return values;
    }

    private static boolean has(ObjectName name, String attribute) throws JMException {
        for (MBeanAttributeInfo info : SERVER.getMBeanInfo(name).getAttributes()) {
            if (info.getName().equals(attribute)) {
                return true;
            }
        }
        return false;
    }
}
