package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.infra.DemoTokens;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.infra.TopicRecords;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog path's figures on the embedded stack (real broker, PostgreSQL, registry, Debezium in a
 * Connect worker, one node): bulk-upload rows per second, and the delay from a PostgreSQL commit to
 * the change being visible in the availability API. Runs only when asked for:
 *
 * <pre>./mvnw -B install -DskipTests && ./mvnw -B -pl load-tests test -Dinnflow.bench=catalog</pre>
 *
 * Settings (system properties): {@code innflow.bench.room-types} (40) and {@code innflow.bench.nights}
 * (1000) per upload, {@code innflow.bench.upload-runs} (3), {@code innflow.bench.changes} (200).
 * Results go to the log and to {@code load-tests/target/benchmarks/catalog.md}.
 */
@EnabledIfSystemProperty(named = "innflow.bench", matches = ".*catalog.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class CatalogBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER = "bench-partner";
    private static final String HOTEL = "bench-001";
    private static final String HEADER = "room_type_id,night,allotment,price_minor,stop_sell,min_los,max_los,"
            + "closed_to_arrival,closed_to_departure";
    private static final String ROOM_NIGHTS_TOPIC = "catalog.public.room_nights";
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(1);

    private final int roomTypes = Integer.getInteger("innflow.bench.room-types", 40);
    private final int nights = Integer.getInteger("innflow.bench.nights", 1000);
    private final int uploadRuns = Integer.getInteger("innflow.bench.upload-runs", 3);
    private final int changes = Integer.getInteger("innflow.bench.changes", 200);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> report = new ArrayList<>();

    @TempDir
    static Path dataDir;

    private EmbeddedStack stack;
    /** The Debezium stage is timed by polling the records of {@code catalog.public.room_nights} every 50 ms. */
    private TopicRecords catalogRecords;

    @BeforeAll
    void startStack() {
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
        catalogRecords = new TopicRecords(stack.kafka().bootstrapServers(), List.of(ROOM_NIGHTS_TOPIC));
    }

    @AfterAll
    void stopStack() throws IOException {
        if (catalogRecords != null) {
            catalogRecords.close();
        }
        if (stack != null) {
            stack.close();
        }
        Path out = Path.of("target/benchmarks/catalog.md");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
    }

    @Test
    void measureBulkUploadAndCommitToVisibleDelay() throws Exception {
        line("## Catalog path (" + java.time.Instant.now() + ")");
        line("");
        line("Machine: " + machine());
        line("");
        createApprovedHotel();
        measureUploads();
        measureDelay(
                "PostgreSQL commit (JDBC UPDATE of one night) → visible in availability",
                5_000_000,
                this::commitDirect);
        measureDelay("partner API answer (PUT one night) → visible in availability", 7_000_000, this::commitThroughApi);
    }

    // ---- bulk upload

    private void createApprovedHotel() throws Exception {
        expect(
                send(
                        "POST",
                        "/v1/partner/hotels",
                        "Authorization",
                        bearer(partnerToken()),
                        "{\"hotelId\":\"" + HOTEL + "\",\"name\":\"Benchmark Hotel\",\"city\":\"Benchmark\"}"),
                201);
        for (int t = 0; t < roomTypes; t++) {
            expect(
                    send(
                            "PUT",
                            "/v1/partner/hotels/" + HOTEL + "/room-types/" + roomType(t),
                            "Authorization",
                            bearer(partnerToken()),
                            "{\"name\":\"Type " + t
                                    + "\",\"capacity\":2,\"totalRooms\":100,\"basePriceMinor\":100000}"),
                    201);
        }
        expect(send("POST", "/v1/admin/hotels/" + HOTEL + "/approve", "Authorization", bearer(adminToken()), ""), 200);
    }

    private void measureUploads() throws Exception {
        int rows = roomTypes * nights;
        line("### Bulk upload: " + rows + " rows (" + roomTypes + " room types × " + nights + " nights), CSV");
        line("");
        line("| run | kind | body | HTTP round trip | rows/s (upload) | all rows in Kafka after"
                + " | all rows visible in availability after | rows/s (through CDC) | CPU µs per row: all"
                + " | stream thread | broker | Connect | HTTP and this harness | JIT and GC | PostgreSQL |");
        line("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (int run = 0; run <= uploadRuns; run++) {
            // run 0 inserts, runs 1..n-1 change every price, the last repeats the previous body (no-op)
            int priceRun = run == uploadRuns ? uploadRuns - 1 : run;
            String kind = run == 0 ? "insert" : run == uploadRuns ? "unchanged" : "update";
            byte[] body = csv(priceRun).getBytes();
            long recordsBefore = catalogRecords.count();
            CpuMeter.Snapshot cpuBefore = CpuMeter.snapshot();
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(stack.nodeUrl() + "/v1/partner/hotels/" + HOTEL + "/nights:upload"))
                            .timeout(Duration.ofMinutes(5))
                            .header("Content-Type", "text/csv")
                            .header("Authorization", bearer(partnerToken()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            expect(response, 200);
            String visible = "-";
            String cdcRate = "-";
            String inKafka = "-";
            String cpu = "- | - | - | - | - | - | -";
            if (!kind.equals("unchanged")) {
                await().atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> catalogRecords.count() >= recordsBefore + rows);
                inKafka = ms(System.nanoTime() - answered) + " ms";
                await().atMost(Duration.ofMinutes(10))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> allVisible(priceRun));
                long seen = System.nanoTime();
                visible = ms(seen - answered) + " ms";
                cdcRate = String.format(Locale.ROOT, "%,.0f", rows / ((seen - answered) / 1e9));
                cpu = cpuPerRow(CpuMeter.perAnswer(cpuBefore, CpuMeter.snapshot(), rows));
            }
            line(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.1f MB | %s ms | %,.0f | %s | %s | %s | %s |",
                    run,
                    kind,
                    body.length / 1e6,
                    ms(answered - start),
                    rows / ((answered - start) / 1e9),
                    inKafka,
                    visible,
                    cdcRate,
                    cpu));
        }
        line("");
        line("CPU per row: what the machine spent from the upload's request until every row was visible, by"
                + " thread group (CpuMeter), divided by the rows. \"HTTP and this harness\" is the upload and the"
                + " harness's polls of availability, served and sent; \"Connect\" is Debezium and the analytics"
                + " sinks; the first upload meets a cold JIT.");
        line("");
    }

    /** The columns of the CPU a row cost, in microseconds: all of it, then by group. */
    private static String cpuPerRow(CpuMeter.PerAnswer cpu) {
        double http = cpu.groups().getOrDefault("HTTP", 0.0) + cpu.groups().getOrDefault("load generator", 0.0);
        return String.format(
                Locale.ROOT,
                "%.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f",
                cpu.total() * 1000,
                cpu.groups().getOrDefault("stream thread", 0.0) * 1000,
                cpu.groups().getOrDefault("broker", 0.0) * 1000,
                cpu.groups().getOrDefault("Connect", 0.0) * 1000,
                http * 1000,
                cpu.jitAndGc() * 1000,
                cpu.postgres() * 1000);
    }

    private String csv(int run) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (int t = 0; t < roomTypes; t++) {
            for (int n = 0; n < nights; n++) {
                csv.append(roomType(t))
                        .append(',')
                        .append(FIRST.plusDays(n))
                        .append(',')
                        .append(10 + n % 50)
                        .append(',')
                        .append(price(run, t, n))
                        .append(",false,,,false,false\n");
            }
        }
        return csv.toString();
    }

    private static long price(int run, int type, int night) {
        return 100_000 + run * 10_000 + type * 100 + night % 97;
    }

    /** Every night of every room type shows the prices of upload {@code run}. */
    private boolean allVisible(int run) throws Exception {
        // A full check reads every night (megabytes of JSON); first wait on a cheap sample, so the
        // harness does not take the CPU the pipeline it measures needs: the last night of each room type,
        // the last room type first: the file lists it last, and a poll stops at the first room type not yet
        // shown, so it costs one request while that one waits instead of one per room type already shown.
        for (int t = roomTypes - 1; t >= 0; t--) {
            LocalDate last = FIRST.plusDays(nights - 1);
            JsonNode body = availability(roomType(t), last, last.plusDays(1));
            JsonNode night = body == null
                    ? null
                    : body.path("roomTypes").path(0).path("nights").path(0);
            if (night == null || night.path("priceMinor").asLong() != price(run, t, nights - 1)) {
                return false;
            }
        }
        for (int t = 0; t < roomTypes; t++) {
            for (int from = 0; from < nights; from += 366) {
                int to = Math.min(nights, from + 366);
                JsonNode body = availability(roomType(t), FIRST.plusDays(from), FIRST.plusDays(to));
                if (body == null) {
                    return false;
                }
                JsonNode list = body.path("roomTypes").path(0).path("nights");
                if (list.size() != to - from) {
                    return false;
                }
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i).path("priceMinor").asLong() != price(run, t, from + i)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    // ---- commit → visible

    /** Changes the price of one night and returns System.nanoTime() right after the change committed. */
    @FunctionalInterface
    private interface Change {
        long apply(String roomType, LocalDate night, long price) throws Exception;
    }

    private long commitDirect(String roomType, LocalDate night, long price) throws Exception {
        try (Connection c = stack.postgres().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE room_nights SET price_minor = ?"
                        + " WHERE hotel_id = ? AND room_type_id = ? AND night = ?")) {
            ps.setLong(1, price);
            ps.setString(2, HOTEL);
            ps.setString(3, roomType);
            ps.setObject(4, night);
            assertThat(ps.executeUpdate()).isEqualTo(1);
            return System.nanoTime(); // autocommit: the statement returned after its commit
        }
    }

    private long commitThroughApi(String roomType, LocalDate night, long price) throws Exception {
        expect(
                send(
                        "PUT",
                        "/v1/partner/hotels/" + HOTEL + "/room-types/" + roomType + "/nights",
                        "Authorization",
                        bearer(partnerToken()),
                        "{\"from\":\"" + night + "\",\"to\":\"" + night.plusDays(1) + "\",\"set\":{\"priceMinor\":"
                                + price + "}}"),
                200);
        return System.nanoTime();
    }

    private void measureDelay(String what, long basePrice, Change change) throws Exception {
        Random random = new Random(42);
        List<Double> total = new ArrayList<>();
        List<Double> toKafka = new ArrayList<>();
        List<Double> kafkaToVisible = new ArrayList<>();
        try (Arrivals arrivals = new Arrivals(stack.kafka().bootstrapServers(), ROOM_NIGHTS_TOPIC)) {
            for (int i = 0; i < changes; i++) {
                String roomType = roomType(random.nextInt(roomTypes));
                LocalDate night = FIRST.plusDays(random.nextInt(Math.min(nights, 366)));
                long price = basePrice + i * 10L + random.nextInt(10);
                int seen = arrivals.count();
                long committed = change.apply(roomType, night, price);
                await().atMost(Duration.ofSeconds(60))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(2))
                        .until(() -> priceOf(roomType, night) == price);
                long visible = System.nanoTime();
                long arrived = arrivals.after(seen);
                total.add((visible - committed) / 1e6);
                toKafka.add((arrived - committed) / 1e6);
                kafkaToVisible.add((visible - arrived) / 1e6);
                // An idle gap of 0-250 ms, so changes do not fall into step with Debezium's polling.
                await().pollDelay(Duration.ofMillis(random.nextInt(250))).until(() -> true);
            }
        }
        line("### " + what + ", " + changes + " changes one at a time");
        line("");
        line("| stretch | median | p90 | p99 | max | mean |");
        line("| --- | --- | --- | --- | --- | --- |");
        line(stats("**commit → visible in availability**", total));
        line(stats("commit → record in `" + ROOM_NIGHTS_TOPIC + "` (Debezium, Connect)", toKafka));
        line(stats("record in Kafka → visible (topology, query)", kafkaToVisible));
        line("");
    }

    private static String stats(String name, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(
                Locale.ROOT,
                "| %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms |",
                name,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1),
                sorted.stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }

    /** Notes when each new record of a topic arrives, read from the end by a background consumer. */
    private static final class Arrivals implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<Long> times = Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;
        private volatile boolean running = true;

        Arrivals(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrap,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                    2,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class));
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            reader = new Thread(
                    () -> {
                        try {
                            while (running) {
                                int n = consumer.poll(Duration.ofMillis(50)).count();
                                long now = System.nanoTime();
                                for (int i = 0; i < n; i++) {
                                    times.add(now);
                                }
                            }
                        } catch (WakeupException e) {
                            // closing
                        }
                    },
                    "bench-arrivals");
            reader.start();
        }

        int count() {
            return times.size();
        }

        /** When the first record after the first {@code seen} arrived. */
        long after(int seen) {
            await().atMost(Duration.ofSeconds(10)).until(() -> times.size() > seen);
            return times.get(seen);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            reader.join(5_000);
            consumer.close();
        }
    }

    private long priceOf(String roomType, LocalDate night) throws Exception {
        JsonNode body = availability(roomType, night, night.plusDays(1));
        JsonNode first = body == null
                ? null
                : body.path("roomTypes").path(0).path("nights").path(0);
        return first == null || first.isMissingNode()
                ? -1
                : first.path("priceMinor").asLong();
    }

    private static double percentile(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    // ---- plumbing

    private JsonNode availability(String roomType, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> response = send(
                "GET",
                "/v1/hotels/" + HOTEL + "/availability?from=" + from + "&to=" + to + "&roomType=" + roomType,
                null,
                null,
                null);
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private HttpResponse<String> send(String method, String path, String header, String value, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }

    private static String roomType(int t) {
        return String.format(Locale.ROOT, "rt%02d", t);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private void line(String text) {
        report.add(text);
        System.out.println("BENCH " + text);
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB max heap, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + "; broker, PostgreSQL, registry, Connect, node and this client share the machine";
    }

    /** A token of the benchmark's partner, signed with the stack's development secret. */
    private String partnerToken() {
        return DemoTokens.sign(
                stack.nodeConfig().auth(), "bench-partner-staff", "partner", Optional.of(PARTNER), Duration.ofHours(6));
    }

    private String adminToken() {
        return DemoTokens.sign(
                stack.nodeConfig().auth(), "bench-admin", "admin", Optional.empty(), Duration.ofHours(6));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
