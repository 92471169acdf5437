package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.topology.InnflowTopology;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CatalogReadinessTest {

    private final Topics topics = Topics.create(new TestSerdes().factory());

    @Test
    void shouldFindTheRepartitionTopicTheCatalogFeedsInTheTopology() {
        // Given the topology and the catalog topics it reads
        Set<String> catalog = Arrays.stream(CatalogTable.values())
                .map(table -> topics.catalog(table).name())
                .collect(Collectors.toSet());

        // When the topics the catalog feeds are read off its description
        var fed = CatalogReadiness.repartitionTopicsFed(
                InnflowTopology.build(topics, TopologySettings.defaults()).describe(), catalog);

        // Then it is the one repartition topic that re-keys catalog rows by hotel, not an output topic
        assertThat(fed).containsExactly(InnflowTopology.CATALOG_BY_HOTEL + "-repartition");
    }

    @Test
    void shouldFindNothingFedByTopicsTheTopologyDoesNotRead() {
        var fed = CatalogReadiness.repartitionTopicsFed(
                InnflowTopology.build(topics, TopologySettings.defaults()).describe(), Set.of("unrelated"));

        assertThat(fed).isEmpty();
    }
}
