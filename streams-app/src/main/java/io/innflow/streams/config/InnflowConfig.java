package io.innflow.streams.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The node's configuration, immutable and typed.
 *
 * <p>Resolved in one order, later sources winning: built-in defaults, then an optional properties
 * file (named by {@code INNFLOW_CONFIG_FILE} or the system property {@code innflow.config.file}),
 * then environment variables, then system properties. A key {@code innflow.http.port} is read from
 * the environment as {@code INNFLOW_HTTP_PORT}. A bad value fails start-up naming the key.
 *
 * @param nodeId unique name of this node; also its reply address for command results
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl base URL of the schema registry (Apicurio, Confluent-compatible API)
 * @param applicationId Kafka Streams application id (consumer group and internal topic prefix)
 * @param stateDir where RocksDB state stores live
 * @param httpHost interface the HTTP server binds to
 * @param httpPort HTTP port (0 picks a free port)
 * @param advertisedHost host name other nodes use to reach this one ({@code application.server})
 * @param partitions partition count for the topics the application creates
 * @param replicationFactor replication factor for those topics
 * @param standbyReplicas Kafka Streams standby replicas
 * @param holdTtl default time to live of a hold
 * @param maxHoldTtl the longest hold a client may ask for
 * @param idempotencyRetention how long a request id is remembered (a repeat within it returns the first result)
 * @param requestTimeout how long an HTTP request waits for its command's result before a 202
 * @param maxPendingRequests bound on in-flight commands waiting for a result (beyond it: 503)
 * @param commitIntervalMs Kafka Streams commit interval (latency of every answer)
 * @param pollMs Kafka Streams poll time when idle (latency of every answer under exactly-once)
 * @param streamThreads Kafka Streams threads
 * @param postgresJdbcUrl the catalog database the partner API writes to (empty: partner API off)
 * @param postgresUser its user
 * @param postgresPassword its password
 * @param clusterSecret the credential nodes present to each other's internal endpoints (header
 *     {@code Innflow-Cluster-Secret}); the default is a fixed development value, set your own in a cluster
 * @param clusterTimeout how long a node waits for another node it forwards a read to, or asks during a
 *     search fan-out
 * @param consistencyWait how long a read carrying a consistency token waits for the store to reach it
 *     before answering 503
 */
