package io.innflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One innflow node in a JVM of its own ({@code io.innflow.api.node.Main} on this JVM's classpath), so a
 * drill can kill it as a crash would ({@link #kill()}: SIGKILL, no shutdown hook) or stop it cleanly
 * ({@link #stop()}: SIGTERM, the node closes Kafka Streams). Its output goes to a log file.
 */
final class NodeProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String nodeId;
    private final Map<String, String> settings;
    private final Path log;
    private final int port;
    private Process process;

    private NodeProcess(String nodeId, Map<String, String> settings, Path log, int port) {
        this.nodeId = nodeId;
        this.settings = settings;
        this.log = log;
        this.port = port;
    }

    /**
     * The settings of a node of {@code stack}'s cluster: the stack's addresses and secrets, its own id,
     * state directory and a fixed free port (kept across restarts, as a real node's address is), no
     * guest write limit (the drills' load would trip it), one standby replica.
     */
    static NodeProcess of(EmbeddedStack stack, String nodeId, Path stateDir, Path log, Map<String, String> extra) {
        var node = stack.nodeConfig().node();
        int port = freePort();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("innflow.node.id", nodeId);
        values.put("innflow.kafka.bootstrap", node.bootstrapServers());
        values.put("innflow.registry.url", node.registryUrl());
        values.put("innflow.state.dir", stateDir.toString());
        values.put("innflow.http.host", "127.0.0.1");
        values.put("innflow.http.port", Integer.toString(port));
        values.put("innflow.ops.port", "0");
        values.put("innflow.standby.replicas", "1");
        values.put("innflow.postgres.jdbc-url", node.postgresJdbcUrl());
        values.put("innflow.postgres.user", node.postgresUser());
        values.put("innflow.postgres.password", node.postgresPassword());
        values.put("innflow.auth.hmac-secret", stack.nodeConfig().auth().hmacSecret());
        values.put("innflow.limits.guest-writes.per-second", "0");
        values.put("innflow.limits.reads.per-second", "0");
        values.putAll(extra);
        return new NodeProcess(nodeId, Map.copyOf(values), log, port);
    }

    /** Starts the JVM (again, after {@link #kill()} or {@link #stop()}); returns at once. */
    synchronized NodeProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:+UseSerialGC");
        command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.innflow");
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.innflow.api.node.Main");
        try {
            Files.createDirectories(log.getParent());
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // A node must not outlive the test JVM that started it, however that JVM ends.
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, nodeId + "-reaper"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + nodeId, e);
        }
    }

    /** SIGKILL: the JVM ends at once, with Kafka Streams' transactions open and nothing flushed. */
    synchronized void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM: the node's shutdown hook closes Kafka Streams and the HTTP server. */
    synchronized void stop() {
        process.destroy();
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** True when {@code /health/ready} answers 200. */
    boolean ready() {
        if (!alive()) {
            return false;
        }
        try {
            HttpResponse<Void> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String id() {
        return nodeId;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path stateDir() {
        return Path.of(settings.get("innflow.state.dir"));
    }

    Path log() {
        return log;
    }

    @Override
    public synchronized void close() {
        if (alive()) {
            stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
