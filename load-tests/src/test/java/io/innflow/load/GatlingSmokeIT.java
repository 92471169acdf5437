package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.Simulation;
import io.innflow.api.node.InnflowNode;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.load.gatling.HotHotel;
import io.innflow.load.gatling.MarketplaceMix;
import io.innflow.load.gatling.SingleClient;
import io.innflow.streams.config.NodeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of every Gatling simulation, so they keep working: the embedded stack (small demo
 * catalog) and a node without the guest limits, then each simulation for a few seconds at a tiny
 * load through Gatling's own entry point ({@code io.gatling.app.Gatling}), in this JVM. A run passes when Gatling reports every one of
 * the simulation's assertions met: each declares no KO and at least one OK answer of every kind of
 * request it makes (MarketplaceMix without its latency targets, which a shared CI machine cannot
 * promise). Reports go to {@code target/gatling-smoke}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GatlingSmokeIT {

    @TempDir
    static Path dataDir;

    private final Path results = Path.of("target/gatling-smoke");
    private EmbeddedStack stack;
    private InnflowNode node;
    private Path tokens;

    @BeforeAll
    void startStack() throws Exception {
        stack = EmbeddedStack.withoutNode(StackSettings.forTests(dataDir), null, Map.of());
        tokens = stack.writeDemoTokens().orElseThrow();
        NodeSettings stackNode = stack.nodeConfig().node();
        Map<String, String> values = new HashMap<>();
        // HotHotel gives its room type rooms through the partner API, which writes to PostgreSQL.
        values.put("innflow.postgres.jdbc-url", stackNode.postgresJdbcUrl());
        values.put("innflow.postgres.user", stackNode.postgresUser());
        values.put("innflow.postgres.password", stackNode.postgresPassword());
        // A busy CI machine can take seconds over a fresh node's first transactions: answer them, not 202.
        values.put("innflow.request.timeout", "PT30S");
        node = BenchNode.start(stack, BenchNode.config(stack, dataDir.resolve("smoke-streams"), values));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(node::ready);
        Files.createDirectories(results);
    }

    @AfterAll
    void stopStack() throws Exception {
        if (node != null) {
            node.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hotHotel() {
        run(HotHotel.class, Map.of("innflow.clients", "2", "innflow.step-seconds", "2", "innflow.allotment", "1000"));
    }

    @Test
    void singleClient() {
        run(SingleClient.class, Map.of("innflow.seconds", "2"));
    }

    @Test
    void marketplaceMix() {
        // 100 arrivals in the step: one full turn of the mix's pattern, so every kind of request is made; a short
        // warm-up keeps its path working.
        run(
                MarketplaceMix.class,
                Map.of(
                        "innflow.rates", "25",
                        "innflow.step-seconds", "4",
                        "innflow.warmup-seconds", "2",
                        "innflow.guests", "4",
                        "innflow.seeds", "4",
                        "innflow.checkin-span", "30",
                        "innflow.assert-targets", "false"));
    }

    /** Runs {@code simulation} against the node with {@code settings}; asserts Gatling's status (0: every assertion met). */
    private void run(Class<? extends Simulation> simulation, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("innflow.url", "http://127.0.0.1:" + node.port());
        properties.put("innflow.tokens", tokens.toString());
        properties.forEach(System::setProperty);
        try {
            int status = Gatling$.MODULE$.fromArgs(new String[] {
                "--simulation", simulation.getName(),
                "--results-folder", results.toAbsolutePath().toString(),
                "--run-description", "smoke"
            });
            assertThat(status)
                    .as(
                            "Gatling status of %s (0: every assertion met; the console above names a failed one;"
                                    + " reports under %s)",
                            simulation.getSimpleName(), results)
                    .isZero();
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
