package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void chargesAClosedLoadsClientsCpuToTheLoadGenerator() throws Exception {
        // Each call burns at least 20 ms of its client thread's CPU.
        ClosedLoad.Run run = ClosedLoad.run(2, 0.2, 1.0, (client, iteration) -> {
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            while (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start < 20_000_000L) {
                Thread.onSpinWait();
            }
            return 201;
        });

        assertThat(run.total()).isPositive();
        assertThat(run.cpu().groups().getOrDefault("load generator", 0.0))
                .as("ms of the clients' own CPU per answer, counted while they live")
                .isGreaterThanOrEqualTo(15.0);
    }

    @Test
    void chargesAThreadsCpuToItsGroupPerAnswer() throws Exception {
        CpuMeter.Snapshot before = CpuMeter.snapshot();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = new Thread(() -> spinUntil(stop), "innflow-node-1-StreamThread-9");
        busy.setDaemon(true);
        busy.start();
        // Read while the thread lives: a thread that has ended takes its CPU with it.
        AtomicReference<CpuMeter.Snapshot> after = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    after.set(CpuMeter.snapshot());
                    return streamThread(after.get()) >= streamThread(before) + 200_000_000L;
                });
        stop.set(true);
        busy.join();

        CpuMeter.PerAnswer perTwo = CpuMeter.perAnswer(before, after.get(), 2);

        assertThat(perTwo.groups().get("stream thread"))
                .as("200 ms over two answers")
                .isGreaterThanOrEqualTo(100.0);
        assertThat(perTwo.threads()).isGreaterThanOrEqualTo(perTwo.groups().get("stream thread"));
        assertThat(perTwo.total()).isGreaterThanOrEqualTo(perTwo.threads());
    }

    @Test
    void groupsThreadsLikeTheJfrSummary() {
        Map<String, String> expected = Map.of(
                "innflow-node-1-StreamThread-1", "stream thread",
                "data-plane-kafka-request-handler-3", "broker",
                "qtp123-45", "HTTP",
                "task-thread-analytics-events-sink-0", "Connect",
                "facade-results-node-1", "facade",
                "ceiling-replies", "facade",
                "kafka-producer-network-thread | innflow-ceiling-StreamThread-1-producer", "stream thread",
                "bench-client-7", "load generator",
                "main", "other");
        expected.forEach(
                (thread, group) -> assertThat(CpuMeter.group(thread)).as(thread).isEqualTo(group));
        assertThat(CpuMeter.group("kafka-admin-client-thread | adminclient-3"))
                .as("a client's thread, not the broker's, though its name starts like the broker's")
                .isEqualTo("Kafka clients");
        assertThat(CpuMeter.group("kafka-coordinator-heartbeat-thread | innflow"))
                .isEqualTo("Kafka clients");
        assertThat(CpuMeter.group("kafka-1-raft-io-thread")).isEqualTo("broker");
    }

    @Test
    void aThreadThatEndsInsideTheStretchLeavesItsGroupAtZeroNotBelow() throws Exception {
        // A client thread of the row before: busy before the stretch starts, ended before it ends.
        AtomicBoolean stop = new AtomicBoolean();
        Thread client = new Thread(() -> spinUntil(stop), "bench-client-99");
        client.setDaemon(true);
        client.start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> CpuMeter.snapshot().group("load generator") >= 100_000_000L);
        CpuMeter.Snapshot before = CpuMeter.snapshot();
        stop.set(true);
        client.join();

        CpuMeter.PerAnswer perAnswer = CpuMeter.perAnswer(before, CpuMeter.snapshot(), 1);

        assertThat(perAnswer.groups().getOrDefault("load generator", 0.0))
                .as("its 100 ms before the stretch are not taken off the group")
                .isGreaterThanOrEqualTo(0.0);
        assertThat(perAnswer.threads()).isGreaterThanOrEqualTo(0.0);
    }

    private static long streamThread(CpuMeter.Snapshot snapshot) {
        return snapshot.group("stream thread");
    }

    private static void spinUntil(AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            x += System.nanoTime() % 7;
        }
        if (x == 42) {
            System.out.println(x);
        }
    }
}
