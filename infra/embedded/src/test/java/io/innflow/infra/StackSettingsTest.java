package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The demo catalog's size as {@code ./mvnw -Prun} reads it (system properties here; the environment works alike),
 * and as the benchmarks change it.
 */
class StackSettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("innflow.demo.hotels");
        System.clearProperty("innflow.demo.hotels-per-city");
    }

    @Test
    void shouldSeedThirtySixHotelsByDefault() {
        assertThat(StackSettings.fromEnvironment().demoHotels()).isEqualTo(36);
    }

    @Test
    void shouldSeedTheNumberOfHotelsAskedFor() {
        System.setProperty("innflow.demo.hotels", "1000");

        assertThat(StackSettings.fromEnvironment().demoHotels()).isEqualTo(1000);
    }

    @Test
    void shouldStillReadHotelsPerCityWhenNoTotalIsGiven() {
        System.setProperty("innflow.demo.hotels-per-city", "2");
        assertThat(StackSettings.fromEnvironment().demoHotels()).isEqualTo(6);

        System.setProperty("innflow.demo.hotels", "40");
        assertThat(StackSettings.fromEnvironment().demoHotels()).isEqualTo(40);
    }

    @Test
    void shouldRefuseANegativeCount() {
        System.setProperty("innflow.demo.hotels", "-1");

        assertThatThrownBy(StackSettings::fromEnvironment)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("innflow.demo.hotels");
    }

    @Test
    void shouldChangeOnlyTheDemoCatalogWithDemo() {
        StackSettings tests = StackSettings.forTests(Path.of("/tmp/innflow-settings-test"));

        StackSettings bench = tests.withDemo(1_000, 100);

        assertThat(bench.demoHotels()).isEqualTo(1_000);
        assertThat(bench.demoNights()).isEqualTo(100);
        assertThat(bench.withDemo(tests.demoHotels(), tests.demoNights())).isEqualTo(tests);
    }
}
