package io.innflow.streams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one node needs to run: its identity, the servers it talks to, its HTTP server, its Kafka
 * Streams runtime, the cluster it belongs to and the catalog database. The topology's own settings
 * are {@link TopologySettings}.
 *
 * @param nodeId unique name of this node; also its reply address for command results
 * @param bootstrapServers Kafka bootstrap servers
 * @param registryUrl base URL of the schema registry (Apicurio, Confluent-compatible API)
 * @param applicationId Kafka Streams application id (consumer group and internal topic prefix)
 * @param stateDir where RocksDB state stores live
 * @param httpHost interface the HTTP server binds to
 * @param httpPort HTTP port (0 picks a free port)
 * @param advertisedHost host name other nodes use to reach this one ({@code application.server})
 * @param replicationFactor replication factor of the topics the application creates
 * @param standbyReplicas Kafka Streams standby replicas
 * @param requestTimeout how long an HTTP request waits for its command's result before a 202
 * @param maxPendingRequests bound on in-flight commands waiting for a result (beyond it: 503)
 * @param commitIntervalMs Kafka Streams commit interval (latency of every answer)
 * @param pollMs Kafka Streams poll time when idle (latency of every answer under exactly-once)
 * @param streamThreads Kafka Streams threads
 * @param streamsMaxTaskIdleMs Kafka Streams {@code max.task.idle.ms}: how long a task with an input partition
 *     that has no buffered records waits for it before processing its others (-1: never waits)
 * @param streamsFetchMaxWaitMs how long the broker may hold a Kafka Streams fetch open waiting for data
 * @param streamsLingerMs Kafka Streams producer {@code linger.ms}
 * @param facadeFetchMaxWaitMs how long the broker may hold the result reader's fetch open waiting for data
 * @param facadeLingerMs the command producer's {@code linger.ms}
 * @param clusterSecret the credential nodes present to each other's internal endpoints
 * @param clusterTimeout how long a node waits for another node it forwards a read to, or asks during a search
 * @param consistencyWait how long a read carrying a consistency token waits for the store to reach it
 * @param postgresJdbcUrl the catalog database the partner API writes to (empty: partner API off)
 * @param postgresUser its user
 * @param postgresPassword its password
 * @param clusterDevelopment declares a development cluster, where replication factor 1 is accepted on
 *     more than one broker
 */
