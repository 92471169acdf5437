package io.innflow.infra.cluster;

import static io.innflow.infra.cluster.ClusterFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.infra.KafkaBroker;
import io.innflow.notifier.NotifierSettings;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.ClusterChecks;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Renders each kustomize overlay with {@code kubectl kustomize} and checks it against the code. */
class KubernetesManifestsTest {

    /** One rendered overlay. */
    private record Rendered(String overlay, List<JsonNode> docs) {
        JsonNode get(String kind, String name) {
            return docs.stream()
                    .filter(d -> d.path("kind").asText().equals(kind))
                    .filter(d -> d.path("metadata").path("name").asText().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + " has no " + kind + " " + name));
        }

        List<JsonNode> all(String kind) {
            return docs.stream()
                    .filter(d -> d.path("kind").asText().equals(kind))
                    .toList();
        }

        String namespace() {
            return get("StatefulSet", "innflow-node")
                    .path("metadata")
                    .path("namespace")
                    .asText();
        }

        JsonNode nodeContainer() {
            return get("StatefulSet", "innflow-node").at("/spec/template/spec/containers/0");
        }

        /** The node's environment for pod {@code innflow-node-0}: ConfigMap, then env, as Kubernetes builds it. */
        Map<String, String> nodeEnv() {
            Map<String, String> env = new LinkedHashMap<>();
            nodeContainer()
                    .path("envFrom")
                    .forEach(from -> env.putAll(ClusterFiles.fields(
                            get("ConfigMap", from.at("/configMapRef/name").asText())
                                    .path("data"))));
            for (JsonNode var : nodeContainer().path("env")) {
                String name = var.path("name").asText();
                if (var.has("value")) {
                    String value = var.path("value").asText();
                    for (var e : env.entrySet()) {
                        value = value.replace("$(" + e.getKey() + ")", e.getValue());
                    }
                    env.put(name, value);
                } else if (var.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.name")) {
                    env.put(name, "innflow-node-0");
                } else if (var.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.namespace")) {
                    env.put(name, namespace());
                } else if (var.at("/valueFrom").has("secretKeyRef")) {
                    env.put(
                            name,
                            "secret:" + var.at("/valueFrom/secretKeyRef/key").asText());
                }
            }
            return env;
        }

        InnflowConfig nodeConfig() {
            return ClusterFiles.nodeConfig(nodeEnv());
        }

        int brokers() {
            return all("KafkaNodePool").stream()
                    .filter(pool -> pool.at("/spec/roles").toString().contains("\"broker\""))
                    .mapToInt(pool -> pool.at("/spec/replicas").asInt())
                    .sum();
        }

