package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The catalog figures operators read: the latest change's delay from its PostgreSQL commit. */
class NodeMetricsCatalogTest {

    @Test
    void shouldExportTheLatestCommitToAppliedDelayOnceAChangeCarriesItsCommitTime() {
        try (NodeMetrics metrics = new NodeMetrics("node-t")) {
            assertThat(metrics.catalogFigures().commitToAppliedMs()).isNull();
            assertThat(metrics.registry().scrape())
                    .contains("innflow_catalog_commit_to_applied_seconds{node=\"node-t\"} NaN");

            metrics.catalogChangeCommittedAndApplied(10_000, 12_000);
            metrics.catalogChangeCommittedAndApplied(20_000, 21_500);

            assertThat(metrics.catalogFigures().commitToAppliedMs())
                    .as("the latest change's, not the largest")
                    .isEqualTo(1_500L);
            assertThat(metrics.registry().scrape())
                    .contains("innflow_catalog_commit_to_applied_seconds{node=\"node-t\"} 1.5");
        }
    }
}
