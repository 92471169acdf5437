package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.schemas.serde.AvroSerdeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectWorkerTest {

    @TempDir
    Path dir;

    @Test
    void shouldFailFastWithConnectsReasonWhenTheConnectorCannotReachItsDatabase() {
        // Given: catalog-source pointed at a port where no PostgreSQL listens (nor a registry: the
        // connector fails before its converters talk to one)
        ConnectorConfig unreachable = catalogSource(Ports.free());

        try (KafkaBroker broker =
                KafkaBroker.builder(dir.resolve("kafka")).build().start()) {
            ConnectWorker worker = ConnectWorker.builder(dir.resolve("connect"), broker.bootstrapServers())
                    .workerProperty("plugin.path", connectPlugins().toString())
                    .connector(unreachable)
                    .startupTimeout(Duration.ofSeconds(60))
                    .build();

            // When / Then: a clear error well before the startup timeout, and the worker is stopped
            assertThatThrownBy(worker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("catalog-source")
                    .hasMessageContaining("refused");
            assertThatThrownBy(worker::restUrl).hasMessageContaining("not started");
        }
    }

    @Test
    void shouldNotFindTheAvroConverterWithoutThePluginPath() {
        // Given: a worker without plugin.path; the converter is deliberately not on the classpath
        ConnectorConfig catalogSource = catalogSource(Ports.free());

        try (KafkaBroker broker =
                KafkaBroker.builder(dir.resolve("kafka")).build().start()) {
            ConnectWorker worker = ConnectWorker.builder(dir.resolve("connect"), broker.bootstrapServers())
                    .connector(catalogSource)
                    .startupTimeout(Duration.ofSeconds(60))
                    .build();

            // When / Then
            assertThatThrownBy(worker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("catalog-source")
                    .hasMessageContaining(
                            "Class io.apicurio.registry.utils.converter.AvroConverter could not be found");
        }
    }

    private static ConnectorConfig catalogSource(int postgresPort) {
        return ConnectorConfigs.load(
                "catalog-source",
                Map.of(
                        "postgres.host", "127.0.0.1",
                        "postgres.port", String.valueOf(postgresPort),
                        "postgres.user", "postgres",
                        "postgres.password", "postgres",
                        "postgres.database", "innflow",
                        "registry.api", AvroSerdeFactory.registryApi("http://127.0.0.1:" + Ports.free())));
    }

    private static Path connectPlugins() {
        return RepositoryRoot.find().resolve("infra/connect-plugins/target/plugins");
    }
}