public record NodeSettings(
        String nodeId,
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        Path stateDir,
        String httpHost,
        int httpPort,
        String advertisedHost,
        short replicationFactor,
        int standbyReplicas,
        Duration requestTimeout,
        int maxPendingRequests,
        long commitIntervalMs,
        long pollMs,
        int streamThreads,
        long streamsMaxTaskIdleMs,
        int streamsFetchMaxWaitMs,
        int streamsLingerMs,
        int facadeFetchMaxWaitMs,
        int facadeLingerMs,
        String clusterSecret,
        Duration clusterTimeout,
        Duration consistencyWait,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        boolean clusterDevelopment) {

    /** The development default of {@code innflow.cluster.secret}; a real cluster sets its own. */
    public static final String DEV_CLUSTER_SECRET = "innflow-dev-cluster-secret";

    public static final Setting<String> NODE_ID = Setting.of(
            "innflow.node.id",
            "node-1",
            Setting::nonBlank,
            "unique node name; also its reply address for command results");
    public static final Setting<String> KAFKA_BOOTSTRAP =
            Setting.of("innflow.kafka.bootstrap", "127.0.0.1:9092", Setting::nonBlank, "Kafka bootstrap servers");
    public static final Setting<String> REGISTRY_URL = Setting.of(
            "innflow.registry.url",
            "http://127.0.0.1:8081",
            Setting::nonBlank,
            "schema registry base URL (Apicurio 2.x; the serde uses `/apis/registry/v2`)");
    public static final Setting<String> APPLICATION_ID =
            Setting.of("innflow.application.id", "innflow", Setting::nonBlank, "Kafka Streams application id");
    public static final Setting<Path> STATE_DIR =
            Setting.of("innflow.state.dir", "var/streams", Path::of, "RocksDB state directory");
    public static final Setting<String> HTTP_HOST =
            Setting.of("innflow.http.host", "0.0.0.0", Setting::nonBlank, "HTTP bind address");
    public static final Setting<Integer> HTTP_PORT =
            Setting.of("innflow.http.port", "8080", Setting.between(0, 65535), "HTTP port (0 picks a free one)");
    public static final Setting<String> ADVERTISED_HOST = Setting.of(
            "innflow.advertised.host",
            "127.0.0.1",
            Setting::nonBlank,
            "host other nodes use to reach this one (`application.server`)");
    public static final Setting<Integer> REPLICATION =
            Setting.of("innflow.topics.replication", "1", Setting.between(1, 32), "replication factor (cluster: 3)");
    public static final Setting<Integer> STANDBY_REPLICAS = Setting.of(
            "innflow.standby.replicas", "0", Setting.between(0, 10), "Kafka Streams standby replicas (cluster: 1)");
    public static final Setting<Duration> REQUEST_TIMEOUT = Setting.of(
            "innflow.request.timeout",
            "PT5S",
            Setting::positiveDuration,
            "how long an HTTP request waits for its result before answering 202");
    public static final Setting<Integer> REQUEST_MAX_PENDING = Setting.of(
            "innflow.request.max-pending",
            "10000",
            Setting.between(1, 10_000_000),
            "bound on requests waiting for results on one node, counting those answered 202 whose command the"
                    + " topology has not answered yet (each for at most twelve request timeouts, a minute at"
                    + " least), so a topology that fell behind stops taking new commands instead of queueing them"
                    + " without end (beyond: 503 overloaded)");
    public static final Setting<Integer> COMMIT_INTERVAL_MS = Setting.of(
            "innflow.streams.commit-interval-ms",
            "100",
            Setting.between(1, 600_000),
            "Kafka Streams commit interval: the longest a processed command waits for its commit under load that"
                    + " never pauses (see `innflow.streams.commit-when-idle`)");
    public static final Setting<Integer> POLL_MS = Setting.of(
            "innflow.streams.poll-ms",
            "1",
            Setting.between(1, 60_000),
            "Kafka Streams poll time: how long the stream thread waits for records before it runs its"
                    + " punctuations, among them the idle commit (`innflow.streams.commit-when-idle`), which cannot"
                    + " see the thread idle sooner than this");
    public static final Setting<Integer> STREAM_THREADS = Setting.of(
            "innflow.streams.threads",
            "1",
            Setting.between(1, 64),
            "stream threads; two were slower than one on a 2-core machine, for the hold path and for a bare"
                    + " Kafka Streams round trip alike (docs/benchmarks.md); more may pay on a node with more cores");
    public static final Setting<Long> STREAMS_MAX_TASK_IDLE_MS = Setting.of(
            "innflow.streams.max-task-idle-ms",
            "-1",
            v -> Setting.between(-1, 600_000).apply(v).longValue(),
            "how long a task waits for an input partition without buffered records before processing its others"
                    + " (`max.task.idle.ms`; -1: never waits)");
    public static final Setting<Integer> STREAMS_FETCH_MAX_WAIT_MS = Setting.of(
            "innflow.streams.fetch-max-wait-ms",
            "5",
            Setting.between(0, 60_000),
            "how long the broker may hold a fetch of Kafka Streams open waiting for new records (`fetch.max.wait.ms`)");
    public static final Setting<Integer> STREAMS_LINGER_MS = Setting.of(
            "innflow.streams.linger-ms",
            "100",
            Setting.between(0, 60_000),
            "how long the Kafka Streams producer waits to fill a batch (`linger.ms`); under exactly-once nothing"
                    + " it sends is read before the commit, which sends what waits, so waiting as long as the"
                    + " commit interval makes each commit's records one produce request per broker, at the cost"
                    + " of one round trip that a lone request's commit no longer overlaps");
    public static final Setting<Integer> FACADE_FETCH_MAX_WAIT_MS = Setting.of(
            "innflow.facade.fetch-max-wait-ms",
            "5",
            Setting.between(0, 60_000),
            "how long the broker may hold the result reader's fetch open waiting for new results (`fetch.max.wait.ms`)");
    public static final Setting<Integer> FACADE_LINGER_MS = Setting.of(
            "innflow.facade.linger-ms",
            "0",
            Setting.between(0, 60_000),
            "how long the command producer waits to fill a batch (`linger.ms`)");
    public static final Setting<String> CLUSTER_SECRET = Setting.of(
            "innflow.cluster.secret",
            DEV_CLUSTER_SECRET,
            Setting::nonBlank,
            "the credential nodes present to each other's internal endpoints (`Innflow-Cluster-Secret`). The"
                    + " default is a fixed, public development value: a node refuses to start with it unless it"
                    + " binds and advertises loopback addresses only. Every node of a cluster must share one"
                    + " secret of its own (set `INNFLOW_CLUSTER_SECRET`). Never printed");
    public static final Setting<Duration> CLUSTER_TIMEOUT = Setting.of(
            "innflow.cluster.timeout",
            "PT2S",
            Setting::positiveDuration,
            "how long a node waits for another one it forwards a read to, or asks during a search; also the"
                    + " connect timeout");
    public static final Setting<Duration> CONSISTENCY_WAIT = Setting.of(
            "innflow.read.consistency-wait",
            "PT1S",
            Setting::positiveDuration,
            "how long a read with a consistency token waits for the store to reach it before answering 503");
    public static final Setting<String> POSTGRES_JDBC_URL = Setting.of(
            "innflow.postgres.jdbc-url",
            "",
            Setting::text,
            "the catalog database the partner and admin API write ([partner-api.md](partner-api.md)); empty"
                    + " turns that API off on this node (it serves guests only). The embedded stack sets it");
    public static final Setting<String> POSTGRES_USER = Setting.of(
            "innflow.postgres.user", "postgres", Setting::text, "its user (the node keeps a pool of 8 connections)");
    public static final Setting<String> POSTGRES_PASSWORD =
            Setting.of("innflow.postgres.password", "", Setting::text, "its password (never printed)");

    public static final Setting<Boolean> CLUSTER_DEVELOPMENT = Setting.of(
            "innflow.cluster.development",
            "false",
            Setting::bool,
            "declares a development cluster: the node then accepts replication factor 1 on a cluster of more"
                    + " than one broker (by default it refuses to start)");

    /** Every key of a node, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(
            NODE_ID,
            KAFKA_BOOTSTRAP,
            REGISTRY_URL,
            APPLICATION_ID,
            STATE_DIR,
            HTTP_HOST,
            HTTP_PORT,
            ADVERTISED_HOST,
            REPLICATION,
            STANDBY_REPLICAS,
            REQUEST_TIMEOUT,
            REQUEST_MAX_PENDING,
            COMMIT_INTERVAL_MS,
            POLL_MS,
            STREAM_THREADS,
            STREAMS_MAX_TASK_IDLE_MS,
            STREAMS_FETCH_MAX_WAIT_MS,
            STREAMS_LINGER_MS,
            FACADE_FETCH_MAX_WAIT_MS,
            FACADE_LINGER_MS,
            CLUSTER_SECRET,
            CLUSTER_TIMEOUT,
            CONSISTENCY_WAIT,
            POSTGRES_JDBC_URL,
            POSTGRES_USER,
            POSTGRES_PASSWORD,
            CLUSTER_DEVELOPMENT);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static NodeSettings from(Map<String, String> values) {
        return new NodeSettings(
                NODE_ID.read(values),
                KAFKA_BOOTSTRAP.read(values),
                REGISTRY_URL.read(values),
                APPLICATION_ID.read(values),
                STATE_DIR.read(values),
                HTTP_HOST.read(values),
                HTTP_PORT.read(values),
                ADVERTISED_HOST.read(values),
                (short) (int) REPLICATION.read(values),
                STANDBY_REPLICAS.read(values),
                REQUEST_TIMEOUT.read(values),
                REQUEST_MAX_PENDING.read(values),
                COMMIT_INTERVAL_MS.read(values),
                POLL_MS.read(values),
                STREAM_THREADS.read(values),
                STREAMS_MAX_TASK_IDLE_MS.read(values),
                STREAMS_FETCH_MAX_WAIT_MS.read(values),
                STREAMS_LINGER_MS.read(values),
                FACADE_FETCH_MAX_WAIT_MS.read(values),
                FACADE_LINGER_MS.read(values),
                CLUSTER_SECRET.read(values),
                CLUSTER_TIMEOUT.read(values),
                CONSISTENCY_WAIT.read(values),
                POSTGRES_JDBC_URL.read(values),
                POSTGRES_USER.read(values),
                POSTGRES_PASSWORD.read(values),
                CLUSTER_DEVELOPMENT.read(values));
    }

    /** The address other nodes and the results router use for this node. */
    public String applicationServer(int boundPort) {
        return advertisedHost + ":" + boundPort;
    }

    /** Never prints the database password or the cluster secret. */
    @Override
    public String toString() {
        return "NodeSettings[nodeId=" + nodeId + ", bootstrapServers=" + bootstrapServers + ", registryUrl="
                + registryUrl + ", applicationId=" + applicationId + ", stateDir=" + stateDir + ", http=" + httpHost
                + ":" + httpPort + ", advertisedHost=" + advertisedHost + ", replicationFactor=" + replicationFactor
                + ", standbyReplicas=" + standbyReplicas + ", requestTimeout=" + requestTimeout
                + ", maxPendingRequests=" + maxPendingRequests + ", commitIntervalMs=" + commitIntervalMs
                + ", pollMs=" + pollMs + ", streamThreads=" + streamThreads + ", clusterSecret=***, clusterTimeout="
                + clusterTimeout + ", consistencyWait=" + consistencyWait + ", postgresJdbcUrl=" + postgresJdbcUrl
                + ", postgresUser=" + postgresUser + ", postgresPassword=***]";
    }
}
