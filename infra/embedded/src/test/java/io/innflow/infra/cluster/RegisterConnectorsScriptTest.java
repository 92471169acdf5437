package io.innflow.infra.cluster;

import static io.innflow.infra.cluster.ClusterFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs infra/docker/register-connectors.sh, with the environment of the compose file's connect-init
 * service, against a stand-in for Connect's REST API, and checks it sends what ConnectorConfigs (the
 * embedded run's loader) makes of each connectors/*.json.
 */
class RegisterConnectorsScriptTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = ROOT.resolve("infra/docker/register-connectors.sh");

    private final Map<String, String> received = new ConcurrentHashMap<>();
    private volatile int putStatus = 201;
    private HttpServer connect;

    @BeforeEach
    void startConnectStandIn() throws IOException {
        for (String tool : new String[] {"bash", "jq", "curl"}) {
            assumeTrue(onPath(tool), tool + " is not installed");
        }
        connect = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        connect.createContext("/connectors", this::handle);
        connect.start();
    }

    @AfterEach
    void stop() {
        if (connect != null) {
            connect.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        String body;
        int status = 200;
        if (path.equals("/connectors")) {
            body = "[]";
        } else if (exchange.getRequestMethod().equals("PUT") && path.endsWith("/config")) {
            received.put(parts[2], new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            status = putStatus;
            body = status < 300 ? "{}" : "{\"error_code\":400,\"message\":\"bad config\"}";
        } else {
            body = "{\"name\":\"" + parts[2] + "\",\"connector\":{\"state\":\"RUNNING\"},"
                    + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\"}]}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** connect-init's environment from docker-compose.yml, with .env.example's values. */
    private Map<String, String> composeInitEnv() throws IOException {
        JsonNode init = new YAMLMapper()
                .readTree(ROOT.resolve("docker-compose.yml").toFile())
                .at("/services/connect-init/environment");
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> dotEnv = ClusterFiles.envExample();
        ClusterFiles.fields(init).forEach((k, v) -> env.put(k, ClusterFiles.interpolate(v, dotEnv)));
        env.put("CONNECT_URL", "http://127.0.0.1:" + connect.getAddress().getPort());
        return env;
    }

    private Process run(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        "bash", SCRIPT.toString(), ROOT.resolve("connectors").toString())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("CONNECTOR_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process;
    }

    @Test
    void shouldRegisterEveryConnectorAsTheEmbeddedRunResolvesIt() throws Exception {
        Map<String, String> env = composeInitEnv();

        Process process = run(env);

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        for (Path file : ClusterFiles.connectorFiles()) {
            Map<String, String> values = new LinkedHashMap<>();
            ClusterFiles.connectorPlaceholders(file)
                    .forEach(p -> values.put(p, env.get(ClusterFiles.connectorEnvName(p))));
            ConnectorConfig expected = ConnectorConfigs.parse(file.toString(), ClusterFiles.read(file), values);

            assertThat(received).containsKey(expected.name());
            assertThat(JSON.readTree(received.get(expected.name()))).isEqualTo(JSON.readTree(expected.configJson()));
            assertThat(output)
                    .contains("connector " + expected.name() + " created", "connector " + expected.name() + " running");
        }
        assertThat(received).hasSameSizeAs(ClusterFiles.connectorFiles());
        assertThat(JSON.readTree(received.get("catalog-source"))
                        .path("database.password")
                        .asText())
                .isEqualTo("${env:POSTGRES_PASSWORD}");
    }

    @Test
    void shouldFailNamingTheVariableOfAPlaceholderWithoutValue() throws Exception {
        Map<String, String> env = composeInitEnv();
        env.remove("CONNECTOR_POSTGRES_HOST");

        Process process = run(env);

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("${postgres.host}", "CONNECTOR_POSTGRES_HOST");
        assertThat(received).isEmpty();
    }

    @Test
    void shouldFailWhenConnectRejectsAConfig() throws Exception {
        putStatus = 400;

        Process process = run(composeInitEnv());

        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("Connect rejected", "HTTP 400", "bad config");
    }

    private static boolean onPath(String tool) {
        try {
            return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
