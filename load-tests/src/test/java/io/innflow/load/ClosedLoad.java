package io.innflow.load;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-model load loop: each client sends its next call when the last one is answered, for a
 * warm-up and then a measured stretch; the measured calls' statuses and latencies are kept.
 */
final class ClosedLoad {

    /** One call; answers its HTTP status, or -1 when it failed without one. */
    interface Call {
        int call(int client, long sequence) throws Exception;
    }

    /** Statuses and sorted latencies of the measured stretch. */
    record Result(Map<Integer, AtomicLong> statuses, long[] latenciesNanos, double seconds) {
        long count(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        long total() {
            return statuses.values().stream().mapToLong(AtomicLong::get).sum();
        }

        double perSecond() {
            return total() / seconds;
        }

        /** The latency at quantile {@code q} (0 to 1) in milliseconds. */
        double millis(double q) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, q * latenciesNanos.length)] / 1e6;
        }
    }

    private ClosedLoad() {}

    static Result run(int clients, double warmupSeconds, double seconds, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmupSeconds * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        return loop(clients, measureFrom, () -> System.nanoTime() < end, Long.MAX_VALUE, call, seconds);
    }

    /** Runs until {@code calls} calls have been made in all (no warm-up); the result's seconds are the wall time. */
    static Result count(int clients, long calls, Call call) throws InterruptedException {
        long start = System.nanoTime();
        Result r = loop(clients, start, () -> true, calls, call, 0);
        return new Result(r.statuses(), r.latenciesNanos(), (System.nanoTime() - start) / 1e9);
    }

    interface Condition {
        boolean holds();
    }

    private static Result loop(int clients, long measureFrom, Condition going, long calls, Call call, double seconds)
            throws InterruptedException {
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong issued = new AtomicLong();
        long[][] perClient = new long[clients][];
        int[] sizes = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int t = 0; t < clients; t++) {
            int client = t;
            long[] latencies = new long[1 << 18];
            perClient[t] = latencies;
            Thread thread = new Thread(
                    () -> {
                        try {
                            int n = 0;
                            while (going.holds()) {
                                long sequence = issued.getAndIncrement();
                                if (sequence >= calls) {
                                    break;
                                }
                                long before = System.nanoTime();
                                int status;
                                try {
                                    status = call.call(client, sequence);
                                } catch (Exception e) {
                                    status = -1;
                                }
                                long after = System.nanoTime();
                                if (before >= measureFrom) {
                                    statuses.computeIfAbsent(status, k -> new AtomicLong())
                                            .incrementAndGet();
                                    if (n < latencies.length) {
                                        latencies[n++] = after - before;
                                    }
                                }
                            }
                            sizes[client] = n;
                        } finally {
                            done.countDown();
                        }
                    },
                    "load-client-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        if (!done.await(2, TimeUnit.HOURS)) {
            throw new IllegalStateException("load clients did not finish");
        }
        long[] all = new long[Arrays.stream(sizes).sum()];
        int at = 0;
        for (int t = 0; t < clients; t++) {
            System.arraycopy(perClient[t], 0, all, at, sizes[t]);
            at += sizes[t];
        }
        Arrays.sort(all);
        return new Result(statuses, all, seconds);
    }
}
