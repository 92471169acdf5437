package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.TopologySettings;
import org.junit.jupiter.api.Test;

/** Operator, store and internal topic names are permanent: renaming one breaks running deployments. */
class TopologyDescriptionTest {

    @Test
    void shouldKeepTheNamesOfStatefulAndRepartitioningOperators() {
        String description = InnflowTopology.build(
                        Topics.create(new TestSerdes().factory()), TopologySettings.defaults())
                .describe()
                .toString();

        assertThat(description)
                .contains("Source: reservation-commands-source (topics: [reservation-commands])")
                .contains("Processor: apply-reservation-command (stores: [")
                .contains("Processor: apply-catalog-change (stores: [")
                .contains("catalog-by-hotel-repartition")
                .contains("Source: catalog-hotels-source (topics: [catalog.public.hotels])")
                .contains("Source: catalog-room-types-source (topics: [catalog.public.room_types])")
                .contains("Source: catalog-room-nights-source (topics: [catalog.public.room_nights])")
                .contains("Sink: results-sink (topic: reservation-results)")
                .contains("Sink: events-sink (topic: reservation-events)")
                .contains("Sink: availability-sink (topic: availability-updates)")
                .contains("Source: guest-view-events-source (topics: [reservation-events])")
                .contains("reservations-by-guest-repartition")
                .contains("Processor: apply-guest-event (stores: [")
                .contains(
                        "night-inventory-store",
                        "hotels-store",
                        "city-nights-store",
                        "room-types-store",
                        "holds-store",
                        "bookings-store",
                        "hold-expiry-store",
                        "request-expiry-store",
                        "requests-store",
                        "hold-quota-store",
                        "guest-bookings-store",
                        "guest-holds-store");
        assertThat(description).doesNotContain("KSTREAM-");
    }
}
