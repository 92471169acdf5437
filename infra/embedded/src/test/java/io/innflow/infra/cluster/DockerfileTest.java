package io.innflow.infra.cluster;

import static io.innflow.infra.cluster.ClusterFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.CatalogMigrations;
import io.innflow.streams.config.InnflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileTest {

    private static final Path DOCKER = ROOT.resolve("infra/docker");
    private final Dockerfile node = Dockerfile.parse(DOCKER.resolve("node.Dockerfile"));
    private final Dockerfile connect = Dockerfile.parse(DOCKER.resolve("connect.Dockerfile"));
    private final Dockerfile migrations = Dockerfile.parse(DOCKER.resolve("migrations.Dockerfile"));
    private final Dockerfile notifier = Dockerfile.parse(DOCKER.resolve("notifier.Dockerfile"));

    @Test
    void shouldCopyOnlyFilesThatExistInTheRepository() {
        for (Dockerfile dockerfile : List.of(node, connect, migrations, notifier)) {
            assertThat(dockerfile.contextSources())
                    .as("COPY sources of %s", dockerfile.file().getFileName())
                    .isNotEmpty()
                    .allSatisfy(source -> assertThat(ROOT.resolve(source)).exists());
        }
    }

    @Test
    void shouldSetOnlyRealNodeSettingsWithValidValues() {
        Map<String, String> env = node.finalStage().env();

        InnflowConfig config = ClusterFiles.nodeConfig(env);

        assertThat(env).containsKeys("INNFLOW_STATE_DIR", "INNFLOW_HTTP_PORT");
        assertThat(config.node().stateDir()).isEqualTo(Path.of("/var/lib/innflow/streams"));
        assertThat(config.node().httpHost()).isEqualTo("0.0.0.0");
    }

    @Test
    void shouldKeepTheStateDirectoryInAVolume() {
        Dockerfile run = node.finalStage();

        assertThat(run.all("VOLUME")).containsExactly(run.env().get("INNFLOW_STATE_DIR"));
    }

    @Test
    void shouldRunAsANonRootUserOnAJre17() {
        Dockerfile run = node.finalStage();

        assertThat(run.baseImage()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(run.all("USER")).singleElement().satisfies(user -> {
            assertThat(user).doesNotStartWith("root").doesNotStartWith("0:").isNotEqualTo("0");
            assertThat(Integer.parseInt(user.split(":")[0]))
                    .as("numeric uid, for runAsNonRoot")
                    .isPositive();
        });
    }

    @Test
    void shouldReportHealthFromReadinessOnTheExposedPort() {
        Dockerfile run = node.finalStage();
        String port = run.env().get("INNFLOW_HTTP_PORT");

        assertThat(run.all("EXPOSE")).containsExactly(port);
        assertThat(run.all("HEALTHCHECK")).singleElement().asString().contains("/health/ready", "${INNFLOW_HTTP_PORT}");
    }

    @Test
    void shouldStartTheNodeMainWithTheEmbeddedRunsJvmSettings() throws Exception {
        Dockerfile run = node.finalStage();
        String javaOpts = run.env().get("JAVA_OPTS");
        String entrypoint = run.all("ENTRYPOINT").get(0);
        Path script = DOCKER.resolve("node-entrypoint.sh");

        assertThat(javaOpts)
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES="
                        + ClusterFiles.pomProperty("avro.serializable.packages"))
                .contains("-XX:MaxRAMPercentage=")
                .contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(run.all("COPY")).anySatisfy(copy -> assertThat(copy)
                .contains("infra/docker/node-entrypoint.sh")
                .endsWith(entrypoint.replaceAll("[\\[\\]\"]", "")));
        String mainClass = "io.innflow.api.node.Main";
        assertThat(ClusterFiles.read(script)).contains("exec java", mainClass, "${JAVA_OPTS");
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
        assertThat(Files.isExecutable(script)).isTrue();
    }

    @Test
    void shouldBuildTheNodeFromTheReactorWithTheSameLibraries() {
        String build = String.join(" ", node.all("RUN"));

        assertThat(build)
                .contains("./mvnw", "-pl query-api -am", "dependency:copy-dependencies", "-DincludeScope=runtime");
        assertThat(node.args()).containsEntry("LOGBACK_VERSION", ClusterFiles.pomProperty("logback.version"));
        assertThat(build)
                .contains("ch.qos.logback:logback-classic:${LOGBACK_VERSION}")
                .contains("ch.qos.logback:logback-core:${LOGBACK_VERSION}");
        assertThat(String.join(" ", node.finalStage().all("COPY")))
                .contains("infra/embedded/src/main/resources/logback.xml /opt/innflow/conf/logback.xml");
    }

    @Test
    void shouldStartTheNotifierMainAsANonRootUserOnAJre17() throws Exception {
        Dockerfile run = notifier.finalStage();
        String entrypoint = run.all("ENTRYPOINT").get(0);
        Path script = DOCKER.resolve("notifier-entrypoint.sh");
        String mainClass = "io.innflow.notifier.Main";

        assertThat(run.baseImage()).isEqualTo("eclipse-temurin:17-jre");
        assertThat(run.all("USER"))
                .singleElement()
                .asString()
                .doesNotStartWith("0")
                .doesNotStartWith("root");
        assertThat(run.env().get("JAVA_OPTS"))
                .contains("-Dorg.apache.avro.SERIALIZABLE_PACKAGES="
                        + ClusterFiles.pomProperty("avro.serializable.packages"));
        assertThat(run.all("COPY")).anySatisfy(copy -> assertThat(copy)
                .contains("infra/docker/notifier-entrypoint.sh")
                .endsWith(entrypoint.replaceAll("[\\[\\]\"]", "")));
        assertThat(ClusterFiles.read(script)).contains("exec java", mainClass, "${JAVA_OPTS");
        assertThat(Class.forName(mainClass).getMethod("main", String[].class)).isNotNull();
        assertThat(Files.isExecutable(script)).isTrue();
        assertThat(String.join(" ", notifier.all("RUN")))
                .contains("-pl infra/notifier -am", "dependency:copy-dependencies", "-DincludeScope=runtime");
        // Logs like the node's: Logback with the same configuration (JSON by INNFLOW_LOG_FORMAT)
        assertThat(notifier.args()).containsEntry("LOGBACK_VERSION", ClusterFiles.pomProperty("logback.version"));
        assertThat(String.join(" ", notifier.all("RUN")))
                .contains("ch.qos.logback:logback-classic:${LOGBACK_VERSION}")
                .contains("ch.qos.logback:logback-core:${LOGBACK_VERSION}");
        assertThat(String.join(" ", run.all("COPY")))
                .contains("infra/embedded/src/main/resources/logback.xml /opt/innflow/conf/logback.xml");
    }

    @Test
    void shouldBuildConnectOnTheApplicationsKafkaWithDebeziumAndTheConverterFolder() {
        Dockerfile run = connect.finalStage();

        assertThat(run.baseImage()).isEqualTo("apache/kafka:" + ClusterFiles.pomProperty("kafka.version"));
        assertThat(connect.args()).containsEntry("DEBEZIUM_VERSION", ClusterFiles.pomProperty("debezium.version"));
        String build = String.join(" ", connect.all("RUN"));
        assertThat(build)
                .contains("infra/connect-plugins/target/plugins")
                .contains("io.debezium:debezium-connector-postgres:${DEBEZIUM_VERSION}:tar.gz:plugin");
        // Every plugin folder module (the JDBC sink's, say) is built into the image, not only the parent.
        StringBuilder modules = new StringBuilder("infra/connect-plugins");
        java.util.regex.Matcher module = java.util.regex.Pattern.compile("<module>([^<]+)</module>")
                .matcher(ClusterFiles.read(ClusterFiles.ROOT.resolve("infra/connect-plugins/pom.xml")));
        while (module.find()) {
            modules.append(",infra/connect-plugins/").append(module.group(1));
        }
        assertThat(build).contains("-pl " + modules + " -am package");
        String pluginPath = run.env().get("CONNECT_PLUGIN_PATH");
        assertThat(run.all("COPY")).anySatisfy(copy -> assertThat(copy)
                .startsWith("--from=build /out/plugins/")
                .endsWith(pluginPath + "/"));
        assertThat(ClusterFiles.read(DOCKER.resolve("connect-entrypoint.sh"))).contains("connect-distributed.sh");
    }

    @Test
    void shouldMigrateWithTheSameFlywayAndSqlAsTheEmbeddedRun() {
        String location = CatalogMigrations.LOCATION.replace("classpath:", "connectors/src/main/resources/");

        assertThat(migrations.baseImage()).isEqualTo("flyway/flyway:" + ClusterFiles.pomProperty("flyway.version"));
        assertThat(migrations.contextSources()).containsExactly(location + "/");
        assertThat(migrations.all("CMD")).containsExactly("[\"migrate\"]");
    }

    @Test
    void shouldKeepBuildOutputAndSecretsOutOfTheBuildContext() {
        for (String name : List.of("node", "connect", "migrations", "notifier")) {
            assertThat(ClusterFiles.read(DOCKER.resolve(name + ".Dockerfile.dockerignore")))
                    .contains("**/target", ".env", ".git");
        }
    }
}
