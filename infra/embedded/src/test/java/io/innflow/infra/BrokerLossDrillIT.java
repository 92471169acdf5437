package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.infra.DrillChecker.Report;
import io.innflow.streams.config.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker-loss drill (docs/reliability.md#drills): three KRaft brokers with cluster mode's replication
 * (RF 3, {@code min.insync.replicas=2}), the rest of the stack, two nodes as processes of their own with
 * one standby replica; one broker stops during traffic and comes back. Not part of {@code ./mvnw
 * verify} (a second three-broker cluster costs CI minutes; ClusterModeIT covers the scenario without
 * load): run it with {@code -Dinnflow.drills=all}.
 */
@EnabledIfSystemProperty(named = "innflow.drills", matches = "all")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BrokerLossDrillIT {

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit kafka;
    private static EmbeddedStack stack;
    private static NodeProcess one;
    private static NodeProcess two;
    private static DrillRun run;

    @BeforeAll
    static void start() throws Exception {
        kafka = ThreeBrokers.start(dir.resolve("kafka"));
        Map<String, String> cluster = Map.of(NodeSettings.REPLICATION.key(), "3");
        stack = EmbeddedStack.withoutNode(
                StackSettings.forTests(dir.resolve("stack")), kafka.bootstrapServers(), cluster);
        run = new DrillRun(
                stack,
                kafka.bootstrapServers(),
                LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(40));
        one = NodeProcess.of(
                        stack, "node-1", dir.resolve("node-1"), DrillRun.RESULTS.resolve("broker-node-1.log"), cluster)
                .start();
        two = NodeProcess.of(
                        stack, "node-2", dir.resolve("node-2"), DrillRun.RESULTS.resolve("broker-node-2.log"), cluster)
                .start();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> one.ready() && two.ready());
    }

    @AfterAll
    static void stop() throws Exception {
        for (NodeProcess node : new NodeProcess[] {one, two}) {
            if (node != null) {
                node.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void losingOneBrokerOfThreeLosesNoAcknowledgedWrite() throws Exception {
        List<String> hotels = run.hotels("broker");
        run.awaitOffered(one.url(), hotels);
        DrillLoad load = run.load("broker", hotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        // When: one broker stops mid-traffic, and later starts again
        BrokerServer broker = kafka.brokers().values().iterator().next();
        broker.shutdown();
        broker.awaitShutdown();
        DrillRun.awaitRequests(load, load.history().size() + 150);
        long back = System.nanoTime();
        broker.startup();
        kafka.waitForReadyBrokers();
        long readyAfter = (System.nanoTime() - back) / 1_000_000;
        DrillRun.awaitRequests(load, load.history().size() + 60);

        // Then: two in-sync replicas were enough; nothing acknowledged was lost
        Report report = run.finish("broker-loss", load, hotels, one::url);
        DrillRun.record("broker-loss", "stopped broker back and ready after " + readyAfter + " ms");
        assertThat(report.sent()).isGreaterThan(270);
    }
}