        int controllers() {
            return all("KafkaNodePool").stream()
                    .filter(pool -> pool.at("/spec/roles").toString().contains("\"controller\""))
                    .mapToInt(pool -> pool.at("/spec/replicas").asInt())
                    .sum();
        }
    }

    private static Rendered render(String overlay) throws IOException, InterruptedException {
        Path dir = ROOT.resolve("infra/k8s/overlays").resolve(overlay);
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "kubectl is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("kubectl kustomize %s: %s", overlay, err)
                .isZero();
        return new Rendered(overlay, ClusterFiles.yamlDocuments(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldSetOnlyRealNodeSettingsAndAdvertiseThePodsStableDnsName(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        JsonNode statefulSet = k8s.get("StatefulSet", "innflow-node");
        JsonNode peers = k8s.get("Service", statefulSet.at("/spec/serviceName").asText());

        InnflowConfig config = k8s.nodeConfig();

        assertThat(config.node().nodeId()).isEqualTo("innflow-node-0");
        assertThat(config.node().advertisedHost())
                .isEqualTo("innflow-node-0." + peers.at("/metadata/name").asText() + "." + k8s.namespace() + ".svc");
        assertThat(peers.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(peers.at("/spec/publishNotReadyAddresses").asBoolean()).isTrue();
        assertThat(peers.at("/spec/selector")).isEqualTo(statefulSet.at("/spec/template/metadata/labels"));
        assertThat(config.node().standbyReplicas()).isEqualTo(1);
        assertThat(config.node().clusterSecret()).isEqualTo("secret:cluster-secret");
        assertThat(config.node().postgresUser()).isEqualTo(ClusterFiles.nodeRole());
        assertThat(config.log().format()).as("JSON lines for a log collector").isEqualTo("json");
        assertThat(config.node().postgresPassword()).isEqualTo("secret:node-db-password");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldSetTheNodeRolesPasswordAfterTheMigrationsAsTheOwner(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        JsonNode init = k8s.get("StatefulSet", "innflow-node").at("/spec/template/spec/initContainers");
        JsonNode migrate = init.get(0);
        JsonNode nodeRole = init.get(1);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode var : nodeRole.path("env")) {
            env.put(
                    var.path("name").asText(),
                    var.has("value")
                            ? var.path("value").asText()
                            : var.at("/valueFrom/secretKeyRef/key").asText()
                                    + var.at("/valueFrom/configMapKeyRef/key").asText());
        }

        assertThat(migrate.path("name").asText()).isEqualTo("migrate");
        assertThat(nodeRole.path("name").asText()).isEqualTo("node-role");
        assertThat(nodeRole.path("command").toString())
                .contains("ALTER ROLE " + ClusterFiles.nodeRole() + " PASSWORD :'pw'")
                .contains("ON_ERROR_STOP=1");
        assertThat(env)
                .containsEntry("PGUSER", "innflow")
                .containsEntry("PGPASSWORD", "postgres-password")
                .containsEntry("NODE_DB_PASSWORD", "node-db-password")
                .containsEntry("INNFLOW_POSTGRES_JDBC_URL", "INNFLOW_POSTGRES_JDBC_URL");
        assertThat(migrate.path("env").toString())
                .as("migrations run as the owner")
                .contains("{\"name\":\"FLYWAY_USER\",\"value\":\"innflow\"}");
        if (overlay.equals("dev")) {
            assertThat(k8s.get("Secret", "innflow-secrets").path("data").has("node-db-password"))
                    .isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldProbeReadinessAndLivenessAndKeepTheStateDirectoryOnAClaim(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        JsonNode container = k8s.nodeContainer();
        InnflowConfig config = k8s.nodeConfig();
        JsonNode statefulSet = k8s.get("StatefulSet", "innflow-node");
        String imageStateDir = Dockerfile.parse(ROOT.resolve("infra/docker/node.Dockerfile"))
                .finalStage()
                .env()
                .get("INNFLOW_STATE_DIR");

        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/ports/0/containerPort").asInt())
                .isEqualTo(config.node().httpPort());
        assertThat(container.at("/ports/0/name").asText())
                .isEqualTo(container.at("/readinessProbe/httpGet/port").asText());
        assertThat(config.node().stateDir()).isEqualTo(Path.of(imageStateDir));
        String claim =
                statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        assertThat(container.path("volumeMounts")).anySatisfy(mount -> {
            assertThat(mount.path("name").asText()).isEqualTo(claim);
            assertThat(mount.path("mountPath").asText()).isEqualTo(imageStateDir);
        });
        assertThat(statefulSet
                        .at("/spec/template/spec/securityContext/runAsNonRoot")
                        .asBoolean())
                .isTrue();
        JsonNode budget = k8s.get("PodDisruptionBudget", "innflow-node");
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(statefulSet.at("/spec/selector/matchLabels"));
        assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(statefulSet.at("/spec/template/spec/initContainers/0/image").asText())
                .contains("innflow/migrations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRunTheNotifierWithRealSettingsOnTheNodesClusterAndDatabase(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        JsonNode container = k8s.get("Deployment", "innflow-notifier").at("/spec/template/spec/containers/0");
        Map<String, String> env = new LinkedHashMap<>();
        container
                .path("envFrom")
                .forEach(from -> env.putAll(ClusterFiles.fields(
                        k8s.get("ConfigMap", from.at("/configMapRef/name").asText())
                                .path("data"))));
        container
                .path("env")
                .forEach(var -> env.put(
                        var.path("name").asText(),
                        var.has("value")
                                ? var.path("value").asText()
                                : "secret:"
                                        + var.at("/valueFrom/secretKeyRef/key").asText()));
        Set<String> known = new HashSet<>();
        NotifierSettings.allSettings().forEach(setting -> known.add(setting.envName()));

        NotifierSettings settings = NotifierSettings.resolve(null, env, Map.of(), Map.of());

        assertThat(env.keySet()).allSatisfy(name -> assertThat(known).as(name).contains(name));
        InnflowConfig node = k8s.nodeConfig();
        assertThat(settings.bootstrapServers()).isEqualTo(node.node().bootstrapServers());
        assertThat(settings.registryUrl()).isEqualTo(node.node().registryUrl());
        assertThat(settings.postgresJdbcUrl()).isEqualTo(node.node().postgresJdbcUrl());
        assertThat(settings.postgresPassword()).isEqualTo("secret:postgres-password");
        assertThat(settings.groupId()).isIn(node.ops().lagGroups());
        assertThat(container.path("image").asText()).contains("innflow/notifier:");
        assertThat(k8s.get("Deployment", "innflow-notifier")
                        .at("/spec/template/spec/securityContext/runAsNonRoot")
                        .asBoolean())
                .isTrue();
        if (overlay.equals("dev")) {
            assertThat(k8s.get("Service", settings.smtpHost())
                            .at("/spec/ports/0/port")
                            .asInt())
                    .isEqualTo(settings.smtpPort());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldPointNodesAtKafkaTheRegistryAndPostgresServices(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        InnflowConfig config = k8s.nodeConfig();
        JsonNode kafka = k8s.all("Kafka").get(0);
        JsonNode plain = kafka.at("/spec/kafka/listeners/0");
        URI registry = URI.create(config.node().registryUrl());
        URI postgres = URI.create(config.node().postgresJdbcUrl().substring("jdbc:".length()));

        assertThat(config.node().bootstrapServers())
                .isEqualTo(kafka.at("/metadata/name").asText() + "-kafka-bootstrap:"
                        + plain.path("port").asInt());
        assertThat(plain.path("tls").asBoolean()).isFalse();
        assertThat(k8s.get("KafkaConnect", "innflow")
                        .at("/spec/bootstrapServers")
                        .asText())
                .isEqualTo(config.node().bootstrapServers());
        assertThat(k8s.get("Service", registry.getHost())
                        .at("/spec/ports/0/port")
                        .asInt())
                .isEqualTo(registry.getPort());
        assertThat(k8s.get("Service", postgres.getHost())
                        .at("/spec/ports/0/port")
                        .asInt())
                .isEqualTo(postgres.getPort());
        assertThat(kafka.at("/spec/kafka/version").asText()).isEqualTo(ClusterFiles.pomProperty("kafka.version"));
        assertThat(k8s.get("Deployment", "innflow-registry")
                        .at("/spec/template/spec/containers/0/image")
                        .asText())
                .isEqualTo("apicurio/apicurio-registry-sql:" + ClusterFiles.pomProperty("apicurio.server.version"));
        assertThat(k8s.get("StatefulSet", "innflow-postgres")
                        .at("/spec/template/spec/containers/0/args")
                        .toString())
                .contains("wal_level=logical");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldRunEveryConnectorConfigAsAKafkaConnector(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        InnflowConfig config = k8s.nodeConfig();
        URI postgres = URI.create(config.node().postgresJdbcUrl().substring("jdbc:".length()));
        JsonNode connect = k8s.get("KafkaConnect", "innflow");
        Map<String, String> values = Map.of(
                "postgres.host", postgres.getHost(),
                "postgres.port", Integer.toString(postgres.getPort()),
                // Debezium and the sinks keep the owner; the node has its own role
                "postgres.user", "innflow",
                "postgres.database", postgres.getPath().substring(1),
                "postgres.password", "${env:POSTGRES_PASSWORD}",
                "registry.api", AvroSerdeFactory.registryApi(config.node().registryUrl()));

        assertThat(ClusterFiles.fields(connect.at("/spec/config")))
                .containsEntry("config.providers", "env")
                .containsEntry(
                        "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        assertThat(connect.at("/spec/template/connectContainer/env")).anySatisfy(env -> {
            assertThat(env.path("name").asText()).isEqualTo("POSTGRES_PASSWORD");
            assertThat(env.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("postgres-password");
        });
        assertThat(connect.at("/spec/build/plugins").toString())
                .contains("debezium-connector-postgres-" + ClusterFiles.pomProperty("debezium.version")
                        + "-plugin.tar.gz")
                .contains("connect-converter-" + ClusterFiles.pomProperty("apicurio.converter.version") + ".tar.gz");
        for (Path file : ClusterFiles.connectorFiles()) {
            ConnectorConfig expected = ConnectorConfigs.parse(file.toString(), ClusterFiles.read(file), values);
            JsonNode connector = k8s.get("KafkaConnector", expected.name());
            Map<String, String> actual = new LinkedHashMap<>(ClusterFiles.fields(connector.at("/spec/config")));
            actual.put("connector.class", connector.at("/spec/class").asText());
            actual.put("tasks.max", connector.at("/spec/tasksMax").asText());

            assertThat(actual)
                    .as("KafkaConnector %s against %s", expected.name(), file.getFileName())
                    .isEqualTo(expected.config());
            assertThat(connector.at("/metadata/labels/strimzi.io~1cluster").asText())
                    .isEqualTo(connect.at("/metadata/name").asText());
        }
        assertThat(k8s.all("KafkaConnector")).hasSameSizeAs(ClusterFiles.connectorFiles());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void shouldReplicateAsTheNodesStartUpCheckRequires(String overlay) throws Exception {
        Rendered k8s = render(overlay);
        InnflowConfig config = k8s.nodeConfig();
        Map<String, String> broker = ClusterFiles.fields(k8s.all("Kafka").get(0).at("/spec/kafka/config"));
        Map<String, String> connect =
                ClusterFiles.fields(k8s.get("KafkaConnect", "innflow").at("/spec/config"));
        int brokers = k8s.brokers();
        String replication = Integer.toString(config.node().replicationFactor());
        String minIsr = Integer.toString(Math.max(1, config.node().replicationFactor() - 1));

        assertThat(broker)
                .containsEntry("default.replication.factor", replication)
                .containsEntry("min.insync.replicas", minIsr)
                .containsEntry("offsets.topic.replication.factor", replication)
                .containsEntry("transaction.state.log.replication.factor", replication)
                .containsEntry("transaction.state.log.min.isr", minIsr)
                .containsEntry(
                        "add.partitions.to.txn.retry.backoff.ms", Integer.toString(KafkaBroker.TXN_RETRY_BACKOFF_MS))
                .containsEntry(
                        "num.partitions", Integer.toString(config.topology().partitions()));
        assertThat(connect)
                .containsEntry("config.storage.replication.factor", replication)
                .containsEntry("offset.storage.replication.factor", replication)
                .containsEntry("status.storage.replication.factor", replication);
        assertThat(config.node().replicationFactor()).isLessThanOrEqualTo((short) brokers);
        assertThat(k8s.controllers() % 2).as("an odd number of KRaft voters").isEqualTo(1);
        var expected = new ClusterChecks.Expectations(
                config.node().replicationFactor(),
                config.topology().partitions(),
                false,
                "reservation-commands",
                ClusterChecks.catalogRepartitionTopic(config.node().applicationId()),
                Set.of());
        assertThat(ClusterChecks.problems(new ClusterChecks.Facts(brokers, Map.of()), expected))
                .isEmpty();
        if (overlay.equals("prod")) {
            assertThat(brokers).isEqualTo(3);
            assertThat(config.node().replicationFactor()).isEqualTo((short) 3);
            assertThat(broker).containsEntry("min.insync.replicas", "2");
            assertThat(k8s.all("KafkaNodePool"))
                    .noneSatisfy(pool -> assertThat(pool.at("/spec/roles")).hasSize(2));
            assertThat(k8s.all("Secret")).as("prod secrets are never committed").isEmpty();
        }
    }
}
