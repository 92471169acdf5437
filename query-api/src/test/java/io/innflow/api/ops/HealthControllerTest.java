package io.innflow.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class HealthControllerTest {

    private final AtomicBoolean reader = new AtomicBoolean(true);
    private final AtomicBoolean broker = new AtomicBoolean(true);
    private final HealthController health = new HealthController(() -> "RUNNING", () -> true, reader::get, broker::get);

    @Test
    void shouldBeReadyWhenEveryCheckIsUp() {
        HealthController.Readiness readiness = health.readiness();

        assertThat(readiness.up()).isTrue();
        assertThat(readiness.body())
                .containsEntry("status", "UP")
                .containsEntry("streams", "RUNNING")
                .containsEntry("catalogLoaded", true)
                .containsEntry(
                        "checks", Map.of("streams", "UP", "catalog", "UP", "resultReader", "UP", "broker", "UP"));
    }

    @Test
    void shouldNotBeReadyWhenTheResultReaderStopped() {
        reader.set(false);

        HealthController.Readiness readiness = health.readiness();

        assertThat(readiness.up()).isFalse();
        assertThat(readiness.body()).containsEntry("status", "DOWN");
        assertThat(checks(readiness)).containsEntry("resultReader", "DOWN").containsEntry("streams", "UP");
    }

    @Test
    void shouldNotBeReadyWhenTheBrokerIsUnreachable() {
        broker.set(false);

        assertThat(checks(health.readiness())).containsEntry("broker", "DOWN");
        assertThat(health.readiness().up()).isFalse();
    }

    @Test
    void shouldNotBeReadyBeforeStreamsRunsNorClaimTheCatalogLoaded() {
        HealthController starting = new HealthController(() -> "REBALANCING", () -> true, reader::get, broker::get);

        HealthController.Readiness readiness = starting.readiness();

        assertThat(readiness.up()).isFalse();
        assertThat(readiness.body()).containsEntry("streams", "REBALANCING").containsEntry("catalogLoaded", false);
        assertThat(checks(readiness)).containsEntry("streams", "DOWN").containsEntry("catalog", "DOWN");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> checks(HealthController.Readiness readiness) {
        return (Map<String, String>) readiness.body().get("checks");
    }
}
