package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.NodeSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The development cluster secret is usable on loopback only. */
class ExposureChecksTest {

    private static NodeSettings node(String advertised, String httpHost, String secret) {
        Map<String, String> values = new HashMap<>(Map.of(
                "innflow.advertised.host", advertised,
                "innflow.http.host", httpHost));
        if (secret != null) {
            values.put("innflow.cluster.secret", secret);
        }
        return InnflowConfig.of(values).node();
    }

    @Test
    void shouldRefuseToAdvertiseAnotherAddressWithTheDevelopmentSecret() {
        assertThatThrownBy(() -> ExposureChecks.verify(node("10.0.4.17", "127.0.0.1", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("innflow.advertised.host")
                .hasMessageContaining("10.0.4.17")
                .hasMessageContaining("INNFLOW_CLUSTER_SECRET")
                .hasMessageNotContaining(NodeSettings.DEV_CLUSTER_SECRET);
    }

    @Test
    void shouldRefuseToBindEveryInterfaceWithTheDevelopmentSecret() {
        assertThat(ExposureChecks.problems(node("127.0.0.1", "0.0.0.0", null)))
                .singleElement()
                .asString()
                .contains("innflow.http.host", "0.0.0.0");
    }

    @Test
    void shouldStartOnLoopbackWithTheDevelopmentSecret() {
        assertThatCode(() -> ExposureChecks.verify(node("127.0.0.1", "127.0.0.1", null)))
                .doesNotThrowAnyException();
        assertThatCode(() -> ExposureChecks.verify(node("localhost", "::1", null)))
                .doesNotThrowAnyException();
    }

    @Test
    void shouldStartAnywhereWithASecretOfItsOwn() {
        assertThat(ExposureChecks.problems(node("node-1.innflow.svc", "0.0.0.0", "a-long-random-secret")))
                .isEmpty();
    }

    @Test
    void shouldRefuseByDefaultSinceTheDefaultBindIsEveryInterface() {
        assertThat(ExposureChecks.problems(InnflowConfig.of(Map.of()).node())).hasSize(1);
    }
}
