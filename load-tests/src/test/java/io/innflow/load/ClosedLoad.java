package io.innflow.load;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The closed-model client loop every benchmark here shares: {@code clients} threads, each sending its
 * next call when the last one is answered, for a warm-up and then a measured stretch. Latencies go to
 * an HdrHistogram (3 significant digits), so a thousand clients cost kilobytes, not a buffer each.
 */
final class ClosedLoad {

    private ClosedLoad() {}

    /** One request; returns an HTTP-like status (201 done, 409 refused, 202 not answered in time). */
    interface Call {
        /**
         * @param client the calling client's index, 0 to clients - 1
         * @param iteration how many calls this client made before this one
         */
        int call(int client, long iteration) throws Exception;
    }

    /** Statuses and latencies of the measured part of a run; 201s and 202s of the warm-up counted apart. */
    record Run(
            Map<Integer, AtomicLong> statuses,
            Histogram latencies,
            double seconds,
            long ok201warm,
            long timedOutWarm,
            CpuMeter.PerAnswer cpu) {
        long count(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        /** Answers with {@code status} during warm-up and measurement. */
        long totalOk(int status) {
            return count(status) + ok201warm;
        }

        long total() {
            return statuses.values().stream().mapToLong(AtomicLong::get).sum();
        }

        double throughput() {
            return total() / seconds;
        }

        /** The latency at quantile {@code p} (0 to 1) in milliseconds; 1 is the largest. */
        double percentile(double p) {
            if (latencies.getTotalCount() == 0) {
                return 0;
            }
            long nanos = p >= 1.0 ? latencies.getMaxValue() : latencies.getValueAtPercentile(p * 100);
            return nanos / 1e6;
        }
    }

    /** A run and the rooms held that no 201 (or 202 or failure) explains; -1 where nothing was checked. */
    record Result(Run run, long beyondConfirmed) {}

    /** A warm-up of a quarter of {@code seconds} (at least {@code minWarmup}) before the measured {@code seconds}. */
    static int warmup(double seconds, int minWarmup) {
        return (int) Math.max(minWarmup, Math.round(seconds / 4));
    }

    /** Waits for {@code latch}; an interrupted client thread ends at once (its CPU then counts as JIT and GC). */
    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Run run(int clients, double warmupSeconds, double seconds, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        return loop(clients, measureFrom, end, null, call, seconds);
    }

    /**
     * Runs until {@code calls} calls have been made in all, without a warm-up; here a call's {@code
     * iteration} is its number across every client (0 to calls - 1), and the run's seconds are its wall time.
     */
    static Run count(int clients, long calls, Call call) throws InterruptedException {
        long start = System.nanoTime();
        Run r = loop(clients, start, Long.MAX_VALUE, new AtomicLong(), calls, call, 0);
        return new Run(r.statuses(), r.latencies(), (System.nanoTime() - start) / 1e9, 0, 0, r.cpu());
    }

    private static Run loop(int clients, long measureFrom, long end, AtomicLong issued, Call call, double seconds)
            throws InterruptedException {
        return loop(clients, measureFrom, end, issued, Long.MAX_VALUE, call, seconds);
    }

    private static Run loop(
            int clients, long measureFrom, long end, AtomicLong issued, long calls, Call call, double seconds)
            throws InterruptedException {
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong warm201 = new AtomicLong();
        AtomicLong warm202 = new AtomicLong();
        Recorder recorder = new Recorder(3);
        CountDownLatch done = new CountDownLatch(clients);
        // Each client thread lives until the CPU after the stretch is read, so that its own CPU (the
        // load generator's) counts under its group, not under "JIT and GC" as a thread that ended would.
        CountDownLatch measured = new CountDownLatch(1);
        // The CPU of the measured stretch: from its start (after the warm-up) to the last client's end.
        CompletableFuture<CpuMeter.Snapshot> cpuBefore = new CompletableFuture<>();
        Thread meter = new Thread(
                () -> {
                    long wait = measureFrom - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    cpuBefore.complete(CpuMeter.snapshot());
                },
                "bench-cpu-meter");
        meter.setDaemon(true);
        meter.start();
        for (int t = 0; t < clients; t++) {
            int client = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            for (long n = 0; ; n++) {
                                long before = System.nanoTime();
                                if (before >= end) {
                                    break;
                                }
                                long iteration = issued == null ? n : issued.getAndIncrement();
                                if (iteration >= calls) {
                                    break;
                                }
                                int status;
                                try {
                                    status = call.call(client, iteration);
                                } catch (Exception e) {
                                    status = -1;
                                }
                                long after = System.nanoTime();
                                if (before >= measureFrom) {
                                    statuses.computeIfAbsent(status, k -> new AtomicLong())
                                            .incrementAndGet();
                                    recorder.recordValue(after - before);
                                } else if (status == 201) {
                                    warm201.incrementAndGet();
                                } else if (status != 409) {
                                    // 202s and failures may have taken a room: the oversold check allows for them.
                                    warm202.incrementAndGet();
                                }
                            }
                        } finally {
                            done.countDown();
                            awaitQuietly(measured);
                        }
                    },
                    "bench-client-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        CpuMeter.Snapshot cpuAfter;
        try {
            done.await();
            cpuAfter = CpuMeter.snapshot();
        } finally {
            measured.countDown();
        }
        CpuMeter.PerAnswer cpu;
        try {
            cpu = CpuMeter.perAnswer(
                    cpuBefore.get(),
                    cpuAfter,
                    statuses.values().stream().mapToLong(AtomicLong::get).sum());
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return new Run(statuses, recorder.getIntervalHistogram(), seconds, warm201.get(), warm202.get(), cpu);
    }
}
