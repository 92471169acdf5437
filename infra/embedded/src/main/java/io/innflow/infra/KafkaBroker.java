package io.innflow.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because it writes, formats and runs a KRaft broker and controller in one place; each step is short.
 *
 * A real Apache Kafka broker in this JVM: one KRaft node that is both broker and controller,
 * listening on 127.0.0.1.
 *
 * <p>On the first start the data directory is formatted ({@code kafka.tools.StorageTool}); later
 * starts on the same directory keep every topic and offset. {@code server.properties} is rewritten
 * into the data directory on each start, so it always shows the settings in use.
 *
 * <p>Topics are not auto-created: every producer of a topic creates it with explicit settings (the
 * application's topic registry; Kafka Connect through {@code topic.creation.*}), as in a cluster.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int requestedPort;
    private final int requestedControllerPort;
    private final Map<String, String> overrides;
    private final Duration startupTimeout;

    private KafkaRaftServer server;
    private int port;
    private int controllerPort;

    private KafkaBroker(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.requestedPort = b.port;
        this.requestedControllerPort = b.controllerPort;
        this.overrides = Map.copyOf(b.overrides);
        this.startupTimeout = b.startupTimeout;
    }

    /** A broker keeping its state in {@code dataDir} (the stack uses {@link DataLayout#kafka()}). */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Formats the data directory if needed, starts the node and waits until it serves clients. */
    public synchronized KafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already started");
        }
        long started = System.nanoTime();
        port = Ports.resolve(requestedPort);
        controllerPort = Ports.resolve(requestedControllerPort);
        if (controllerPort == port) {
            controllerPort = Ports.free();
        }
        Properties props = serverProperties();
        Path propsFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(logDir());
            try (Writer w = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                props.store(w, "written by " + KafkaBroker.class.getName() + " on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
        boolean formatted = formatIfNeeded(propsFile);
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            s.startup();
            awaitReady();
        } catch (RuntimeException e) {
            shutdown(s);
            throw e;
        }
        server = s;
        log.info(
                "Kafka broker ready at {} ({} data in {}) in {} ms",
                bootstrapServers(),
                formatted ? "new" : "existing",
                dataDir,
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /** {@code host:port} for {@code bootstrap.servers}; valid after {@link #start()}. */
    public String bootstrapServers() {
        requireStarted();
        return "127.0.0.1:" + port;
    }

    /** The client port; valid after {@link #start()}. */
    public int port() {
        requireStarted();
        return port;
    }

    /** The KRaft controller port; valid after {@link #start()}. */
    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the node and waits until its log is closed cleanly. Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            shutdown(server);
            server = null;
            log.info("Kafka broker stopped ({})", dataDir);
        }
    }

    private Properties serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        // A static voter set (kraft.version 0) stores no endpoints, so a restart may use other ports.
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir().toString());
        p.put("num.partitions", "6");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // A transaction that starts right after the last one committed finds its markers still being written;
        // the broker retries its first write after this backoff (default 20 ms, added to the answer).
        p.put("add.partitions.to.txn.retry.backoff.ms", String.valueOf(TXN_RETRY_BACKOFF_MS));
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    /**
     * The broker's {@code add.partitions.to.txn.retry.backoff.ms}: innflow's nodes commit as soon as their
     * commands are processed, so their next transaction often begins while the broker still writes the
     * last one's markers (docs/benchmarks.md, "Where the time went"). Brokers innflow runs on should set it too.
     */
    public static final int TXN_RETRY_BACKOFF_MS = 2;

    private Path logDir() {
        return dataDir.resolve("logs");
    }

    private boolean formatIfNeeded(Path propsFile) {
        if (Files.exists(logDir().resolve("meta.properties"))) {
            return false;
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc;
        try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            rc = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", propsFile.toString()}, ps);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "formatting Kafka data directory " + logDir() + " failed: " + e.getMessage(), e);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka data directory " + logDir() + " failed (exit " + rc
                    + "): " + out.toString(StandardCharsets.UTF_8).trim());
        }
        log.info("formatted Kafka data directory {} (cluster id {})", logDir(), clusterId);
        return true;
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + port,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) startupTimeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            // Metadata requests succeed before the broker is unfenced; listing topics needs it unfenced.
            admin.listTopics().names().get(startupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka broker on port " + port + " not ready within " + startupTimeout, e);
        }
    }

    private static void shutdown(KafkaRaftServer s) {
        s.shutdown();
        s.awaitShutdown();
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("broker not started");
        }
    }

    /** Settings for a {@link KafkaBroker}; every one has a working default. */
    public static final class Builder {
        private final Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** The client (PLAINTEXT) port; 0, the default, picks a free port on each start. */
        public Builder port(int port) {
            this.port = Ports.check(port);
            return this;
        }

        /** The KRaft controller port; 0, the default, picks a free port on each start. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = Ports.check(controllerPort);
            return this;
        }

        /** Default partition count of new topics ({@code num.partitions}, 6 unless set). */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be positive: " + partitions);
            }
            return property("num.partitions", String.valueOf(partitions));
        }

        /** Any broker setting, applied after the defaults (e.g. {@code auto.create.topics.enable}). */
        public Builder property(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public KafkaBroker build() {
            return new KafkaBroker(this);
        }
    }
}