public record InnflowConfig(
        String nodeId,
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        Path stateDir,
        String httpHost,
        int httpPort,
        String advertisedHost,
        int partitions,
        short replicationFactor,
        int standbyReplicas,
        Duration holdTtl,
        Duration maxHoldTtl,
        Duration idempotencyRetention,
        Duration requestTimeout,
        int maxPendingRequests,
        long commitIntervalMs,
        long pollMs,
        int streamThreads,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        String clusterSecret,
        Duration clusterTimeout,
        Duration consistencyWait) {

    /** The development default of {@code innflow.cluster.secret}; a real cluster sets its own. */
    public static final String DEV_CLUSTER_SECRET = "innflow-dev-cluster-secret";

    /** Every key this record reads, with its default. */
    public static Map<String, String> defaults() {
        Map<String, String> d = new HashMap<>();
        d.put("innflow.node.id", "node-1");
        d.put("innflow.kafka.bootstrap", "127.0.0.1:9092");
        d.put("innflow.registry.url", "http://127.0.0.1:8081");
        d.put("innflow.application.id", "innflow");
        d.put("innflow.state.dir", "var/streams");
        d.put("innflow.http.host", "0.0.0.0");
        d.put("innflow.http.port", "8080");
        d.put("innflow.advertised.host", "127.0.0.1");
        d.put("innflow.topics.partitions", "6");
        d.put("innflow.topics.replication", "1");
        d.put("innflow.standby.replicas", "0");
        d.put("innflow.hold.ttl", "PT10M");
        d.put("innflow.hold.max-ttl", "PT30M");
        d.put("innflow.idempotency.retention", "PT24H");
        d.put("innflow.request.timeout", "PT5S");
        d.put("innflow.request.max-pending", "10000");
        d.put("innflow.streams.commit-interval-ms", "20");
        d.put("innflow.streams.poll-ms", "5");
        d.put("innflow.streams.threads", "1");
        d.put("innflow.postgres.jdbc-url", "");
        d.put("innflow.postgres.user", "postgres");
        d.put("innflow.postgres.password", "");
        d.put("innflow.cluster.secret", DEV_CLUSTER_SECRET);
        d.put("innflow.cluster.timeout", "PT2S");
        d.put("innflow.read.consistency-wait", "PT1S");
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
        Map<String, String> values = defaults();
        String file =
                System.getProperty("innflow.config.file", System.getenv().getOrDefault("INNFLOW_CONFIG_FILE", ""));
        if (!file.isBlank()) {
            values.putAll(readFile(Path.of(file)));
        }
        for (String key : defaults().keySet()) {
            String env = System.getenv(envName(key));
            if (env != null) {
                values.put(key, env);
            }
            String prop = System.getProperty(key);
            if (prop != null) {
                values.put(key, prop);
            }
        }
        values.putAll(overrides);
        return fromMap(values);
    }

    /** Builds a config from defaults overridden by {@code overrides}; used by tests and the stack. */
    public static InnflowConfig of(Map<String, String> overrides) {
        Map<String, String> values = defaults();
        overrides.forEach((k, v) -> {
            if (!values.containsKey(k)) {
                throw new IllegalArgumentException("Unknown configuration key " + k);
            }
            values.put(k, v);
        });
        return fromMap(values);
    }

    /** The environment variable that sets {@code key}: {@code innflow.http.port} → {@code INNFLOW_HTTP_PORT}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static InnflowConfig fromMap(Map<String, String> v) {
        Reader r = new Reader(v);
        return new InnflowConfig(
                r.get("innflow.node.id", Reader::nonBlank),
                r.get("innflow.kafka.bootstrap", Reader::nonBlank),
                r.get("innflow.registry.url", Reader::nonBlank),
                r.get("innflow.application.id", Reader::nonBlank),
                r.get("innflow.state.dir", Path::of),
                r.get("innflow.http.host", Reader::nonBlank),
                r.get("innflow.http.port", s -> Reader.range(s, 0, 65535)),
                r.get("innflow.advertised.host", Reader::nonBlank),
                r.get("innflow.topics.partitions", s -> Reader.range(s, 1, 10_000)),
                (short) (int) r.get("innflow.topics.replication", s -> Reader.range(s, 1, 32)),
                r.get("innflow.standby.replicas", s -> Reader.range(s, 0, 10)),
                r.get("innflow.hold.ttl", Reader::positiveDuration),
                r.get("innflow.hold.max-ttl", Reader::positiveDuration),
                r.get("innflow.idempotency.retention", Reader::positiveDuration),
                r.get("innflow.request.timeout", Reader::positiveDuration),
                r.get("innflow.request.max-pending", s -> Reader.range(s, 1, 10_000_000)),
                (long) r.get("innflow.streams.commit-interval-ms", s -> Reader.range(s, 1, 600_000)),
                (long) r.get("innflow.streams.poll-ms", s -> Reader.range(s, 1, 60_000)),
                r.get("innflow.streams.threads", s -> Reader.range(s, 1, 64)),
                r.get("innflow.postgres.jdbc-url", String::trim),
                r.get("innflow.postgres.user", String::trim),
                r.get("innflow.postgres.password", s -> s),
                r.get("innflow.cluster.secret", Reader::nonBlank),
                r.get("innflow.cluster.timeout", Reader::positiveDuration),
                r.get("innflow.read.consistency-wait", Reader::positiveDuration));
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** Never prints the database password or the cluster secret. */
    @Override
    public String toString() {
        return "InnflowConfig[nodeId=" + nodeId + ", bootstrapServers=" + bootstrapServers + ", registryUrl="
                + registryUrl + ", applicationId=" + applicationId + ", stateDir=" + stateDir + ", http=" + httpHost
                + ":" + httpPort + ", advertisedHost=" + advertisedHost + ", partitions=" + partitions
                + ", replicationFactor=" + replicationFactor + ", standbyReplicas=" + standbyReplicas + ", holdTtl="
                + holdTtl + ", maxHoldTtl=" + maxHoldTtl + ", idempotencyRetention=" + idempotencyRetention
                + ", requestTimeout=" + requestTimeout
                + ", maxPendingRequests=" + maxPendingRequests + ", commitIntervalMs=" + commitIntervalMs
                + ", pollMs=" + pollMs + ", streamThreads=" + streamThreads + ", postgresJdbcUrl=" + postgresJdbcUrl
                + ", postgresUser=" + postgresUser + ", postgresPassword=***, clusterSecret=***, clusterTimeout="
                + clusterTimeout + ", consistencyWait=" + consistencyWait + "]";
    }

    /** The address other nodes and the results router use for this node. */
    public String applicationServer(int boundPort) {
        return advertisedHost + ":" + boundPort;
    }

    private record Reader(Map<String, String> values) {
        <T> T get(String key, Function<String, T> parse) {
            String raw = values.get(key);
            try {
                return parse.apply(raw == null ? "" : raw.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "Invalid value for " + key + " (" + envName(key) + "): '" + raw + "': " + e.getMessage(), e);
            }
        }

        static String nonBlank(String s) {
            if (s.isBlank()) {
                throw new IllegalArgumentException("must not be blank");
            }
            return s;
        }

        static int range(String s, int min, int max) {
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return n;
        }

        static Duration positiveDuration(String s) {
            Duration d = Duration.parse(s);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be a positive ISO-8601 duration such as PT10M");
            }
            return d;
        }
    }
}
