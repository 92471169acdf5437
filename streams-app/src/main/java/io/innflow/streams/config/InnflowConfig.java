package io.innflow.streams.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The configuration of a node: its own settings and the topology's, immutable and typed. Every key is
 * declared once, as a {@link Setting} of {@link NodeSettings} or {@link TopologySettings}.
 *
 * <p>Resolved in one order, later sources winning: built-in defaults, then an optional properties
 * file (named by {@code INNFLOW_CONFIG_FILE} or the system property {@value #FILE_PROPERTY}), then
 * environment variables, then system properties. A key {@code innflow.http.port} is read from the
 * environment as {@code INNFLOW_HTTP_PORT}. A bad value fails start-up naming the key; so does an
 * unknown {@code innflow.*} key in the file. Keys under {@code innflow.kafka.client.} are passed to the
 * Kafka clients as they are ({@link KafkaClientSettings}).
 *
 * @param node what the node needs: servers, HTTP, cluster, the catalog database
 * @param topology what the topology needs: hold lifetimes, idempotency window, partitions
 * @param ops what operators reach: the management server and how often its figures are computed
 * @param limits the HTTP API's request rate limits
 * @param kafkaClients Kafka client keys passed through to every client ({@code innflow.kafka.client.*})
 * @param auth how callers' bearer tokens are verified
 * @param stores how much memory the RocksDB state stores may use
 * @param reliability bounds on punctuations and on how old a command may be and still be applied
 * @param log how the node logs (read by the logging backend at start-up)
 */
public record InnflowConfig(
        NodeSettings node,
        TopologySettings topology,
        OpsSettings ops,
        LimitSettings limits,
        KafkaClientSettings kafkaClients,
        AuthSettings auth,
        StoreSettings stores,
        ReliabilitySettings reliability,
        LogSettings log) {

    public InnflowConfig {
        // Fails start-up naming both keys when the replay margin leaves no idempotency window.
        reliability.maxCommandAge(topology.idempotencyRetention());
    }

    /** The development default of {@code innflow.cluster.secret}; a real cluster sets its own. */
    public static final String DEV_CLUSTER_SECRET = NodeSettings.DEV_CLUSTER_SECRET;

    /** The system property naming the optional properties file ({@code INNFLOW_CONFIG_FILE} in the environment). */
    public static final String FILE_PROPERTY = "innflow.config.file";

    private static final String PREFIX = "innflow.";

    /** Every key, node settings first, in the order docs/configuration.md lists them. */
    public static List<Setting<?>> settings() {
        return Stream.of(
                        NodeSettings.SETTINGS,
                        TopologySettings.SETTINGS,
                        OpsSettings.SETTINGS,
                        LimitSettings.SETTINGS,
                        AuthSettings.SETTINGS,
                        StoreSettings.SETTINGS,
                        ReliabilitySettings.SETTINGS,
                        LogSettings.SETTINGS)
                .flatMap(List::stream)
                .toList();
    }

    /** Every key with its default. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        settings().forEach(s -> d.put(s.key(), s.defaultValue()));
        return d;
    }

    /** Defaults, then the optional file, then the environment, then system properties. */
    public static InnflowConfig load() {
        return load(Map.of());
    }

    /**
     * Like {@link #load()}, then {@code overrides} on top: values that the caller decides, such as
     * the addresses of the servers the embedded stack started.
     */
    public static InnflowConfig load(Map<String, String> overrides) {
        return resolve(ConfigSources.current(), overrides);
    }

    /** The resolution order of {@link #load(Map)}, over given sources; {@code file} may be null. */
    static InnflowConfig resolve(
            Path file, Map<String, String> env, Map<String, String> properties, Map<String, String> overrides) {
        return resolve(ConfigSources.of(file, env, properties), overrides);
    }

    private static InnflowConfig resolve(ConfigSources sources, Map<String, String> overrides) {
        Map<String, String> values = defaults();
        sources.file().forEach((key, value) -> {
            if (key.startsWith(PREFIX) && !values.containsKey(key) && !KafkaClientSettings.isClientKey(key)) {
                throw new IllegalArgumentException("Unknown configuration key " + key + " in " + sources.fileName());
            }
            values.put(key, value);
        });
        values.putAll(KafkaClientSettings.fromEnvironment(sources.env()));
        sources.properties().forEach((key, value) -> {
            if (KafkaClientSettings.isClientKey(key)) {
                values.put(key, value);
            }
        });
        sources.applyEnvironmentAndProperties(settings(), values);
        putKnown(values, overrides);
        return fromMap(values);
    }

    /** Builds a config from defaults overridden by {@code overrides}; used by tests and the stack. */
    public static InnflowConfig of(Map<String, String> overrides) {
        Map<String, String> values = defaults();
        putKnown(values, overrides);
        return fromMap(values);
    }

    /** The environment variable that sets {@code key}: {@code innflow.http.port} → {@code INNFLOW_HTTP_PORT}. */
    public static String envName(String key) {
        return Setting.envName(key);
    }

    private static void putKnown(Map<String, String> values, Map<String, String> overrides) {
        overrides.forEach((k, v) -> {
            if (!values.containsKey(k) && !KafkaClientSettings.isClientKey(k)) {
                throw new IllegalArgumentException("Unknown configuration key " + k);
            }
            values.put(k, v);
        });
    }

    private static InnflowConfig fromMap(Map<String, String> values) {
        return new InnflowConfig(
                NodeSettings.from(values),
                TopologySettings.from(values),
                OpsSettings.from(values),
                LimitSettings.from(values),
                KafkaClientSettings.from(values),
                AuthSettings.from(values),
                StoreSettings.from(values),
                ReliabilitySettings.from(values),
                LogSettings.from(values));
    }
}
