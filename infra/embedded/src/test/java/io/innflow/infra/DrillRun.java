package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.api.cluster.Ownership;
import io.innflow.infra.DrillChecker.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every drill does around its fault: hotels of its own, guests' load against the nodes, then the
 * check of the history against the final state, recorded under {@code target/drills/}.
 */
final class DrillRun {

    private static final Logger log = LoggerFactory.getLogger(DrillRun.class);
    static final Path RESULTS = Path.of("target", "drills");
    /** Few nights and rooms, so guests compete for the last room of a night. */
    static final int NIGHTS = 4;

    static final int ALLOTMENT = 4;

    private final EmbeddedStack stack;
    private final String bootstrap;
    private final LocalDate first;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    DrillRun(EmbeddedStack stack, String bootstrap, LocalDate first) {
        this.stack = stack;
        this.bootstrap = bootstrap;
        this.first = first;
    }

    LocalDate first() {
        return first;
    }

    /** One hotel per partition, named {@code dr-<drill>-<n>}, each offering {@link #NIGHTS} nights. */
    List<String> hotels(String drill) throws Exception {
        int partitions = stack.nodeConfig().topology().partitions();
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        Set<Integer> covered = new HashSet<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; covered.size() < partitions; i++) {
            String hotelId = "dr-" + drill + "-" + i;
            if (covered.add(Ownership.partitionOf(hotelId, partitions))) {
                ids.add(hotelId);
                catalog.hotel(hotelId, "Drillton", 2, ALLOTMENT, 100_000, first, NIGHTS);
            }
        }
        return ids;
    }

    /** Waits until every hotel's nights are offered through {@code nodeUrl}. */
    void awaitOffered(String nodeUrl, List<String> hotels) {
        ApiClient api = new ApiClient(nodeUrl);
        for (String hotel : hotels) {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> offered(api, hotel));
        }
    }

    boolean offered(ApiClient api, String hotel) {
        ApiClient.Response r = api.get("/v1/hotels/" + hotel + "/availability?from=" + first + "&to="
                + first.plusDays(NIGHTS) + "&roomType=std");
        return r.status() == 200
                && r.json().path("roomTypes").path(0).path("nights").size() == NIGHTS;
    }

    /** Four guests, a request each every 20 ms at most, against {@code nodes}. */
    DrillLoad load(String tag, List<String> hotels, List<NodeProcess> nodes) {
        return DrillLoad.start(new DrillLoad.Plan(
                nodes.stream().map(NodeProcess::url).toList(),
                hotels,
                first,
                NIGHTS,
                4,
                Duration.ofMillis(20),
                tag,
                this::token));
    }

    String token(String subject) {
        return tokens.computeIfAbsent(
                subject,
                s -> DemoTokens.sign(stack.nodeConfig().auth(), s, "guest", Optional.empty(), Duration.ofHours(2)));
    }

    static void awaitRequests(DrillLoad load, int count) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> load.history().size() >= count);
    }

    /**
     * Stops the load, settles unknown outcomes by retrying them, reads the final state through {@code
     * readFrom}, records the report and asserts it is clean.
     */
    Report finish(String drill, DrillLoad load, List<String> hotels, Supplier<String> readFrom) throws IOException {
        load.stop();
        load.resolve(Duration.ofSeconds(60));
        var state = DrillState.read(
                bootstrap, stack.registry().url(), readFrom.get(), Set.copyOf(hotels), first, NIGHTS, this::token, 0);
        Report report = DrillChecker.check(load.history(), load.retries(), state);
        record(drill, report.line(drill));
        load.history().stream()
                .filter(op -> op.outcome() == DrillLoad.Outcome.UNKNOWN)
                .limit(10)
                .forEach(op -> log.info(
                        "DRILL {} unknown at first: {} {} after {} ms: {} {}",
                        drill,
                        op.kind(),
                        op.hotel(),
                        (op.endNanos() - op.startNanos()) / 1_000_000,
                        op.status(),
                        op.answer().length() > 200 ? op.answer().substring(0, 200) : op.answer()));
        assertThat(report.clean()).as(report.problems().toString()).isTrue();
        assertThat(report.acknowledged()).isPositive();
        return report;
    }

    /** Logs a line and appends it to {@code target/drills/<drill>.txt}. */
    static void record(String drill, String line) throws IOException {
        log.info(line);
        Files.createDirectories(RESULTS);
        Files.writeString(
                RESULTS.resolve(drill + ".txt"),
                line + System.lineSeparator(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
