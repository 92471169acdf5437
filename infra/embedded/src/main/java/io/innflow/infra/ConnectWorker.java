package io.innflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because it assembles a Connect worker (plugin folders, offsets, config providers) and its REST calls.
 *
 * A real Kafka Connect worker in standalone mode in this JVM, with its REST API on 127.0.0.1.
 *
 * <p>Source offsets are kept in {@code <dir>/connect.offsets}, so a restart on the same directory
 * resumes where the previous run stopped (Debezium does not snapshot again). Standalone workers do
 * not store connector configs, so {@link #start()} (re)applies every configured connector through
 * {@code PUT /connectors/{name}/config}, which creates or updates it: re-runs are idempotent.
 *
 * <p>Plugins are found through their {@code META-INF/services} manifests ({@code
 * plugin.discovery=service_load}): on the classpath (Debezium, Connect's transforms and JSON
 * converter) and in the folders of {@code plugin.path} (set it with {@link
 * Builder#workerProperty}), which Connect loads in isolation, such as the Avro converter that
 * {@code infra/connect-plugins} builds. The worker's own converters are schemaless {@code
 * JsonConverter}s, which Connect requires; connectors set their own (catalog-source and the
 * analytics sinks: Avro).
 */
public final class ConnectWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    /**
     * The JDBC sinks into PostgreSQL's {@code analytics} schema ({@code connectors/<name>.json}), run by
     * every worker beside the catalog source. Their consumer groups are {@code connect-<name>}.
     */
    public static final List<String> ANALYTICS_SINKS = List.of("analytics-events-sink", "analytics-availability-sink");

    private final Path dir;
    private final String bootstrapServers;
    private final int requestedRestPort;
    private final Map<String, String> overrides;
    private final List<ConnectorConfig> connectors;
    private final Duration startupTimeout;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Connect<StandaloneHerder> connect;
    private URI restUrl;

    private ConnectWorker(Builder b) {
        this.dir = b.dir.toAbsolutePath().normalize();
        this.bootstrapServers = b.bootstrapServers;
        this.requestedRestPort = b.restPort;
        this.overrides = Map.copyOf(b.overrides);
        this.connectors = List.copyOf(b.connectors);
        this.startupTimeout = b.startupTimeout;
    }

    /**
     * A worker keeping its offsets in {@code dir} (the stack uses {@link DataLayout#connect()}) and
     * talking to the brokers at {@code bootstrapServers}.
     */
    public static Builder builder(Path dir, String bootstrapServers) {
        return new Builder(dir, bootstrapServers);
    }

    /**
     * Starts the worker and its REST API, applies the configured connectors and waits until each
     * connector and all its tasks are RUNNING.
     *
     * @throws IllegalStateException if the worker cannot start, or a connector fails or is not
     *     running within the startup timeout
     */
    public synchronized ConnectWorker start() {
        if (connect != null) {
            throw new IllegalStateException("Connect worker already started");
        }
        long begin = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Connect data directory " + dir, e);
        }
        Map<String, String> props = workerProperties();
        connect = startConnect(props);
        restUrl = connect.rest().advertisedUrl();
        log.info("Kafka Connect worker up at {} in {} ms", restUrl, (System.nanoTime() - begin) / 1_000_000);
        try {
            for (ConnectorConfig connector : connectors) {
                apply(connector);
            }
            for (ConnectorConfig connector : connectors) {
                awaitRunning(connector.name(), startupTimeout);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        if (!connectors.isEmpty()) {
            log.info(
                    "connectors {} running after {} ms",
                    connectors.stream().map(ConnectorConfig::name).toList(),
                    (System.nanoTime() - begin) / 1_000_000);
        }
        return this;
    }

    /** The analytics sinks' configs with their placeholders ({@code postgres.*}, {@code registry.api}) resolved. */
    public static List<ConnectorConfig> analyticsSinks(Map<String, String> values) {
        return ANALYTICS_SINKS.stream()
                .map(name -> ConnectorConfigs.load(name, values))
                .toList();
    }

    /** Base URL of the REST API, e.g. {@code http://127.0.0.1:8083/}; valid after {@link #start()}. */
    public String restUrl() {
        requireStarted();
        return restUrl.toString();
    }

    /** Where source offsets are stored. */
    public Path offsetsFile() {
        return dir.resolve("connect.offsets");
    }

    /**
     * Creates the connector or replaces its config ({@code PUT /connectors/{name}/config}).
     *
     * @return true if it was created, false if an existing connector was updated
     */
    public boolean apply(ConnectorConfig connector) {
        Objects.requireNonNull(connector, "connector");
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(endpoint("connectors/" + encode(connector.name()) + "/config"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(connector.configJson())));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("Connect rejected connector " + connector.name() + " (HTTP "
                    + response.statusCode() + "): " + errorMessage(response.body()));
        }
        boolean created = response.statusCode() == 201;
        log.info("connector {} {}", connector.name(), created ? "created" : "updated");
        return created;
    }

    /**
     * The connector's status document ({@code GET /connectors/{name}/status}), or null if Connect
     * does not know the connector.
     */
    public JsonNode status(String connectorName) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(endpoint("connectors/" + encode(connectorName) + "/status"))
                        .GET());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("status of connector " + connectorName + " unavailable (HTTP "
                    + response.statusCode() + "): " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the connector and at least one task, and every task it has, are RUNNING. Fails at
     * once if the connector or a task is FAILED, with Connect's trace in the message.
     */
    public void awaitRunning(String connectorName, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "unknown";
        while (true) {
            JsonNode status = status(connectorName);
            if (status != null) {
                last = status.toString();
                String state = status.path("connector").path("state").asText();
                List<String> taskStates = new ArrayList<>();
                status.path("tasks").forEach(t -> taskStates.add(t.path("state").asText()));
                if ("FAILED".equals(state)) {
                    throw new IllegalStateException("connector " + connectorName + " failed: "
                            + status.path("connector").path("trace").asText());
                }
                for (JsonNode task : status.path("tasks")) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new IllegalStateException("connector " + connectorName + " task "
                                + task.path("id").asText() + " failed: "
                                + task.path("trace").asText());
                    }
                }
                if ("RUNNING".equals(state)
                        && !taskStates.isEmpty()
                        && taskStates.stream().allMatch("RUNNING"::equals)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "connector " + connectorName + " not RUNNING within " + timeout + "; last status: " + last);
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** Stops connectors, tasks (committing their offsets) and the REST server. Idempotent. */
    @Override
    public synchronized void close() {
        if (connect != null) {
            connect.stop();
            connect.awaitStop();
            connect = null;
            log.info("Kafka Connect worker stopped ({})", dir);
        }
    }

    private Map<String, String> workerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        // Required worker settings; every connector of innflow overrides them with its own converters.
        p.put("key.converter", JSON_CONVERTER);
        p.put("key.converter.schemas.enable", "false");
        p.put("value.converter", JSON_CONVERTER);
        p.put("value.converter.schemas.enable", "false");
        p.put("offset.storage.file.filename", offsetsFile().toString());
        // Offsets are also flushed on a clean stop; a short interval bounds the replay after a crash.
        p.put("offset.flush.interval.ms", "5000");
        // Port 0 goes to Jetty as is: it binds a free port and Connect advertises the bound one.
        p.put("listeners", "http://127.0.0.1:" + requestedRestPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("plugin.discovery", "service_load");
        p.putAll(overrides);
        return p;
    }

    /**
     * {@code startConnect} calls {@code Exit.exit} when the worker fails to start, which would end
     * this JVM (broker, tests and all); for the duration of the call, turn that into an exception.
     * It also replaces the caller's context class loader with Connect's plugin loader: put it back.
     */
    private static Connect<StandaloneHerder> startConnect(Map<String, String> props) {
        Thread thread = Thread.currentThread();
        ClassLoader callerLoader = thread.getContextClassLoader();
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka Connect worker failed to start (exit status " + status
                    + (message != null ? ": " + message : "") + ")");
        });
        try {
            return new ConnectStandalone().startConnect(props);
        } finally {
            Exit.resetExitProcedure();
            thread.setContextClassLoader(callerLoader);
        }
    }

    private URI endpoint(String path) {
        requireStarted();
        return restUrl.resolve("/" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Connect REST call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a Connect REST call", e);
        }
    }

    /** Connect's error bodies are {@code {"error_code": ..., "message": ...}}; keep the message. */
    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("message");
            return message.isTextual() ? message.asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // Start-up only: polling Connect's status API between attempts.
    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a connector", e);
        }
    }

    private void requireStarted() {
        if (connect == null) {
            throw new IllegalStateException("Connect worker not started");
        }
    }

    /** Settings for a {@link ConnectWorker}. */
    public static final class Builder {
        private final Path dir;
        private final String bootstrapServers;
        private int restPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final List<ConnectorConfig> connectors = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(90);

        private Builder(Path dir, String bootstrapServers) {
            this.dir = Objects.requireNonNull(dir, "dir");
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        }

        /** The REST port; 0, the default, picks a free port on each start. */
        public Builder restPort(int restPort) {
            this.restPort = Ports.check(restPort);
            return this;
        }

        /** Any worker setting, applied after the defaults (e.g. {@code value.converter}). */
        public Builder workerProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** A connector to create or update on every start, usually from {@code ConnectorConfigs.load}. */
        public Builder connector(ConnectorConfig connector) {
            connectors.add(Objects.requireNonNull(connector, "connector"));
            return this;
        }

        /** Several connectors, as {@link #connector} each. */
        public Builder connectors(List<ConnectorConfig> connectors) {
            connectors.forEach(this::connector);
            return this;
        }

        /** How long {@link #start()} waits for the connectors to run (default 90 s). */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public ConnectWorker build() {
            return new ConnectWorker(this);
        }
    }
}
