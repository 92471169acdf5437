package io.innflow.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU spent during a measured stretch, by who spent it: this JVM's threads grouped like the JFR summary
 * ({@code load-tests/scripts/jfr_hotspots.py}), the JVM as a whole (so JIT and GC are what the threads do
 * not account for), and PostgreSQL's processes (read from {@code /proc}). On a 2-core machine where
 * everything shares the cores, throughput at a fixed client count moves with whatever else runs and with
 * the JIT's progress; CPU per answer is the work a request costs, which a tuning changes and warm-up
 * changes far less.
 *
 * <p>A thread's CPU is read with {@link ThreadMXBean#getThreadCpuTime}, user and system, and a stretch
 * counts what each thread alive at its end spent since its start (or since the thread started). A thread
 * that ends inside the stretch cannot be read any more: what it spent there shows in the process's CPU,
 * so under "JIT and GC", never as a negative share of its group (client threads of the row before).
 * {@link ClosedLoad} keeps its client threads alive until the stretch's end is read, so the load
 * generator's own CPU counts as such (before 2026-12-04 15:20 it showed under "JIT and GC", and the
 * load generator column held only the JDK HTTP client's own threads).
 */
final class CpuMeter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Linux's USER_HZ, the unit of utime and stime in /proc/[pid]/stat, on every platform Java runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    /** Thread name fragments and the group they count in; the first match wins. */
    private static final List<String[]> GROUPS = List.of(
            new String[] {"bench-client", "load generator"},
            new String[] {"HttpClient", "load generator"},
            new String[] {"StreamThread", "stream thread"},
            new String[] {"facade-", "facade"},
            // The Kafka ceiling's reply reader does the facade's work there.
            new String[] {"ceiling-replies", "facade"},
            new String[] {"kafka-producer-network-thread", "Kafka clients"},
            // Clients' own threads, before the broker's "kafka-" below: an admin client polling offsets, a
            // consumer's heartbeat.
            new String[] {"kafka-admin-client-thread", "Kafka clients"},
            new String[] {"kafka-coordinator-heartbeat-thread", "Kafka clients"},
            new String[] {"JettyServerThreadPool", "HTTP"},
            new String[] {"qtp", "HTTP"},
            new String[] {"data-plane-kafka", "broker"},
            new String[] {"kafka-", "broker"},
            new String[] {"broker-", "broker"},
            new String[] {"TxnMarkerSender", "broker"},
            new String[] {"AddPartitionsToTxn", "broker"},
            new String[] {"group-coordinator", "broker"},
            new String[] {"executor-", "broker"},
            new String[] {"ReplicaManager", "broker"},
            new String[] {"task-thread", "Connect"},
            new String[] {"debezium", "Connect"});

    private CpuMeter() {}

    /** A live thread's CPU so far, in nanoseconds, and the group its name puts it in. */
    record ThreadCpu(String group, long nanos) {}

    /** CPU used so far, in nanoseconds: per live thread (by id), the JVM process, PostgreSQL. */
    record Snapshot(Map<Long, ThreadCpu> threads, long process, long postgres) {
        /** CPU so far of the live threads of {@code group}. */
        long group(String group) {
            return threads.values().stream()
                    .filter(t -> t.group().equals(group))
                    .mapToLong(ThreadCpu::nanos)
                    .sum();
        }
    }

    /** CPU of a stretch in milliseconds per answer. */
    record PerAnswer(Map<String, Double> groups, double threads, double jitAndGc, double postgres) {
        /** The JVM's whole CPU (its threads, JIT and GC) and PostgreSQL's. */
        double total() {
            return threads + jitAndGc + postgres;
        }
    }

    static Snapshot snapshot() {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            threads.put(info.getThreadId(), new ThreadCpu(group(info.getThreadName()), cpu));
        }
        return new Snapshot(threads, OS.getProcessCpuTime(), postgresCpu());
    }

    /** The CPU between {@code before} and {@code after}, per answer of the {@code answers} in between. */
    static PerAnswer perAnswer(Snapshot before, Snapshot after, long answers) {
        double per = Math.max(1, answers) * 1e6;
        Map<String, Double> groups = new LinkedHashMap<>();
        long threadNanos = 0;
        for (var thread : after.threads().entrySet()) {
            ThreadCpu earlier = before.threads().get(thread.getKey());
            long spent = thread.getValue().nanos() - (earlier == null ? 0 : earlier.nanos());
            threadNanos += spent;
            groups.merge(thread.getValue().group(), spent / per, Double::sum);
        }
        double threads = threadNanos / per;
        double process = (after.process() - before.process()) / per;
        return new PerAnswer(
                groups, threads, Math.max(0, process - threads), (after.postgres() - before.postgres()) / per);
    }

    static String group(String thread) {
        for (String[] rule : GROUPS) {
            if (thread.contains(rule[0])) {
                return rule[1];
            }
        }
        return "other";
    }

    /** utime + stime of every process named postgres, in nanoseconds; 0 where /proc cannot be read. */
    private static long postgresCpu() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return 0;
        }
        long ticks = 0;
        try (Stream<Path> pids = Files.list(proc)) {
            for (Path dir : (Iterable<Path>) pids::iterator) {
                if (!dir.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                ticks += postgresTicks(dir.resolve("stat"));
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * TICK_NANOS;
    }

    private static long postgresTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
            return 0;
        }
        // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
        String[] fields = line.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
