package io.innflow.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.connectors.CatalogMigrations;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DemoCatalogPriceTest {

    private static final long BASE = 200_000; // 2,000 THB in satang

    @Test
    void shouldChargeMoreOnWeekendNightsThanOnWeekdays() {
        LocalDate wednesday = LocalDate.of(2026, 7, 8);
        LocalDate saturday = LocalDate.of(2026, 7, 11);

        assertThat(DemoCatalog.nightPrice(BASE, saturday)).isGreaterThan(DemoCatalog.nightPrice(BASE, wednesday));
    }

    @Test
    void shouldChargeMoreInHighSeasonThanInGreenSeason() {
        LocalDate februaryTuesday = LocalDate.of(2027, 2, 9);
        LocalDate julyTuesday = LocalDate.of(2026, 7, 7);

        assertThat(DemoCatalog.nightPrice(BASE, februaryTuesday))
                .isGreaterThan(DemoCatalog.nightPrice(BASE, julyTuesday));
        assertThat(DemoCatalog.nightPrice(BASE, LocalDate.of(2026, 12, 31))).isEqualTo(300_000);
    }

    @Test
    void shouldRoundPricesToWholeTenBaht() {
        for (int d = 0; d < 365; d++) {
            assertThat(DemoCatalog.nightPrice(123_456, LocalDate.of(2026, 1, 1).plusDays(d)) % 1000)
                    .isZero();
        }
    }

    @Test
    void shouldRejectImpossibleSizes() {
        assertThatThrownBy(() -> DemoCatalog.seed(
                        CatalogMigrations.dataSource("jdbc:postgresql://localhost/x", "u", "p"),
                        LocalDate.now(),
                        0,
                        10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoCatalog.seed(
                        CatalogMigrations.dataSource("jdbc:postgresql://localhost/x", "u", "p"), LocalDate.now(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
