package io.innflow.load;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the node's stream threads did over a stretch of a run: transactions committed and records
 * processed, read from Kafka Streams' own thread metrics ({@code commit-total}, {@code process-total})
 * through JMX in this JVM. Records processed are every sub-topology's (commands, the guest view's events
 * and their repartition topic, catalog changes), so "per commit" is the thread's batch, not holds alone.
 * Only threads whose id starts with {@code prefix} count: the Kafka ceiling's app runs in the same JVM.
 */
record StreamThreadCounts(double commits, double processed) {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    /** The totals so far, summed over the stream threads whose thread id starts with {@code prefix}. */
    static StreamThreadCounts now(String prefix) {
        double commits = 0;
        double processed = 0;
        try {
            for (ObjectName name :
                    SERVER.queryNames(new ObjectName("kafka.streams:type=stream-thread-metrics,*"), null)) {
                String thread = name.getKeyProperty("thread-id");
                if (thread != null && thread.startsWith(prefix) && has(name, "commit-total")) {
                    commits += ((Number) SERVER.getAttribute(name, "commit-total")).doubleValue();
                    processed += ((Number) SERVER.getAttribute(name, "process-total")).doubleValue();
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("reading Kafka Streams' thread metrics: " + e.getMessage(), e);
        }
        return new StreamThreadCounts(commits, processed);
    }

    /** Kafka Streams registers more than one bean of this type per thread; only one has the totals. */
    private static boolean has(ObjectName name, String attribute) throws JMException {
        for (var info : SERVER.getMBeanInfo(name).getAttributes()) {
            if (info.getName().equals(attribute)) {
                return true;
            }
        }
        return false;
    }

    /** What happened between {@code before} and this. */
    StreamThreadCounts since(StreamThreadCounts before) {
        return new StreamThreadCounts(commits - before.commits, processed - before.processed);
    }

    /** Records per commit; 0 without commits. */
    double perCommit() {
        return commits == 0 ? 0 : processed / commits;
    }
}
