package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The catalog figures operators read: the latest change's delay from its PostgreSQL commit, and the
 * catalog dead letters and blocked rows.
 */
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

    @Test
    void shouldCountCatalogDeadLettersAndGaugeTheBlockedHotels() {
        try (NodeMetrics metrics = new NodeMetrics("node-t")) {
            java.util.List<io.innflow.schemas.catalog.UnreadableCatalogRow> blocks = new java.util.ArrayList<>();
            metrics.bindCatalogBlocks(() -> blocks);
            metrics.catalogDeadLettered(true);
            metrics.catalogDeadLettered(false);
            blocks.add(block("bkk-001", "std"));
            blocks.add(block("bkk-001", "dlx"));
            blocks.add(block("hkt-001", null));
            // Micrometer holds a gauge's object weakly: the gauges must still read after a collection.
            System.gc();

            assertThat(metrics.registry().scrape())
                    .contains("innflow_catalog_blocked_hotels{node=\"node-t\"} 2.0")
                    .contains("innflow_catalog_blocked_rows{node=\"node-t\"} 3.0")
                    .contains("innflow_catalog_dead_letters_total{node=\"node-t\",row=\"known\"} 1.0")
                    .contains("innflow_catalog_dead_letters_total{node=\"node-t\",row=\"unknown\"} 1.0");
        }
    }

    private static io.innflow.schemas.catalog.UnreadableCatalogRow block(String hotel, String roomType) {
        return io.innflow.schemas.catalog.UnreadableCatalogRow.newBuilder()
                .setTable(roomType == null ? "hotels" : "room_types")
                .setHotelId(hotel)
                .setRoomTypeId(roomType)
                .setSource("catalog.public.hotels-0@7")
                .setReason("org.apache.kafka.common.errors.SerializationException: Unknown magic byte")
                .setSeenAt(java.time.Instant.EPOCH)
                .build();
    }
}
