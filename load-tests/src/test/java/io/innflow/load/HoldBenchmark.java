package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.node.InnflowNode;
import io.innflow.infra.DemoTokens;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.streams.config.InnflowConfig;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hold path under load, one hot hotel (one room type, 3 nights, 1 room per hold), against the
 * PostgreSQL baseline in the same run: closed model, every client sends its next hold when the last
 * one is answered. Node settings are compared in one run of the machine: each variant is a node
 * started with its overrides on the same stack (same broker, same stores), one after the other.
 * Runs only when asked for:
 *
 * <pre>./mvnw -B install -DskipTests && ./mvnw -B -pl load-tests test -Dinnflow.bench=hold</pre>
 *
 * Settings (system properties): {@code innflow.bench.clients} (1,8,128), {@code innflow.bench.seconds}
 * per measurement (15, after a quarter of it as warm-up), {@code innflow.bench.variants}
 * ({@code name:key=value,key=value;name2:...}, default one variant with the node's defaults),
 * {@code innflow.bench.jfr} (variant names, or true for all: a JFR recording of a second run at the
 * variant's largest client count, under {@code target/benchmarks/}), {@code innflow.bench.pg} (true: the PostgreSQL baseline).
 */
@EnabledIfSystemProperty(named = "innflow.bench", matches = ".*hold.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class HoldBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ALLOTMENT = 100_000;
    private static final int STAY = 3;

    private final int[] clients = Arrays.stream(
                    System.getProperty("innflow.bench.clients", "1,8,128").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    private final int seconds = Integer.getInteger("innflow.bench.seconds", 15);
    private final List<String> jfr =
            List.of(System.getProperty("innflow.bench.jfr", "").split(","));
    private final boolean pg = Boolean.parseBoolean(System.getProperty("innflow.bench.pg", "true"));
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> report = new ArrayList<>();
    private final Path out = Path.of("target/benchmarks");

    @TempDir
    static Path dataDir;

    private EmbeddedStack stack;
    private String token;
    private String hotelId;
    private String roomType;
    private LocalDate firstNight;
    private int nightSet;

    @BeforeAll
    void startStack() throws Exception {
        stack = EmbeddedStack.withoutNode(StackSettings.forTests(dataDir), null, Map.of());
        token = DemoTokens.sign(
                stack.nodeConfig().auth(), "bench-guest", "guest", Optional.empty(), Duration.ofDays(1));
        Files.createDirectories(out);
    }

    @AfterAll
    void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
        Files.write(out.resolve("hold.md"), report);
    }

    @Test
    void measureHotHotel() throws Exception {
        line("## Hold path, one hot hotel (" + Instant.now() + ")");
        line("");
        line("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + "; broker, PostgreSQL, registry, Connect, node and load"
                + " generator on this machine. " + seconds + " s per row after " + warmup() + " s of warm-up.");
        line("");
        line("| system | variant | clients | answers/s | 201 | 409 | other | p50 ms | p95 ms | p99 ms | max ms"
                + " | rooms held beyond 201s |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Map<String, Map<String, String>> variants = variants();
        boolean first = true;
        for (var variant : variants.entrySet()) {
            try (InnflowNode node = startNode(variant.getValue())) {
                String url = "http://127.0.0.1:" + node.port();
                if (first) {
                    prepareHotHotel(url);
                    first = false;
                }
                for (int i = 0; i < clients.length; i++) {
                    boolean record =
                            (jfr.contains("true") || jfr.contains(variant.getKey())) && i == clients.length - 1;
                    runInnflow(url, variant.getKey(), clients[i], record);
                }
            }
        }
        if (pg) {
            preparePostgres();
            for (int c : clients) {
                runPostgres(c);
            }
        }
    }

    // ---- innflow

    private InnflowNode startNode(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put("innflow.kafka.bootstrap", stack.kafka().bootstrapServers());
        values.put("innflow.registry.url", stack.registry().url());
        values.put("innflow.state.dir", dataDir.resolve("bench-streams").toString());
        values.put("innflow.http.port", "0");
        values.put("innflow.http.host", StackSettings.LOOPBACK);
        values.put("innflow.ops.port", "0");
        values.put("innflow.auth.hmac-secret", stack.nodeConfig().auth().hmacSecret());
        values.put("innflow.limits.guest-writes.per-second", "0");
        values.put("innflow.limits.reads.per-second", "0");
        values.put("innflow.hold.max-room-nights", "0");
        values.putAll(overrides);
        InnflowNode node = InnflowNode.start(
                InnflowConfig.load(values),
                AvroSerdeFactory.forRegistry(stack.registry().url()));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(node::ready);
        return node;
    }

    /** The first demo hotel's first room type gets a large allotment on every night, through CDC. */
    private void prepareHotHotel(String url) throws Exception {
        JsonNode hotels = JSON.readTree(get(url + "/v1/hotels").body()).get("hotels");
        JsonNode hotel = hotels.get(0);
        hotelId = hotel.get("hotelId").asText();
        roomType = hotel.get("roomTypes").get(0).get("roomTypeId").asText();
        firstNight = LocalDate.now().plusDays(3);
        try (Connection c = stack.postgres().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE room_nights SET allotment = ?, stop_sell = false, min_los = NULL, max_los = NULL,"
                                + " closed_to_arrival = false, closed_to_departure = false"
                                + " WHERE hotel_id = ? AND room_type_id = ? AND night >= ?")) {
            ps.setInt(1, ALLOTMENT);
            ps.setString(2, hotelId);
            ps.setString(3, roomType);
            ps.setObject(4, firstNight);
            ps.executeUpdate();
        }
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> available(url, firstNight, firstNight.plusDays(40)).stream()
                        .allMatch(a -> a == ALLOTMENT));
    }

    private void runInnflow(String url, String variant, int clientCount, boolean record) throws Exception {
        LocalDate checkIn = firstNight.plusDays((long) STAY * nightSet++);
        String body = "{\"roomTypeId\":\"" + roomType + "\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\""
                + checkIn.plusDays(STAY) + "\",\"quantity\":1,\"holdSeconds\":1800}";
        URI uri = URI.create(url + "/v1/hotels/" + hotelId + "/holds");
        Call hold = () -> http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + token)
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
        Run run = load(clientCount, hold);
        long answered201 = run.totalOk(201);
        long answered202 = run.count(202) + run.timedOutWarm();
        if (record) {
            // A second run of the same size, recorded: the first warmed the JIT and the stores.
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("hold-" + variant + "-" + clientCount);
            recording.start();
            run = load(clientCount, hold);
            recording.stop();
            recording.dump(out.resolve("hold-" + variant + "-" + clientCount + ".jfr"));
            recording.close();
            answered201 += run.totalOk(201);
            answered202 += run.count(202) + run.timedOutWarm();
        }
        long held = ALLOTMENT
                - available(url, checkIn, checkIn.plusDays(STAY)).stream()
                        .mapToInt(Integer::intValue)
                        .min()
                        .orElseThrow();
        // A 202 (timed out, applied later) may or may not have held a room; a 201 did.
        long oversold = Math.max(0, held - answered201 - answered202);
        assertThat(held).as("rooms held vs holds answered 201").isGreaterThanOrEqualTo(answered201);
        row("innflow", variant, clientCount, run, Long.toString(oversold));
    }

    private List<Integer> available(String url, LocalDate from, LocalDate to) throws Exception {
        JsonNode body = JSON.readTree(get(url + "/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to
                        + "&roomType=" + roomType)
                .body());
        List<Integer> counts = new ArrayList<>();
        for (JsonNode rt : body.get("roomTypes")) {
            for (JsonNode night : rt.get("nights")) {
                counts.add(night.get("available").asInt());
            }
        }
        return counts;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- PostgreSQL baseline: the same hold as one transaction of three conditional updates

    private void preparePostgres() throws Exception {
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench");
            s.execute("DROP TABLE IF EXISTS bench.room_nights");
            s.execute("CREATE TABLE bench.room_nights (hotel_id text NOT NULL, room_type_id text NOT NULL,"
                    + " night date NOT NULL, allotment integer NOT NULL, held integer NOT NULL DEFAULT 0,"
                    + " sold integer NOT NULL DEFAULT 0, PRIMARY KEY (hotel_id, room_type_id, night))");
            s.execute("INSERT INTO bench.room_nights (hotel_id, room_type_id, night, allotment)"
                    + " SELECT 'hot', 'std', d::date, " + ALLOTMENT
                    + " FROM generate_series(date '2030-01-01', date '2030-03-01', interval '1 day') d");
            try (ResultSet r = s.executeQuery("SHOW synchronous_commit")) {
                r.next();
                line("");
                line("PostgreSQL baseline: synchronous_commit=" + r.getString(1) + ".");
                line("");
            }
        }
    }

    private void runPostgres(int clientCount) throws Exception {
        LocalDate checkIn = LocalDate.of(2030, 1, 1).plusDays((long) STAY * nightSet++);
        DataSource ds = stack.postgres().dataSource();
        ThreadLocal<Connection> connections = new ThreadLocal<>();
        List<Connection> opened = new ArrayList<>();
        Run run = load(clientCount, () -> {
            Connection c = connections.get();
            if (c == null) {
                c = ds.getConnection();
                c.setAutoCommit(false);
                connections.set(c);
                synchronized (opened) {
                    opened.add(c);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE bench.room_nights SET held = held + 1"
                    + " WHERE hotel_id = 'hot' AND room_type_id = 'std' AND night = ?"
                    + " AND allotment - held - sold >= 1")) {
                for (int n = 0; n < STAY; n++) {
                    ps.setObject(1, checkIn.plusDays(n));
                    if (ps.executeUpdate() != 1) {
                        c.rollback();
                        return 409;
                    }
                }
            }
            c.commit();
            return 201;
        });
        for (Connection c : opened) {
            c.close();
        }
        long oversold;
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT coalesce(sum(greatest(0, held + sold - allotment)), 0)" + " FROM bench.room_nights")) {
            try (ResultSet r = ps.executeQuery()) {
                r.next();
                oversold = r.getLong(1);
            }
        }
        row("PostgreSQL", "3 UPDATEs, 1 tx", clientCount, run, Long.toString(oversold));
    }

    // ---- the closed-model load loop

    interface Call {
        int call() throws Exception;
    }

    /** Statuses and latencies of the measured part of a run. */
    record Run(
            Map<Integer, AtomicLong> statuses,
            long[] latenciesNanos,
            double seconds,
            long ok201warm,
            long timedOutWarm) {
        long count(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        /** Answers with {@code status} during warm-up and measurement. */
        long totalOk(int status) {
            return count(status) + ok201warm;
        }

        long total() {
            return statuses.values().stream().mapToLong(AtomicLong::get).sum();
        }

        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return 0;
            }
            return latenciesNanos[(int) Math.min(latenciesNanos.length - 1, p * latenciesNanos.length)] / 1e6;
        }
    }

    private int warmup() {
        return Math.max(2, seconds / 4);
    }

    private Run load(int clientCount, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong warm201 = new AtomicLong();
        AtomicLong warm202 = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] sizes = new int[clientCount];
        CountDownLatch done = new CountDownLatch(clientCount);
        for (int t = 0; t < clientCount; t++) {
            long[] latencies = new long[1 << 20];
            perThread.add(latencies);
            int index = t;
            Thread thread = new Thread(
                    () -> {
                        try {
                            int n = 0;
                            while (true) {
                                long before = System.nanoTime();
                                if (before >= end) {
                                    break;
                                }
                                int status;
                                try {
                                    status = call.call();
                                } catch (Exception e) {
                                    status = -1;
                                }
                                long after = System.nanoTime();
                                if (before >= measureFrom) {
                                    statuses.computeIfAbsent(status, k -> new AtomicLong())
                                            .incrementAndGet();
                                    if (n < latencies.length) {
                                        latencies[n++] = after - before;
                                    }
                                } else if (status == 201) {
                                    warm201.incrementAndGet();
                                } else if (status == 202) {
                                    warm202.incrementAndGet();
                                }
                            }
                            sizes[index] = n;
                        } finally {
                            done.countDown();
                        }
                    },
                    "bench-client-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
        int total = Arrays.stream(sizes).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < clientCount; t++) {
            System.arraycopy(perThread.get(t), 0, all, at, sizes[t]);
            at += sizes[t];
        }
        Arrays.sort(all);
        return new Run(statuses, all, seconds, warm201.get(), warm202.get());
    }

    private void row(String system, String variant, int clientCount, Run run, String oversold) {
        long other = run.total() - run.count(201) - run.count(409);
        line(String.format(
                Locale.ROOT,
                "| %s | %s | %d | %,.0f | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |",
                system,
                variant,
                clientCount,
                run.total() / run.seconds(),
                run.count(201),
                run.count(409),
                other,
                run.percentile(0.50),
                run.percentile(0.95),
                run.percentile(0.99),
                run.percentile(1.0),
                oversold));
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
