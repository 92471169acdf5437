package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.ClusterChecks.Expectations;
import io.innflow.streams.lifecycle.ClusterChecks.Facts;
import io.innflow.streams.lifecycle.ClusterChecks.TopicShape;
import io.innflow.streams.topology.InnflowTopology;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterChecksTest {

    private static final String COMMANDS = "reservation-commands";
    private static final String REPARTITION = "innflow-catalog-by-hotel-repartition";

    private static Expectations expect(int replication, int partitions, boolean development) {
        return new Expectations(
                replication,
                partitions,
                development,
                COMMANDS,
                REPARTITION,
                Set.of(COMMANDS, REPARTITION, "reservation-events"));
    }

    @Test
    void shouldRefuseReplicationFactorOneOnAMultiBrokerCluster() {
        List<String> problems = ClusterChecks.problems(new Facts(3, Map.of()), expect(1, 12, false));

        assertThat(problems).singleElement().asString().contains("innflow.topics.replication is 1", "3 brokers");
    }

    @Test
    void shouldAcceptReplicationFactorOneOnADeclaredDevelopmentCluster() {
        assertThat(ClusterChecks.problems(new Facts(3, Map.of()), expect(1, 12, true)))
                .isEmpty();
    }

    @Test
    void shouldAcceptReplicationFactorOneOnASingleBroker() {
        assertThat(ClusterChecks.problems(new Facts(1, Map.of()), expect(1, 6, false)))
                .isEmpty();
    }

    @Test
    void shouldAcceptReplicationFactorThreeOnThreeBrokers() {
        Facts facts = new Facts(3, Map.of(COMMANDS, new TopicShape(12, 3), REPARTITION, new TopicShape(12, 3)));

        assertThat(ClusterChecks.problems(facts, expect(3, 12, false))).isEmpty();
    }

    @Test
    void shouldRefuseExistingTopicsLeftWithReplicationFactorOne() {
        Facts facts =
                new Facts(3, Map.of(COMMANDS, new TopicShape(12, 3), "reservation-events", new TopicShape(12, 1)));

        assertThat(ClusterChecks.problems(facts, expect(3, 12, false)))
                .singleElement()
                .asString()
                .contains("[reservation-events]", "replication factor 1");
    }

    @Test
    void shouldRefuseCommandsAndCatalogRepartitionWithDifferentPartitionCounts() {
        Facts facts = new Facts(3, Map.of(COMMANDS, new TopicShape(12, 3), REPARTITION, new TopicShape(6, 3)));

        assertThat(ClusterChecks.problems(facts, expect(3, 12, false)))
                .singleElement()
                .asString()
                .contains(COMMANDS + " has 12 partitions", REPARTITION + " has 6", "co-partitioned");
    }

    @Test
    void shouldRefuseWhenTheRepartitionTopicWouldBeCreatedWithAnotherCount() {
        // The commands topic was created with 12 partitions by an earlier run; the node now says 6.
        Facts facts = new Facts(1, Map.of(COMMANDS, new TopicShape(12, 1)));

        assertThat(ClusterChecks.problems(facts, expect(1, 6, false)))
                .singleElement()
                .asString()
                .contains("would be created with 6", "innflow.topics.partitions to 12");
    }

    @Test
    void shouldPassAFirstStartWhereNoTopicExistsYet() {
        assertThat(ClusterChecks.problems(new Facts(3, Map.of()), expect(3, 12, false)))
                .isEmpty();
    }

    @Test
    void shouldNameTheRepartitionTopicAsKafkaStreamsDoes() {
        InnflowConfig config = InnflowConfig.of(Map.of("innflow.application.id", "innflow-prod"));
        Expectations expected = Expectations.of(config, Topics.create(new TestSerdes().factory()));

        Topics topics = Topics.create(new TestSerdes().factory());
        String described =
                InnflowTopology.build(topics, config.topology()).describe().toString();

        assertThat(expected.catalogRepartitionTopic()).isEqualTo("innflow-prod-catalog-by-hotel-repartition");
        assertThat(described).contains("topic: catalog-by-hotel-repartition");
        assertThat(expected.commandsTopic()).isEqualTo(COMMANDS);
        assertThat(expected.ownTopics()).contains("reservation-events", "innflow-prod-catalog-by-hotel-repartition");
    }
}
