package io.innflow.load;

import java.util.Map;
import javax.management.ObjectName;

/**
 * What the node's stream threads did over a stretch of a run: transactions committed and records
 * processed, read from Kafka Streams' own thread metrics ({@code commit-total}, {@code process-total})
 * through JMX in this JVM. Records processed are every sub-topology's (commands, the guest view's events
 * and their repartition topic, catalog changes), so "per commit" is the thread's batch, not holds alone.
 * Only threads whose id starts with {@code prefix} count: the Kafka ceiling's app runs in the same JVM.
 */
record StreamThreadCounts(double commits, double processed) {

    private static final String THREADS = "kafka.streams:type=stream-thread-metrics,*";

    /** The totals so far, summed over the stream threads whose thread id starts with {@code prefix}. */
    static StreamThreadCounts now(String prefix) {
        return new StreamThreadCounts(
                sum(KafkaJmx.values(THREADS, "commit-total"), prefix),
                sum(KafkaJmx.values(THREADS, "process-total"), prefix));
    }

    private static double sum(Map<ObjectName, Double> values, String prefix) {
        double sum = 0;
        for (var entry : values.entrySet()) {
            String thread = entry.getKey().getKeyProperty("thread-id");
            if (thread != null && thread.startsWith(prefix)) {
                sum += entry.getValue();
            }
        }
        return sum;
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
