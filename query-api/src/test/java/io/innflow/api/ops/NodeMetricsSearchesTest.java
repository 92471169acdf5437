package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.api.limits.ConcurrencyLimit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The gauge of searches in progress, as operators scrape it next to the bound's refusals. */
class NodeMetricsSearchesTest {

    @Test
    void shouldGaugeTheSearchesInProgressAndFollowThemAsTheyEnd() {
        try (NodeMetrics metrics = new NodeMetrics("node-t")) {
            ConcurrencyLimit searches = new ConcurrencyLimit("searches", 8);
            metrics.bindSearchesInProgress(searches::inProgress);
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> second = new CompletableFuture<>();
            searches.run(() -> first);
            searches.run(() -> second);
            // Micrometer holds a gauge's object weakly: the gauge must still read after a collection.
            System.gc();

            assertThat(metrics.registry().scrape()).contains("innflow_search_in_progress{node=\"node-t\"} 2.0");

            first.complete("page");
            second.completeExceptionally(new IllegalStateException("peer timed out"));
            assertThat(metrics.registry().scrape()).contains("innflow_search_in_progress{node=\"node-t\"} 0.0");
        }
    }
}
