package io.innflow.streams.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InnflowConfigTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetTheFileThenTheEnvironmentThenSystemPropertiesThenOverridesWin() throws IOException {
        // Given one key set by every source, and one set only by the file
        Path file = file("innflow.http.port=8101\ninnflow.hold.ttl=PT3M\n");

        // When the configuration is resolved
        InnflowConfig config = InnflowConfig.resolve(
                file,
                Map.of("INNFLOW_HTTP_PORT", "8102", "INNFLOW_NODE_ID", "from-env"),
                Map.of("innflow.http.port", "8103"),
                Map.of("innflow.application.id", "from-override"));

        // Then later sources win, and untouched keys keep their defaults
        assertThat(config.node().httpPort()).isEqualTo(8103);
        assertThat(config.node().nodeId()).isEqualTo("from-env");
        assertThat(config.node().applicationId()).isEqualTo("from-override");
        assertThat(config.topology().holdTtl()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.topology().partitions()).isEqualTo(6);
    }

    @Test
    void shouldRefuseAnUnknownInnflowKeyInTheFileNamingIt() throws IOException {
        // Given a file with a misspelt key
        Path file = file("innflow.http.prot=8101\n");

        // When / Then start-up fails and names the key
        assertThatThrownBy(() -> InnflowConfig.resolve(file, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("innflow.http.prot");
    }

    @Test
    void shouldIgnoreKeysOfOtherToolsInTheFile() throws IOException {
        Path file = file("log.level=debug\ninnflow.node.id=n7\n");

        InnflowConfig config = InnflowConfig.resolve(file, Map.of(), Map.of(), Map.of());

        assertThat(config.node().nodeId()).isEqualTo("n7");
    }

    @Test
    void shouldRefuseAnUnknownOverrideAndABadValueNamingTheKey() {
        assertThatThrownBy(() -> InnflowConfig.of(Map.of("innflow.nope", "1"))).hasMessageContaining("innflow.nope");
        assertThatThrownBy(() -> InnflowConfig.of(Map.of("innflow.hold.ttl", "ten minutes")))
                .hasMessageContaining("innflow.hold.ttl")
                .hasMessageContaining("INNFLOW_HOLD_TTL");
        assertThatThrownBy(() -> InnflowConfig.of(Map.of("innflow.topics.replication", "0")))
                .hasMessageContaining("innflow.topics.replication")
                .hasMessageContaining("between 1 and 32");
    }

    @Test
    void shouldNeverPrintTheSecrets() {
        InnflowConfig config = InnflowConfig.of(
                Map.of("innflow.cluster.secret", "s3cret-cluster", "innflow.postgres.password", "s3cret-db"));

        assertThat(config.toString()).doesNotContain("s3cret-cluster", "s3cret-db");
        assertThat(config.node().clusterSecret()).isEqualTo("s3cret-cluster");
    }

    private Path file(String content) throws IOException {
        Path file = dir.resolve("innflow.properties");
        Files.writeString(file, content);
        return file;
    }
}
