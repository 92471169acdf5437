package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** What operators see: consumer lag against the Admin API, the Grafana dashboard's metrics, the /ops page. */
@ExtendWith(SharedStack.class)
class OpsIT {

    private static final String COMMANDS = "reservation-commands";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedStack stack;
    private static ApiClient api;
    private static ApiClient ops;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) {
        stack = shared;
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, "ops-guest"));
        ops = new ApiClient("http://127.0.0.1:" + stack.node().opsPort());
    }

    @Test
    void shouldShowLagWhileProcessingIsPausedAndAgreeWithTheAdminApi() throws Exception {
        String group = stack.nodeConfig().node().applicationId();
        // One command processed first, so the group has a committed offset on the hotel's partition.
        assertThat(api.post("/v1/hotels/ops-it-lag/holds", "ops-it-lag-first-" + System.nanoTime(), hold())
                        .status())
                .isEqualTo(404);
        await().atMost(Duration.ofSeconds(30)).until(() -> adminLag(group).keySet().stream()
                .anyMatch(tp -> tp.topic().equals(COMMANDS)));
        long before = commandLagOf(adminLag(group));
        List<CompletableFuture<ApiClient.Response>> answers = new ArrayList<>();
        stack.node().pauseProcessing();
        try {
            // Commands produced while nothing processes them: the answers wait (202 after the timeout).
            for (int i = 0; i < 5; i++) {
                answers.add(api.postAsync(
                        "/v1/hotels/ops-it-lag/holds", "ops-it-lag-" + i + "-" + System.nanoTime(), hold()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> commandLag(lagRows(), group) >= before + 5);
            Map<TopicPartition, Long> admin = adminLag(group);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<TopicPartition, Long> shown = new HashMap<>();
                for (JsonNode row : lagRows()) {
                    if (row.path("group").asText().equals(group)) {
                        shown.put(
                                new TopicPartition(
                                        row.path("topic").asText(),
                                        row.path("partition").asInt()),
                                row.path("lag").asLong());
                    }
                }
                assertThat(shown).containsAllEntriesOf(admin);
                String metrics = ops.get("/metrics").body();
                admin.forEach((tp, lag) -> {
                    if (tp.topic().equals(COMMANDS) && lag > 0) {
                        assertThat(metricValue(metrics, "innflow_consumer_lag", group, tp))
                                .as("lag metric of %s", tp)
                                .isEqualTo(lag.doubleValue());
                    }
                });
            });
            assertThat(commandLagOf(admin)).isGreaterThanOrEqualTo(before + 5);
        } finally {
            stack.node().resumeProcessing();
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(60)).until(() -> commandLag(lagRows(), group) == 0);
    }

    @Test
    void shouldExportEveryMetricTheGrafanaDashboardQueries() throws Exception {
        // Traffic first, so counters that appear on first use exist: an event, a rejection, a replay.
        new TestCatalog(stack.postgres().dataSource())
                .hotel(
                        "ops-it-hotel",
                        "Opsville",
                        2,
                        50,
                        10_000,
                        LocalDate.now().plusDays(40),
                        3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.post("/v1/hotels/ops-it-hotel/holds", "ops-it-placed-" + System.nanoTime(), hold())
                                .status()
                        == 201);
        api.post("/v1/hotels/ops-it-metrics/holds", "ops-it-metrics-1", hold());
        api.post("/v1/hotels/ops-it-metrics/holds", "ops-it-metrics-1", hold());
        JsonNode dashboard = JSON.readTree(RepositoryRoot.find()
                .resolve("infra/grafana/dashboards/innflow.json")
                .toFile());
        Set<String> queried = new TreeSet<>();
        Pattern name = Pattern.compile("\\b(innflow_[a-z_]+|kafka_[a-z_]+|jvm_[a-z_]+)");
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            Matcher m = name.matcher(target.path("expr").asText());
            while (m.find()) {
                queried.add(m.group(1));
            }
        }));
        assertThat(queried).contains("innflow_consumer_lag", "innflow_commands_processed_total");

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            String metrics = ops.get("/metrics").body();
            Set<String> exported = new TreeSet<>();
            for (String line : metrics.split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
            assertThat(exported).containsAll(queried);
        });
    }

    @Test
    void anIdleNodeCommitsNoTransactions() throws Exception {
        // A hold first: the node then has a hold pending expiry and a request in its idempotency window, and
        // neither may keep it committing while nothing happens.
        new TestCatalog(stack.postgres().dataSource())
                .hotel("ops-it-idle", "Idleton", 1, 50, 10_000, LocalDate.now().plusDays(40), 3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.post("/v1/hotels/ops-it-idle/holds", "ops-it-idle-" + System.nanoTime(), hold())
                                .status()
                        == 201);

        // Other tests' holds may expire meanwhile, and an expiry is a transaction: wait for a quiet stretch.
        // Before the idle commit's check ran only while a commit was pending, an idle node committed an
        // empty transaction on every commit interval (ten a second), and never had one.
        double[] last = {Double.NaN};
        await().atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    double commits = streamThreadCommits();
                    boolean quiet = commits == last[0];
                    last[0] = commits;
                    return quiet;
                });
    }

    /** Kafka Streams' own count of the node's stream-thread commits, summed over its threads. */
    private static double streamThreadCommits() {
        double total = 0;
        int threads = 0;
        for (String line : ops.get("/metrics").body().split("\n")) {
            if (line.startsWith("kafka_stream_thread_commit_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                threads++;
            }
        }
        assertThat(threads)
                .as("the node exports its stream threads' commit counts")
                .isPositive();
        return total;
    }

    @Test
    void shouldDrawChartsWithLiveDataOnTheOpsPage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "no Chromium here");
        AtomicBoolean flowing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread traffic = new Thread(() -> {
            while (flowing.get()) {
                api.post("/v1/hotels/ops-it-page/holds", "ops-it-page-" + sent.incrementAndGet(), hold());
                // A steady guest: about 12 holds a second, under the default guest write limit (20/s)
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(80));
            }
        });
        traffic.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://127.0.0.1:" + stack.node().opsPort() + "/ops");
            JavascriptExecutor js = browser;
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Object commands = js.executeScript("const c = window.opsState && window.opsState.charts.commands;"
                        + " return c ? Math.max(0, ...c.data.datasets[0].data) : 0;");
                return ((Number) commands).doubleValue() > 0;
            });
            Object lagSeries = js.executeScript("return window.opsState.charts.lag.data.datasets.length;");
            assertThat(((Number) lagSeries).intValue()).as("lag series drawn").isPositive();
            // The latency percentiles come from a histogram window that may not hold a sample at the
            // refresh that first drew commands; holds keep flowing, so the next refreshes draw it
            await("hold latency p99 drawn")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number)
                                            js.executeScript(
                                                    "return Math.max(0, ...window.opsState.charts.latency.data.datasets[2].data);"))
                                    .doubleValue()
                            > 0);
            // The searches in progress drawn beside the waiters, from the node's gauge (none run here: zeros)
            Object searches = js.executeScript("const d = window.opsState.charts.waiters.data.datasets[3];"
                    + " return d.label + ': ' + d.data.filter(v => v === 0).length + ' of ' + d.data.length;");
            assertThat(searches.toString()).matches("searches in progress: ([1-9][0-9]*) of \\1");
            Object status = js.executeScript("return window.opsState.last.health.status;");
            assertThat(status).isEqualTo("UP");
            Path screenshot = Path.of("target", "ops-page.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
            flowing.set(false);
            traffic.join(10_000);
        }
    }

    private static String hold() {
        LocalDate in = LocalDate.now().plusDays(40);
        return "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                + "\",\"quantity\":1}";
    }

    private static JsonNode lagRows() throws Exception {
        ApiClient.Response response = ops.get("/ops/lag");
        assertThat(response.status()).isEqualTo(200);
        return JSON.readTree(response.body()).path("rows");
    }

    private static long commandLagOf(Map<TopicPartition, Long> lag) {
        return lag.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(COMMANDS))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static long commandLag(JsonNode rows, String group) {
        long sum = 0;
        for (JsonNode row : rows) {
            if (row.path("group").asText().equals(group)
                    && row.path("topic").asText().equals(COMMANDS)) {
                sum += row.path("lag").asLong();
            }
        }
        return sum;
    }

    /** Committed offsets against read_committed end offsets, computed here independently of the node. */
    private static Map<TopicPartition, Long> adminLag(String group) throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            committed.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get();
            Map<TopicPartition, Long> lag = new HashMap<>();
            committed.forEach(
                    (tp, offset) -> lag.put(tp, Math.max(0, ends.get(tp).offset() - offset.offset())));
            return lag;
        }
    }

    private static double metricValue(String metrics, String name, String group, TopicPartition tp) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "{")
                    && line.contains("group=\"" + group + "\"")
                    && line.contains("topic=\"" + tp.topic() + "\"")
                    && line.contains("partition=\"" + tp.partition() + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}
