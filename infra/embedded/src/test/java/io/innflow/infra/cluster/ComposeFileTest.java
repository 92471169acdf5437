package io.innflow.infra.cluster;

import static io.innflow.infra.cluster.ClusterFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.infra.KafkaBroker;
import io.innflow.notifier.NotifierSettings;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.ClusterChecks;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class ComposeFileTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> NODES = List.of("node-1", "node-2");

    private final JsonNode compose = ClusterFiles.yaml(ROOT.resolve("docker-compose.yml"));
    private final JsonNode services = compose.path("services");
    private final Map<String, String> dotEnv = ClusterFiles.envExample();

    /** A service's environment as the container sees it, with .env.example's values. */
    private Map<String, String> env(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        ClusterFiles.fields(services.path(service).path("environment"))
                .forEach((k, v) -> env.put(k, ClusterFiles.interpolate(v, dotEnv)));
        return env;
    }

    /** The image's ENV, then the compose file's environment on top, as in the container. */
    private InnflowConfig nodeConfig(String service) {
        JsonNode build = services.path(service).path("build");
        Map<String, String> env = new LinkedHashMap<>(
                Dockerfile.parse(ROOT.resolve(build.path("context").asText())
                                .resolve(build.path("dockerfile").asText()))
                        .finalStage()
                        .env());
        env.putAll(env(service));
        return ClusterFiles.nodeConfig(env);
    }

    @Test
    void shouldSetOnlyRealNodeSettingsWithValidValues() {
        for (String node : NODES) {
            InnflowConfig config = nodeConfig(node);

            assertThat(config.node().nodeId()).isEqualTo(node);
            assertThat(config.node().advertisedHost())
                    .as("other nodes reach %s by its service name", node)
                    .isEqualTo(node)
                    .isEqualTo(services.path(node).path("hostname").asText());
            assertThat(config.node().standbyReplicas()).isEqualTo(1);
            assertThat(config.node().replicationFactor()).isEqualTo((short) 3);
            assertThat(config.node().clusterSecret()).isNotEqualTo(InnflowConfig.DEV_CLUSTER_SECRET);
            assertThat(config.node().postgresUser())
                    .as("the least-privilege role of the migrations, not the owner")
                    .isEqualTo(ClusterFiles.nodeRole())
                    .isNotEqualTo(dotEnv.get("POSTGRES_USER"));
            assertThat(config.log().format())
                    .as("JSON lines for a log collector")
                    .isEqualTo("json");
            assertThat(config.node().postgresPassword())
                    .isEqualTo(dotEnv.get("INNFLOW_NODE_DB_PASSWORD"))
                    .isNotEqualTo(dotEnv.get("POSTGRES_PASSWORD"));
        }
        assertThat(nodeConfig("node-1").node().clusterSecret())
                .isEqualTo(nodeConfig("node-2").node().clusterSecret());
        assertThat(nodeConfig("node-1").node().applicationId())
                .isEqualTo(nodeConfig("node-2").node().applicationId());
    }

    @Test
    void shouldGiveEachNodeItsOwnStateVolumeAtTheImagesStateDirectory() {
        String stateDir = Dockerfile.parse(ROOT.resolve("infra/docker/node.Dockerfile"))
                .finalStage()
                .env()
                .get("INNFLOW_STATE_DIR");
        Set<String> volumes = new HashSet<>();
        for (String node : NODES) {
            assertThat(nodeConfig(node).node().stateDir()).isEqualTo(Path.of(stateDir));
            List<String> mounts = new ArrayList<>();
            services.path(node).path("volumes").forEach(v -> mounts.add(v.asText()));
            assertThat(mounts).singleElement().asString().endsWith(":" + stateDir);
            volumes.add(mounts.get(0).split(":")[0]);
            assertThat(compose.path("volumes").has(mounts.get(0).split(":")[0])).isTrue();
        }
        assertThat(volumes).hasSize(NODES.size());
    }

    @Test
    void shouldRunTheNotifierWithRealSettingsOnTheNodesClusterDatabaseAndTheMailService() {
        Map<String, String> env = env("notifier");
        Set<String> known = new HashSet<>();
        NotifierSettings.allSettings().forEach(s -> known.add(s.envName()));

        NotifierSettings settings = NotifierSettings.resolve(null, env, Map.of(), Map.of());

        assertThat(env.keySet()).allSatisfy(name -> assertThat(known).as(name).contains(name));
        InnflowConfig node = nodeConfig("node-1");
        assertThat(settings.bootstrapServers()).isEqualTo(node.node().bootstrapServers());
        assertThat(settings.registryUrl()).isEqualTo(node.node().registryUrl());
        assertThat(settings.postgresJdbcUrl()).isEqualTo(node.node().postgresJdbcUrl());
        assertThat(settings.postgresPassword()).isEqualTo(dotEnv.get("POSTGRES_PASSWORD"));
        assertThat(settings.groupId())
                .as("the group the lag view watches")
                .isIn(node.ops().lagGroups());
        assertThat(services.has(settings.smtpHost())).isTrue();
        assertThat(services.path(settings.smtpHost()).path("image").asText())
                .isEqualTo("greenmail/standalone:" + ClusterFiles.pomProperty("greenmail.version"));
        assertThat(services.path("notifier").path("depends_on").has("migrate")).isTrue();
    }

    @Test
    void shouldRunThreeKraftBrokersInOneQuorum() {
        Set<String> nodeIds = new HashSet<>();
        Set<String> clusterIds = new HashSet<>();
        String voters = BROKERS.stream()
                .map(b -> b.substring(b.indexOf('-') + 1) + "@" + b + ":9093")
                .collect(Collectors.joining(","));
        for (String broker : BROKERS) {
            Map<String, String> env = env(broker);
            assertThat(services.path(broker).path("image").asText())
                    .isEqualTo("apache/kafka:" + ClusterFiles.pomProperty("kafka.version"));
            assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller");
            assertThat(env).containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", voters);
            assertThat(env.get("KAFKA_LISTENERS")).contains("CONTROLLER://:9093");
            assertThat(voters).contains(env.get("KAFKA_NODE_ID") + "@" + broker + ":");
            nodeIds.add(env.get("KAFKA_NODE_ID"));
            clusterIds.add(env.get("CLUSTER_ID"));
        }
        assertThat(nodeIds).hasSize(3);
        assertThat(clusterIds).singleElement().satisfies(id -> assertThat(Uuid.fromString(id))
                .isNotNull());
    }

    @Test
    void shouldReplicateEveryTopicThreeTimesWithTwoInSync() {
        for (String broker : BROKERS) {
            assertThat(env(broker))
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry(
                            "KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS",
                            Integer.toString(KafkaBroker.TXN_RETRY_BACKOFF_MS))
                    .containsEntry(
                            "KAFKA_NUM_PARTITIONS",
                            Integer.toString(nodeConfig("node-1").topology().partitions()));
        }
        assertThat(env("connect"))
                .containsEntry("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "3")
                .containsEntry("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "3")
                .containsEntry("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "3");
        for (String node : NODES) {
            InnflowConfig config = nodeConfig(node);
            var expected = new ClusterChecks.Expectations(
                    config.node().replicationFactor(),
                    config.topology().partitions(),
                    false,
                    "reservation-commands",
                    ClusterChecks.catalogRepartitionTopic(config.node().applicationId()),
                    Set.of());
            assertThat(ClusterChecks.problems(new ClusterChecks.Facts(BROKERS.size(), Map.of()), expected))
                    .as("the node's own start-up check")
                    .isEmpty();
        }
    }

    @Test
    void shouldPointEveryClientAtTheBrokersInternalListeners() {
        Set<String> advertised = new HashSet<>();
        for (String broker : BROKERS) {
            String internal = Arrays.stream(
                            env(broker).get("KAFKA_ADVERTISED_LISTENERS").split(","))
                    .filter(l -> l.startsWith(env(broker).get("KAFKA_INTER_BROKER_LISTENER_NAME") + "://"))
                    .findFirst()
                    .orElseThrow();
            assertThat(internal).startsWith("INTERNAL://" + broker + ":");
            assertThat(env(broker).get("KAFKA_LISTENERS"))
                    .contains("INTERNAL://:" + internal.substring(internal.lastIndexOf(':') + 1));
            advertised.add(internal.substring("INTERNAL://".length()));
        }
        for (String node : NODES) {
            assertThat(Set.of(nodeConfig(node).node().bootstrapServers().split(",")))
                    .isEqualTo(advertised);
        }
        assertThat(Set.of(env("connect").get("CONNECT_BOOTSTRAP_SERVERS").split(",")))
                .isEqualTo(advertised);
    }

    @Test
    void shouldPointNodesAndConnectorsAtTheRegistryService() {
        URI registry = URI.create(nodeConfig("node-1").node().registryUrl());
        String registryPort =
                services.path("registry").path("ports").get(0).asText().split(":")[1];

        assertThat(registry.getHost()).isEqualTo("registry");
        assertThat(Integer.toString(registry.getPort())).isEqualTo(registryPort);
        assertThat(services.path("registry").path("image").asText())
                .isEqualTo("apicurio/apicurio-registry-sql:" + ClusterFiles.pomProperty("apicurio.server.version"));
        assertThat(services.path("registry").path("healthcheck").path("test").toString())
                .contains(":" + registryPort + "/");
        assertThat(nodeConfig("node-2").node().registryUrl()).isEqualTo(registry.toString());
        assertThat(env("connect-init"))
                .containsEntry("CONNECTOR_REGISTRY_API", AvroSerdeFactory.registryApi(registry.toString()));
    }

    @Test
    void shouldRegisterEveryConnectorConfigWithPasswordsFromTheWorkersConfigProvider() {
        Map<String, String> init = env("connect-init");
        Map<String, String> worker = env("connect");
        List<String> mounts = new ArrayList<>();
        services.path("connect-init").path("volumes").forEach(v -> mounts.add(v.asText()));

        assertThat(mounts)
                .contains("./connectors:"
                        + services.path("connect-init")
                                .path("entrypoint")
                                .get(1)
                                .asText() + ":ro");
        assertThat(worker)
                .containsEntry("CONNECT_CONFIG_PROVIDERS", "env")
                .containsEntry(
                        "CONNECT_CONFIG_PROVIDERS_ENV_CLASS",
                        "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        assertThat(ClusterFiles.connectorFiles()).isNotEmpty();
        for (Path file : ClusterFiles.connectorFiles()) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String placeholder : ClusterFiles.connectorPlaceholders(file)) {
                String name = ClusterFiles.connectorEnvName(placeholder);
                assertThat(init).as("%s of %s", placeholder, file.getFileName()).containsKey(name);
                values.put(placeholder, init.get(name));
            }
            ConnectorConfig connector = ConnectorConfigs.parse(file.toString(), ClusterFiles.read(file), values);

            connector.config().forEach((key, value) -> {
                if (key.toLowerCase().contains("password")) {
                    assertThat(value).as(key).matches("\\$\\{env:[A-Z_]+}");
                    assertThat(worker).containsKey(value.substring(6, value.length() - 1));
                }
            });
            if (connector.config().containsKey("database.hostname")) {
                assertThat(services.has(connector.config().get("database.hostname")))
                        .isTrue();
                assertThat(connector.config().get("database.dbname")).isEqualTo(dotEnv.get("POSTGRES_DB"));
                assertThat(nodeConfig("node-1").node().postgresJdbcUrl())
                        .isEqualTo("jdbc:postgresql://" + connector.config().get("database.hostname") + ":"
                                + connector.config().get("database.port") + "/"
                                + connector.config().get("database.dbname"));
            }
        }
    }

    @Test
    void shouldUseLogicalReplicationOnPostgres16() {
        JsonNode postgres = services.path("postgres");

        assertThat(postgres.path("image").asText()).isEqualTo("postgres:16");
        assertThat(postgres.path("command").toString()).contains("\"wal_level=logical\"");
        assertThat(env("migrate").get("FLYWAY_URL"))
                .isEqualTo(nodeConfig("node-1").node().postgresJdbcUrl());
    }

    @Test
    void shouldReferenceOnlyFilesThatExist() {
        services.fields().forEachRemaining(service -> {
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                assertThat(ROOT.resolve(build.path("context").asText())
                                .resolve(build.path("dockerfile").asText()))
                        .exists();
            }
            service.getValue().path("volumes").forEach(volume -> {
                String source = volume.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(ROOT.resolve(source))
                            .as("%s of %s", source, service.getKey())
                            .exists();
                } else {
                    assertThat(compose.path("volumes").has(source))
                            .as("named volume %s", source)
                            .isTrue();
                }
            });
        });
    }

    @Test
    void shouldScrapeEveryNodesManagementPortAndProvisionTheDashboard() {
        JsonNode prometheus = ClusterFiles.yaml(ROOT.resolve("infra/prometheus/prometheus.yml"));
        List<String> targets = new java.util.ArrayList<>();
        prometheus.path("scrape_configs").forEach(job -> job.path("static_configs")
                .forEach(config -> config.path("targets").forEach(t -> targets.add(t.asText()))));
        for (String node : NODES) {
            InnflowConfig config = nodeConfig(node);
            assertThat(targets).contains(node + ":" + config.ops().port());
            assertThat(config.ops().host())
                    .as("%s's management port on the compose network", node)
                    .isEqualTo("0.0.0.0");
        }
        assertThat(services.path("prometheus").path("volumes").toString())
                .contains("./infra/prometheus/prometheus.yml");
        assertThat(services.path("grafana").path("volumes").toString())
                .contains("./infra/grafana/provisioning", "./infra/grafana/dashboards");
        assertThat(ROOT.resolve("infra/grafana/dashboards/innflow.json")).exists();
        assertThat(ROOT.resolve("infra/grafana/provisioning/datasources/prometheus.yml"))
                .exists();
        assertThat(ROOT.resolve("infra/grafana/provisioning/dashboards/innflow.yml"))
                .exists();
    }

    @Test
    void shouldStartInDependencyOrderWithAHealthCheckForEveryAwaitedService() {
        services.fields().forEachRemaining(service -> service.getValue()
                .path("depends_on")
                .fields()
                .forEachRemaining(dependency -> {
                    JsonNode target = services.path(dependency.getKey());
                    String condition = dependency.getValue().path("condition").asText();
                    assertThat(target.isMissingNode()).as(dependency.getKey()).isFalse();
                    if (condition.equals("service_healthy")) {
                        boolean imageHealthcheck = target.has("build")
                                && !Dockerfile.parse(ROOT.resolve(target.path("build")
                                                .path("dockerfile")
                                                .asText()))
                                        .finalStage()
                                        .all("HEALTHCHECK")
                                        .isEmpty();
                        assertThat(target.has("healthcheck") || imageHealthcheck)
                                .as("%s waits for %s to be healthy", service.getKey(), dependency.getKey())
                                .isTrue();
                    } else {
                        assertThat(condition).isEqualTo("service_completed_successfully");
                        assertThat(target.path("restart").asText()).isEqualTo("no");
                    }
                }));
        assertThat(services.path("connect-init").path("depends_on").has("node-1"))
                .as("the nodes create the catalog topics before Debezium writes them")
                .isTrue();
        for (String node : NODES) {
            assertThat(services.path(node).path("depends_on").has("migrate")).isTrue();
        }
    }

    @Test
    void shouldSetTheNodeRolesPasswordAfterTheMigrationsAndBeforeAnyNodeStarts() {
        JsonNode nodeRole = services.path("node-role");
        Map<String, String> env = env("node-role");
        String script = nodeRole.path("entrypoint").get(2).asText();

        assertThat(nodeRole.path("depends_on").path("migrate").path("condition").asText())
                .isEqualTo("service_completed_successfully");
        assertThat(nodeRole.path("restart").asText()).isEqualTo("no");
        assertThat(script)
                .contains("ALTER ROLE " + ClusterFiles.nodeRole() + " PASSWORD :'pw'")
                .contains("ON_ERROR_STOP=1")
                // $$ is compose's escape: the container's shell reads its own variable
                .contains("pw=\"$$INNFLOW_NODE_DB_PASSWORD\"");
        assertThat(env)
                .containsEntry("PGHOST", "postgres")
                .containsEntry("PGUSER", dotEnv.get("POSTGRES_USER"))
                .containsEntry("PGPASSWORD", dotEnv.get("POSTGRES_PASSWORD"))
                .containsEntry(
                        "INNFLOW_NODE_DB_PASSWORD", nodeConfig("node-1").node().postgresPassword());
        for (String node : NODES) {
            assertThat(services.path(node)
                            .path("depends_on")
                            .path("node-role")
                            .path("condition")
                            .asText())
                    .as("%s connects only once its role has a password", node)
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void shouldTakeEverySecretFromTheUncommittedEnvFile() {
        Set<String> used = new HashSet<>();
        services.fields().forEachRemaining(service -> ClusterFiles.fields(
                        service.getValue().path("environment"))
                .values()
                .forEach(v -> used.addAll(ClusterFiles.composeVariables(v))));

        assertThat(dotEnv.keySet()).containsAll(used);
        assertThat(used).contains("POSTGRES_PASSWORD", "INNFLOW_NODE_DB_PASSWORD", "INNFLOW_CLUSTER_SECRET");
        assertThat(ClusterFiles.read(ROOT.resolve(".gitignore")).lines()).contains(".env");
        for (String service :
                List.of("postgres", "node-1", "node-2", "migrate", "node-role", "registry", "connect", "notifier")) {
            ClusterFiles.fields(services.path(service).path("environment")).forEach((k, v) -> {
                if (k.contains("PASSWORD") || k.contains("SECRET")) {
                    assertThat(v).as("%s of %s", k, service).startsWith("${");
                }
            });
        }
    }
}
