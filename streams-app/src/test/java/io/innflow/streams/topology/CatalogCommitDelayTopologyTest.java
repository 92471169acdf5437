package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A catalog change is reported with its delay from the PostgreSQL commit the connector names. */
class CatalogCommitDelayTopologyTest {

    /** What the topology reported, as {committed or produced, applied} pairs. */
    private final List<long[]> committed = new ArrayList<>();

    private final List<long[]> applied = new ArrayList<>();

    private final DomainCounters counters = new DomainCounters() {
        @Override
        public void event(String type) {}

        @Override
        public void answered() {}

        @Override
        public void rejected(String reason) {}

        @Override
        public void replayed() {}

        @Override
        public void catalogChangeApplied(long producedAtMs, long appliedAtMs) {
            applied.add(new long[] {producedAtMs, appliedAtMs});
        }

        @Override
        public void catalogChangeCommittedAndApplied(long committedAtMs, long appliedAtMs) {
            committed.add(new long[] {committedAtMs, appliedAtMs});
        }

        @Override
        public void overbookingReported(String nightKey) {}

        @Override
        public void counterDrift(String nightKey) {}
    };

    private final TopologyFixture fx = new TopologyFixture(TopologySettings.defaults(), counters);

    @AfterEach
    void close() {
        fx.close();
    }

    private static Map<String, Object> hotelRow(String hotelId) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotelId);
        row.put("name", "Hotel " + hotelId);
        row.put("city", "Bangkok");
        row.put("currency", "THB");
        row.put("time_zone", "Asia/Bangkok");
        row.put("status", "APPROVED");
        return row;
    }

    @Test
    void shouldReportTheDelayFromThePostgresCommitToTheChangeBeingApplied() {
        long commitMs = TopologyFixture.START.minus(Duration.ofMillis(1_500)).toEpochMilli();
        Map<String, Object> row = hotelRow("bkk-commit");
        row.put("__source_ts_ms", commitMs);

        fx.catalog(CatalogTable.HOTELS, row);

        assertThat(committed).hasSize(1);
        assertThat(committed.get(0)[0]).isEqualTo(commitMs);
        assertThat(committed.get(0)[1] - committed.get(0)[0])
                .as("applied at the driver's wall clock, 1.5 s after the commit")
                .isEqualTo(1_500);
        assertThat(applied).hasSize(1);
    }

    @Test
    void shouldCountAChangeWithoutACommitTimeWithoutInventingOne() {
        fx.catalog(CatalogTable.HOTELS, hotelRow("bkk-no-commit"));

        assertThat(applied).hasSize(1);
        assertThat(committed).isEmpty();
    }
}
