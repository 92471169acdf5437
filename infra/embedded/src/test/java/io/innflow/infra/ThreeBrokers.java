package io.innflow.infra;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Three KRaft brokers with a dedicated controller, set up as cluster mode runs them: replication factor
 * 3 and {@code min.insync.replicas=2} for every topic and the transaction state log.
 */
final class ThreeBrokers {

    private static final Map<String, String> BROKER_SETTINGS = Map.of(
            "default.replication.factor", "3",
            "min.insync.replicas", "2",
            "offsets.topic.replication.factor", "3",
            "transaction.state.log.replication.factor", "3",
            "transaction.state.log.min.isr", "2",
            "unclean.leader.election.enable", "false",
            "group.initial.rebalance.delay.ms", "0");

    private ThreeBrokers() {}

    /** Formats and starts the cluster under {@code dir}; returns once every broker is ready. */
    static KafkaClusterTestKit start(Path dir) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                // A dedicated controller: the test kit's three-voter combined quorum fails to form here.
                .setCombined(false)
                .setNumBrokerNodes(3)
                .setNumControllerNodes(1)
                .setBaseDirectory(dir)
                .build());
        BROKER_SETTINGS.forEach(builder::setConfigProp);
        KafkaClusterTestKit kafka = builder.build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }
}
