package io.innflow.load;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.node.InnflowNode;
import io.innflow.infra.DemoTokens;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.streams.config.InnflowConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hold path under load against the PostgreSQL baseline and the Kafka ceiling in the same run: closed
 * model, every client sends its next hold (1 room, 3 nights) when the last one is answered. Two modes:
 *
 * <ul>
 *   <li>{@code -Dinnflow.bench=hold}: one hot hotel (one room type), node settings compared in one run of
 *       the machine: each variant is a node started with its overrides on the same stack (same broker,
 *       same stores), one after the other; JFR recordings on demand.
 *   <li>{@code -Dinnflow.bench=compare}: the comparison that rewrites the generated section of
 *       docs/benchmarks.md: the hot hotel, the spread workload (every room type of every demo hotel,
 *       round-robin per client), the PostgreSQL baseline doing the same, and the {@link KafkaCeiling}, at
 *       the same client counts; tables, ratios, machine, versions, settings and charts.
 * </ul>
 *
 * <pre>./mvnw -B install -DskipTests && ./mvnw -B -pl load-tests test -Dinnflow.bench=compare</pre>
 *
 * Settings (system properties): {@code innflow.bench.seconds} measured per row (hold: 15, compare: 10),
 * after a quarter of it (at least 2 s; smoke 1 s) as warm-up; {@code innflow.bench.pg-pool} (128) most
 * PostgreSQL connections. Hold mode: {@code innflow.bench.clients} (1,8,128), {@code innflow.bench.variants}
 * ({@code name:key=value,key=value;name2:...}, default one variant with the node's defaults; {@code
 * bench.client=jdk} in a variant sends its holds with the JDK's HTTP client), {@code innflow.bench.jfr}
 * (variant names, or true for all: a JFR recording of a second run at the variant's largest client
 * count, under {@code target/benchmarks/}; started mid-run it has collapsed that row, see
 * docs/benchmarks.md "Profiling with JFR" for a recording from the JVM's start), {@code innflow.bench.pg}
 * (true: the baseline).
 * Compare mode: {@code innflow.bench.hot-clients} (1,8,32,128,1024), {@code innflow.bench.spread-clients}
 * (128,1024), {@code innflow.bench.smoke} (true: 2 s rows, 1,4,16 and 8,32 clients, the section and
 * charts written under {@code target/benchmarks/compare-smoke/} instead of docs/).
 */
@EnabledIfSystemProperty(named = "innflow.bench", matches = ".*(hold|compare).*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class HoldBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(HoldBenchmark.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALLOTMENT = 100_000;
    private static final int STAY = 3;
    /** Nights from the first one on which every room type gets {@link #ALLOTMENT} rooms; each row uses its own 3. */
    private static final int NIGHTS = 90;
    /** The node's stream threads' ids start with this (the Kafka ceiling's with {@code innflow-ceiling}). */
    private static final String NODE_THREADS = "innflow-node";

    private final boolean compareMode = System.getProperty("innflow.bench", "").contains("compare");
    private final boolean smoke = Boolean.getBoolean("innflow.bench.smoke");
    private final double seconds = smoke ? 2 : Integer.getInteger("innflow.bench.seconds", compareMode ? 10 : 15);
    private final int warmup = ClosedLoad.warmup(seconds, smoke ? 1 : 2);
    private final int pgPool = Integer.getInteger("innflow.bench.pg-pool", 128);
    private final List<String> jfr =
            List.of(System.getProperty("innflow.bench.jfr", "").split(","));
    private final boolean pg = Boolean.parseBoolean(System.getProperty("innflow.bench.pg", "true"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /** The holds' client; other calls use {@link #http}. */
    private final BlockingHttp holdClient = new BlockingHttp();

    /** True while a variant sends its holds with the JDK's client instead of {@link #holdClient}. */
    private boolean jdkHolds;

    private final List<String> report = new ArrayList<>();
    private final Path out = Path.of("target/benchmarks");

    @TempDir
    static Path dataDir;

    private EmbeddedStack stack;
    private String token;
    private List<RoomType> catalog;
    private LocalDate firstNight;
    private int nightSet;
    private String warmedUp = "none";

    @BeforeAll
    void startStack() throws Exception {
        StackSettings tests = StackSettings.forTests(dataDir);
        // Nights for every row (the tests' catalog has 60, fewer than the rows use); compare mode takes 12 demo
        // hotels (4 in each of the 3 cities) for the spread.
        StackSettings settings = tests.withDemo(compareMode ? 12 : tests.demoHotels(), NIGHTS + 10);
        stack = EmbeddedStack.withoutNode(settings, null, Map.of());
        token = DemoTokens.sign(
                stack.nodeConfig().auth(), "bench-guest", "guest", Optional.empty(), Duration.ofDays(1));
        Files.createDirectories(out);
    }

    @AfterAll
    void stopStack() throws Exception {
        holdClient.close();
        if (stack != null) {
            stack.close();
        }
        Files.write(out.resolve(compareMode ? "compare.md" : "hold.md"), report);
    }

    @Test
    @EnabledIfSystemProperty(named = "innflow.bench", matches = ".*hold.*")
    void measureHotHotel() throws Exception {
        int[] clients = ints("innflow.bench.clients", "1,8,128");
        int rows = variants().size() * clients.length;
        if (rows > NIGHTS / STAY) {
            throw new IllegalArgumentException(rows + " rows (variants times client counts) need more than the "
                    + NIGHTS / STAY + " sets of " + STAY + " nights prepared; run fewer");
        }
        line("## Hold path, one hot hotel (" + Instant.now() + ")");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + "; broker, PostgreSQL, registry, Connect, node and load"
                + " generator on this machine. " + seconds + " s per row after " + warmup + " s of warm-up.");
        line("");
        line("CPU per answer (ms): the JVM's threads, its JIT and GC (the process less its threads), PostgreSQL's"
                + " processes, and of the threads the stream thread, the broker, HTTP and Connect (Debezium and the"
                + " analytics sinks); load generator included in the threads. The work a request costs, steadier"
                + " than a rate on this machine.");
        line("");
        line("| system | variant | clients | answers/s | 201 | 409 | other | p50 ms | p95 ms | p99 ms | max ms"
                + " | rooms held beyond 201s | CPU threads | JIT+GC | PostgreSQL | stream thread | broker | HTTP"
                + " | Connect |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | ---"
                + " | --- | --- |");
        boolean first = true;
        List<RoomType> hot = null;
        for (var variant : variants().entrySet()) {
            // "bench.client=jdk" in a variant sends its holds with the JDK's client; the rest are node settings.
            jdkHolds = "jdk".equals(variant.getValue().remove("bench.client"));
            try (InnflowNode node = startNode(variant.getValue())) {
                String url = "http://127.0.0.1:" + node.port();
                if (first) {
                    catalog = catalog(url);
                    hot = List.of(catalog.get(0));
                    prepareRooms(url, hot);
                    first = false;
                }
                for (int i = 0; i < clients.length; i++) {
                    boolean record =
                            (jfr.contains("true") || jfr.contains(variant.getKey())) && i == clients.length - 1;
                    var result = runInnflow(url, clients[i], hot, record ? "hold-" + variant.getKey() : null);
                    row("innflow", variant.getKey(), clients[i], result.run(), result.beyondConfirmed());
                }
            }
        }
        if (pg) {
            PostgresBaseline baseline = new PostgresBaseline(stack.postgres().dataSource(), ALLOTMENT, pgPool);
            line("");
            line("PostgreSQL baseline: " + baseline.prepare(hot) + ".");
            line("");
            for (int c : clients) {
                var result = baseline.run(c, hot, STAY, warmup, seconds);
                row("PostgreSQL", "3 UPDATEs, 1 tx", c, result.run(), result.beyondConfirmed());
            }
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "innflow.bench", matches = ".*compare.*")
    void compare() throws Exception {
        int[] hotClients = smoke ? new int[] {1, 4, 16} : ints("innflow.bench.hot-clients", "1,8,32,128,1024");
        int[] spreadClients = smoke ? new int[] {8, 32} : ints("innflow.bench.spread-clients", "128,1024");
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        List<CompareReport.Row> rows = new ArrayList<>();
        InnflowConfig config = nodeConfig(Map.of());
        List<RoomType> hot;
        List<String> hotels;
        try (InnflowNode node = startNode(config)) {
            String url = "http://127.0.0.1:" + node.port();
            catalog = catalog(url);
            hot = List.of(catalog.get(0));
            hotels = List.copyOf(
                    new LinkedHashSet<>(catalog.stream().map(RoomType::hotelId).toList()));
            prepareRooms(url, catalog);
            warmedUp = prewarm(url, hot);
            for (int c : hotClients) {
                rows.add(compareRow("hot hotel", c, CompareReport.INNFLOW, runInnflow(url, c, hot, null)));
            }
            for (int c : spreadClients) {
                rows.add(compareRow("spread", c, CompareReport.INNFLOW, runInnflow(url, c, catalog, null)));
            }
        }
        PostgresBaseline baseline = new PostgresBaseline(stack.postgres().dataSource(), ALLOTMENT, pgPool);
        String pgSettings = baseline.prepare(catalog);
        for (int c : hotClients) {
            rows.add(compareRow("hot hotel", c, CompareReport.POSTGRES, baseline.run(c, hot, STAY, warmup, seconds)));
        }
        for (int c : spreadClients) {
            rows.add(compareRow("spread", c, CompareReport.POSTGRES, baseline.run(c, catalog, STAY, warmup, seconds)));
        }
        Map<String, String> settings;
        try (KafkaCeiling ceiling =
                new KafkaCeiling(config, stack.registry().url(), dataDir.resolve("ceiling-streams"))) {
            settings = ceiling.settings();
            List<String> hotKey = List.of(hot.get(0).hotelId());
            for (int c : hotClients) {
                rows.add(compareRow("hot hotel", c, CompareReport.CEILING, ceilingRun(ceiling, c, hotKey)));
            }
            for (int c : spreadClients) {
                rows.add(compareRow("spread", c, CompareReport.CEILING, ceilingRun(ceiling, c, hotels)));
            }
        }
        settings.put(
                "innflow.request.timeout (a 202 after it)",
                config.node().requestTimeout().toString());
        settings.put("innflow warm-up (not in the table)", warmedUp);
        settings.put("PostgreSQL baseline", pgSettings);
        settings.put(
                "load",
                "closed model; " + fmt(seconds) + " s measured per row after " + warmup + " s of warm-up; hot hotel: "
                        + hot.get(0).hotelId() + " `" + hot.get(0).roomTypeId() + "`; spread: " + catalog.size()
                        + " room types of " + hotels.size() + " hotels, round-robin per client; 1 room, " + STAY
                        + " nights; " + ALLOTMENT + " rooms per night");
        writeComparison(started, loadBefore, rows, settings);
    }

    // ---- innflow

    /**
     * The JVM of this run also hosts the broker, Connect, the registry and the load generator: on 2 cores
     * it compiles for minutes (about 40,000 methods), and rows measured before that measure the JIT
     * (docs/benchmarks.md, "Where the time went"). Runs the hot hotel at 8, then 128 clients in rows until
     * {@code innflow.bench.prewarm-seconds} (180; smoke 0) have passed, and returns their rates for the report.
     */
    private String prewarm(String url, List<RoomType> hot) throws Exception {
        int total = smoke ? 0 : Integer.getInteger("innflow.bench.prewarm-seconds", 180);
        if (total <= 0) {
            return "none";
        }
        List<String> rates = new ArrayList<>();
        long end = System.nanoTime() + total * 1_000_000_000L;
        // Each row takes new nights; leave enough for the measured rows.
        while (System.nanoTime() < end && nightSet < NIGHTS / STAY - 10) {
            // Lighter load first: at 128 clients from a cold start the compiler gets a smaller share of the
            // cores and the JVM takes minutes longer to warm up.
            int clients = rates.size() < 2 ? 8 : 128;
            String rate = fmt(runInnflow(url, clients, hot, null).run().throughput());
            rates.add(clients == 8 ? rate + " (8 clients)" : rate);
        }
        return total + " s of the hot hotel before the first row, in rows of " + fmt(seconds)
                + " s at 128 clients (8 for the first two): " + String.join(", ", rates) + " holds/s";
    }

    private InnflowNode startNode(Map<String, String> overrides) {
        return startNode(nodeConfig(overrides));
    }

    private InnflowNode startNode(InnflowConfig config) {
        InnflowNode node = BenchNode.start(stack, config);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(node::ready);
        return node;
    }

    private InnflowConfig nodeConfig(Map<String, String> overrides) {
        return BenchNode.config(stack, dataDir.resolve("bench-streams"), overrides);
    }

    /** Every active room type of every approved demo hotel, in the catalog's order, once the node serves them all. */
    private List<RoomType> catalog(String url) throws Exception {
        long expected;
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FROM room_types JOIN hotels USING (hotel_id)"
                        + " WHERE status = 'APPROVED' AND active")) {
            r.next();
            expected = r.getLong(1);
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> roomTypes(url).size() >= expected);
        firstNight = LocalDate.now().plusDays(3);
        return roomTypes(url);
    }

    private List<RoomType> roomTypes(String url) throws Exception {
        List<RoomType> roomTypes = new ArrayList<>();
        for (JsonNode hotel : JSON.readTree(get(url + "/v1/hotels").body()).get("hotels")) {
            for (JsonNode rt : hotel.get("roomTypes")) {
                roomTypes.add(new RoomType(
                        hotel.get("hotelId").asText(), rt.get("roomTypeId").asText()));
            }
        }
        return roomTypes;
    }

    /** {@code roomTypes} get a large allotment, no restrictions, on {@link #NIGHTS} nights, through CDC. */
    private void prepareRooms(String url, List<RoomType> roomTypes) throws Exception {
        try (Connection c = stack.postgres().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE room_nights SET allotment = ?, stop_sell = false, min_los = NULL, max_los = NULL,"
                                + " closed_to_arrival = false, closed_to_departure = false"
                                + " WHERE hotel_id = ? AND room_type_id = ? AND night >= ? AND night < ?")) {
            for (RoomType rt : roomTypes) {
                ps.setInt(1, ALLOTMENT);
                ps.setString(2, rt.hotelId());
                ps.setString(3, rt.roomTypeId());
                ps.setObject(4, firstNight);
                ps.setObject(5, firstNight.plusDays(NIGHTS));
                ps.addBatch();
            }
            int updated = Arrays.stream(ps.executeBatch()).sum();
            if (updated != roomTypes.size() * NIGHTS) {
                throw new IllegalStateException("The catalog has " + updated + " of the " + roomTypes.size() * NIGHTS
                        + " nights the rows hold on (" + NIGHTS + " from " + firstNight + " for each of "
                        + roomTypes.size() + " room types)");
            }
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        nights(url, roomTypes, firstNight, firstNight.plusDays(NIGHTS), "allotment").values().stream()
                                .allMatch(n -> n == ALLOTMENT));
    }

    /** A hold through {@link #holdClient}. */
    private int hold(String uri, String body, String idempotencyKey) throws IOException {
        return holdClient.status(ClassicRequestBuilder.post(uri)
                .setHeader("Authorization", "Bearer " + token)
                .setHeader("Idempotency-Key", idempotencyKey)
                .setEntity(body, ContentType.APPLICATION_JSON)
                .build());
    }

    /** A hold through the JDK's client, the holds' client before 2026-12-04 ({@code bench.client=jdk}). */
    private int holdWithJdkClient(String uri, String body, String idempotencyKey) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(uri))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .header("Idempotency-Key", idempotencyKey)
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /**
     * Holds at {@code targets} round-robin from each client's index, on nights no earlier row used; then
     * the rooms held on them, read back from availability, against the 201s.
     */
    private ClosedLoad.Result runInnflow(String url, int clientCount, List<RoomType> targets, String jfrName)
            throws Exception {
        if (nightSet >= NIGHTS / STAY) {
            // Past the prepared nights every hold would be refused (409) for want of rooms, not measured.
            throw new IllegalStateException("This run's rows have used all " + NIGHTS / STAY + " sets of " + STAY
                    + " nights prepared for them; run fewer variants or client counts");
        }
        LocalDate checkIn = firstNight.plusDays((long) STAY * nightSet++);
        List<String> uris = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (RoomType rt : targets) {
            uris.add(url + "/v1/hotels/" + rt.hotelId() + "/holds");
            bodies.add("{\"roomTypeId\":\"" + rt.roomTypeId() + "\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\""
                    + checkIn.plusDays(STAY) + "\",\"quantity\":1,\"holdSeconds\":1800}");
        }
        HoldTally tally = new HoldTally();
        ClosedLoad.Call hold = (client, iteration) -> {
            int i = (int) ((client + iteration) % targets.size());
            String key = UUID.randomUUID().toString();
            int status = jdkHolds
                    ? holdWithJdkClient(uris.get(i), bodies.get(i), key)
                    : hold(uris.get(i), bodies.get(i), key);
            return tally.note(targets.get(i), status);
        };
        StreamThreadCounts before = StreamThreadCounts.now(NODE_THREADS);
        ClosedLoad.Run run = ClosedLoad.run(clientCount, warmup, seconds, hold);
        StreamThreadCounts counts = StreamThreadCounts.now(NODE_THREADS).since(before);
        LOG.info(
                "Stream thread, {} clients (warm-up included): {} commits, {} records processed, {} per commit",
                clientCount,
                String.format(Locale.ROOT, "%.0f", counts.commits()),
                String.format(Locale.ROOT, "%.0f", counts.processed()),
                String.format(Locale.ROOT, "%.1f", counts.perCommit()));
        LOG.info(
                "Analytics sinks, records behind after the {}-client row: {}",
                clientCount,
                ConsumerLag.now("connector-consumer-analytics"));
        if (jfrName != null) {
            // A second run of the same size, recorded: the first warmed the JIT and the stores.
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName(jfrName + "-" + clientCount);
            recording.start();
            run = ClosedLoad.run(clientCount, warmup, seconds, hold);
            recording.stop();
            recording.dump(out.resolve(jfrName + "-" + clientCount + ".jfr"));
            recording.close();
        }
        return new ClosedLoad.Result(
                run, tally.beyondConfirmed(nights(url, targets, checkIn, checkIn.plusDays(STAY), "held")));
    }

    /** The smallest {@code field} ({@code held}, {@code allotment}) over the nights [from, to) of each room type. */
    private Map<RoomType, Long> nights(String url, List<RoomType> roomTypes, LocalDate from, LocalDate to, String field)
            throws Exception {
        Map<RoomType, Long> smallest = new HashMap<>();
        for (String hotelId :
                new LinkedHashSet<>(roomTypes.stream().map(RoomType::hotelId).toList())) {
            JsonNode body =
                    JSON.readTree(get(url + "/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to)
                            .body());
            for (JsonNode rt : body.get("roomTypes")) {
                RoomType key = new RoomType(hotelId, rt.get("roomTypeId").asText());
                if (!roomTypes.contains(key)) {
                    continue;
                }
                long min = Long.MAX_VALUE;
                for (JsonNode night : rt.get("nights")) {
                    min = Math.min(min, night.get(field).asLong());
                }
                smallest.put(key, min);
            }
        }
        return smallest;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- the Kafka ceiling

    private ClosedLoad.Result ceilingRun(KafkaCeiling ceiling, int clientCount, List<String> keys) throws Exception {
        // Nothing to hold or oversell: the ceiling only counts; -1 marks the column as not checked.
        return new ClosedLoad.Result(ClosedLoad.run(clientCount, warmup, seconds, ceiling.call(keys)), -1);
    }

    // ---- the comparison's report

    private CompareReport.Row compareRow(String workload, int clients, String system, ClosedLoad.Result result) {
        CompareReport.Row row = CompareReport.Row.of(workload, clients, system, result.run(), result.beyondConfirmed());
        line(String.format(
                Locale.ROOT,
                "| %s | %d | %s | %,.0f | %.1f | %.1f | %.1f | %.1f | %d | %d |",
                workload,
                clients,
                system,
                row.throughput(),
                row.p50(),
                row.p95(),
                row.p99(),
                row.max(),
                row.notConfirmed(),
                row.beyondConfirmed()));
        LOG.info("CPU ms per answer, {} {} {} clients: {}", system, workload, clients, row.cpu());
        return row;
    }

    private void writeComparison(
            Instant started, String loadBefore, List<CompareReport.Row> rows, Map<String, String> settings)
            throws Exception {
        Path root = Path.of(System.getProperty("innflow.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path doc = root.resolve("docs/benchmarks.md");
        Path charts = root.resolve("docs/benchmarks");
        if (smoke) {
            Path dir = out.resolve("compare-smoke").toAbsolutePath();
            Files.createDirectories(dir);
            doc = Files.copy(doc, dir.resolve("benchmarks.md"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            charts = dir.resolve("benchmarks");
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        machine.put("memory", memory());
        machine.put(
                "OS",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        machine.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("load average (1, 5, 15 min)", "before " + loadBefore + "; after " + loadAverage());
        machine.put(
                "on the machine",
                "broker, PostgreSQL, registry, Connect worker, node, ceiling app and load generator, one JVM"
                        + " (but PostgreSQL)");
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("Kafka", AppInfoParser.getVersion());
        versions.put("PostgreSQL", postgresVersion());
        versions.put("innflow commit", git(root));
        String title = "Run of "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(started.atOffset(ZoneOffset.UTC))
                + (smoke ? " (smoke)" : "") + ", "
                + Duration.between(started, Instant.now()).toSeconds()
                + " s";
        List<Path> files = CompareReport.writeCharts(charts, "compare", rows);
        CompareReport.rewrite(
                doc,
                CompareReport.section(
                        new CompareReport.Context(title, machine, versions, settings, "benchmarks/"), rows, files));
        line("");
        line("Section rewritten in " + doc + ", charts in " + charts);
    }

    private String postgresVersion() throws Exception {
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (Exception e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("model unknown");
        } catch (Exception e) {
            return "model unknown";
        }
    }

    private static String memory() {
        long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format(
                Locale.ROOT,
                "%.1f GiB; this JVM's heap limit %.1f GiB",
                total / (double) (1L << 30),
                Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    }

    private static String git(Path root) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    // ---- hold mode's table

    private void row(String system, String variant, int clientCount, ClosedLoad.Run run, long oversold) {
        long other = run.total() - run.count(201) - run.count(409);
        CpuMeter.PerAnswer cpu = run.cpu();
        line(String.format(
                Locale.ROOT,
                "| %s | %s | %d | %,.0f | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %d | %.2f | %.2f | %.2f | %.2f"
                        + " | %.2f | %.2f | %.2f |",
                system,
                variant,
                clientCount,
                run.throughput(),
                run.count(201),
                run.count(409),
                other,
                run.percentile(0.50),
                run.percentile(0.95),
                run.percentile(0.99),
                run.percentile(1.0),
                oversold,
                cpu.threads(),
                cpu.jitAndGc(),
                cpu.postgres(),
                cpu.groups().getOrDefault("stream thread", 0.0),
                cpu.groups().getOrDefault("broker", 0.0),
                cpu.groups().getOrDefault("HTTP", 0.0),
                cpu.groups().getOrDefault("Connect", 0.0)));
        LOG.info("CPU ms per answer, {} {} {} clients: {}", system, variant, clientCount, cpu.groups());
        LOG.info(
                "Answers by status, {} {} {} clients: 202 {}, 503 {}",
                system,
                variant,
                clientCount,
                run.count(202),
                run.count(503));
    }

    private static int[] ints(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
    }

    /** {@code name:key=value,key=value;name2:...}; a variant's keys are innflow configuration keys. */
    private static Map<String, Map<String, String>> variants() {
        String raw = System.getProperty("innflow.bench.variants", "defaults:");
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (String variant : raw.split(";")) {
            if (variant.isBlank()) {
                continue;
            }
            String[] parts = variant.split(":", 2);
            Map<String, String> overrides = new LinkedHashMap<>();
            if (parts.length > 1) {
                for (String pair : parts[1].split(",")) {
                    if (!pair.isBlank()) {
                        String[] kv = pair.split("=", 2);
                        overrides.put(kv[0].trim(), kv[1].trim());
                    }
                }
            }
            variants.put(parts[0].trim(), overrides);
        }
        return variants;
    }

    private void line(String text) {
        System.out.println("BENCH " + text);
        report.add(text);
    }
}
