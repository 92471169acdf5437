package io.innflow.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.node.InnflowNode;
import io.innflow.connectors.catalog.DemoCatalog;
import io.innflow.infra.DemoTokens;
import io.innflow.infra.EmbeddedStack;
import io.innflow.infra.StackSettings;
import io.innflow.infra.TopicRecords;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.PaymentAuthorization;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
 * How cost grows with the catalog: for each catalog size (demo hotels with a year of nights, grown
 * through PostgreSQL and CDC on one embedded stack, so each size adds the hotels the last one lacked),
 * the time until every night of every hotel is visible in availability, then search and
 * availability latency at 1 and 64 clients; at one size, many direct bookings, then a clean restart
 * on the state directory and a restart after deleting it (restore from the changelogs). Runs only
 * when asked for:
 *
 * <pre>./mvnw -B -pl load-tests -am test -Dtest=ScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dinnflow.bench=scale</pre>
 *
 * Settings (system properties): {@code innflow.bench.sizes} (36,1000), {@code innflow.bench.seconds}
 * per read row (10, after a quarter of it as warm-up), {@code innflow.bench.restore-size} (1000: the
 * size after which the restore runs; 0: none), {@code innflow.bench.bookings} (100000),
 * {@code innflow.bench.booking-mode} ({@code kafka}: {@code BookDirect} commands written straight to
 * {@code reservation-commands}, as fast as the topology takes them; {@code http}: direct bookings
 * through the API by {@code innflow.bench.booking-clients} (128) clients), {@code innflow.bench.jfr} (true: a JFR recording of a
 * second search run at 64 clients at the largest size). Results go to the log (lines {@code BENCH})
 * and to {@code target/benchmarks/scale.md}.
 */
@EnabledIfSystemProperty(named = "innflow.bench", matches = ".*scale.*")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.HOURS)
class ScaleBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ScaleBenchmark.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NIGHTS = 365;
    private static final List<String> CITIES = List.of("Bangkok", "Phuket", "Chiang Mai");
    private static final String ROOM_NIGHTS_TOPIC = "catalog.public.room_nights";

    private final int[] sizes = Arrays.stream(
                    System.getProperty("innflow.bench.sizes", "36,1000").split(","))
            .mapToInt(s -> Integer.parseInt(s.trim()))
            .toArray();
    private final double seconds = Double.parseDouble(System.getProperty("innflow.bench.seconds", "10"));
    private final int restoreSize = Integer.getInteger("innflow.bench.restore-size", 1000);
    private final int bookings = Integer.getInteger("innflow.bench.bookings", 100_000);
    private final int bookingClients = Integer.getInteger("innflow.bench.booking-clients", 128);
    private final boolean bookOverHttp = "http".equals(System.getProperty("innflow.bench.booking-mode", "kafka"));
    private final boolean jfr = Boolean.parseBoolean(System.getProperty("innflow.bench.jfr", "false"));
    /** The read rows' client (search, availability and their baseline); other calls use {@link #http}. */
    private final BlockingHttp readClient = new BlockingHttp();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final Path out = Path.of("target/benchmarks");
    private final List<String> loads = new ArrayList<>();
    private final List<String> reads = new ArrayList<>();
    private final List<String> restore = new ArrayList<>();
    private final Instant started = Instant.now();

    @TempDir
    static Path dataDir;

    private EmbeddedStack stack;
    private StackSettings settings;
    private InnflowNode node;
    private String url;
    private Path stateDir;

    @BeforeAll
    void startStack() throws IOException {
        StackSettings t = StackSettings.forTests(dataDir);
        // No demo hotels at start: every size is written while the node runs, so its load is timed.
        settings = t.withDemo(0, NIGHTS);
        stack = EmbeddedStack.withoutNode(settings, null, Map.of());
        // The notifier would mail every booking to the stack's mail server: not what is measured here.
        stack.notifier().close();
        stateDir = dataDir.resolve("scale-streams");
        Files.createDirectories(out);
    }

    @AfterAll
    void stopStack() throws IOException {
        readClient.close();
        if (node != null) {
            node.close();
        }
        if (stack != null) {
            stack.close();
        }
        writeReport();
    }

    /** Rewritten after every line, so that what was measured survives a run that stops half-way. */
    private synchronized void writeReport() {
        List<String> report = new ArrayList<>();
        report.add("## How cost grows (" + started + ")");
        report.add("");
        report.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + "; broker, PostgreSQL, registry, Connect, node and load"
                + " generator in one JVM on this machine.");
        report.add("");
        report.addAll(loads);
        report.add("");
        report.addAll(reads);
        report.add("");
        report.addAll(restore);
        try {
            Files.createDirectories(out);
            Files.write(out.resolve("scale.md"), report);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void measureHowCostGrows() throws Exception {
        node = startNode();
        loadHeader();
        readHeader();
        for (int size : sizes) {
            load(size);
            measureReads(size, size == Arrays.stream(sizes).max().orElseThrow());
            if (size == restoreSize) {
                measureRestore(size);
            }
        }
        measurePlainGet(); // last, on a JVM as warm as for the reads above
    }

    // ---- the node

    private InnflowNode startNode() {
        InnflowNode started = BenchNode.start(stack, BenchNode.config(stack, stateDir, Map.of()));
        url = "http://127.0.0.1:" + started.port();
        return started;
    }

    private void awaitReady(InnflowNode n) {
        await().atMost(Duration.ofMinutes(60))
                .pollInterval(Duration.ofMillis(100))
                .until(n::ready);
    }

    // ---- loading the catalog through CDC

    private void loadHeader() {
        loads.add("### Catalog load: PostgreSQL → Debezium → Kafka → topology → visible in availability");
        loads.add("");
        loads.add("| hotels | hotels added | room types added | room nights added | written to PostgreSQL"
                + " | all in Kafka after | every night visible after | rows/s end to end | load average |");
        loads.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    }

    private void load(int size) throws Exception {
        if (node == null || !node.ready()) {
            awaitReady(node);
        }
        long start;
        long written;
        long inKafka;
        DemoCatalog.Summary added;
        try (TopicRecords roomNightRecords =
                new TopicRecords(stack.kafka().bootstrapServers(), List.of(ROOM_NIGHTS_TOPIC))) {
            long recordsBefore = roomNightRecords.count();
            start = System.nanoTime();
            added = DemoCatalog.addMissingHotels(
                    stack.postgres().dataSource(), settings.demoFirstNight(), size, NIGHTS);
            written = System.nanoTime();
            await().atMost(Duration.ofMinutes(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> roomNightRecords.count() >= recordsBefore + added.roomNights());
            inKafka = System.nanoTime();
        }
        Map<String, Integer> roomTypes = roomTypesByHotel(size);
        awaitEveryNightVisible(roomTypes);
        long visible = System.nanoTime();
        line(
                loads,
                String.format(
                        Locale.ROOT,
                        "| %,d | %,d | %,d | %,d | %.1f s | %.1f s | %.1f s | %,.0f | %s |",
                        size,
                        added.hotels(),
                        added.roomTypes(),
                        added.roomNights(),
                        (written - start) / 1e9,
                        (inKafka - start) / 1e9,
                        (visible - start) / 1e9,
                        added.roomNights() / ((visible - start) / 1e9),
                        loadAverage()));
    }

    /**
     * Waits until every hotel shows every night of every room type. A cheap pass first (the last
     * night of each hotel), so that the harness does not take the cores the pipeline needs; then the
     * whole year, hotel by hotel, remembering the hotels already complete.
     */
    private void awaitEveryNightVisible(Map<String, Integer> roomTypes) {
        LocalDate first = settings.demoFirstNight();
        LocalDate last = first.plusDays(NIGHTS - 1);
        Set<String> pending = new LinkedHashSet<>(roomTypes.keySet());
        await().atMost(Duration.ofMinutes(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    pending.removeIf(h -> shown(h, last, last.plusDays(1)) == roomTypes.get(h));
                    return pending.isEmpty();
                });
        pending.addAll(roomTypes.keySet());
        await().atMost(Duration.ofMinutes(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    pending.removeIf(h -> shown(h, first, first.plusDays(NIGHTS)) == roomTypes.get(h) * NIGHTS);
                    return pending.isEmpty();
                });
    }

    /** {@link #nightsShown}, or -1 when the request failed (the node is busy or restarting). */
    private int shown(String hotel, LocalDate from, LocalDate to) {
        try {
            return nightsShown(hotel, from, to);
        } catch (Exception e) {
            return -1;
        }
    }

    /** Nights with an allotment shown for the hotel in [from, to), over all its room types; -1 when not served. */
    private int nightsShown(String hotel, LocalDate from, LocalDate to) throws Exception {
        JsonNode body = availability(hotel, from, to);
        if (body == null) {
            return -1;
        }
        int nights = 0;
        for (JsonNode rt : body.path("roomTypes")) {
            for (JsonNode night : rt.path("nights")) {
                if (night.path("allotment").asInt(night.path("available").asInt()) > 0) {
                    nights++;
                }
            }
        }
        return nights;
    }

    private JsonNode availability(String hotel, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> r = get("/v1/hotels/" + hotel + "/availability?from=" + from + "&to=" + to);
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    }

    private Map<String, Integer> roomTypesByHotel(int size) throws Exception {
        Set<String> ids = new LinkedHashSet<>(DemoCatalog.hotelIds(size));
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT hotel_id, count(*) FROM room_types GROUP BY hotel_id")) {
            while (r.next()) {
                if (ids.contains(r.getString(1))) {
                    counts.put(r.getString(1), r.getInt(2));
                }
            }
        }
        assertThat(counts).hasSize(size);
        return counts;
    }

    // ---- reads

    private void readHeader() {
        reads.add("### Reads: " + seconds + " s per row after " + warmup() + " s of warm-up, closed model");
        reads.add("");
        reads.add("Search: 24 fixed queries (3 cities × check-in in 14, 45, 100 or 200 days × 1 or 3 nights, 2"
                + " guests, first page of 20). Availability: one hotel of the catalog, all room types, 7 nights,"
                + " a different hotel and week each call.");
        reads.add("");
        reads.add(
                "| hotels | read | clients | answers/s | not 200 (206: partial) | p50 ms | p95 ms | p99 ms | max ms | CPU µs per answer: all | HTTP threads | load average |");
        reads.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    }

    private double warmup() {
        return Math.max(2, seconds / 4);
    }

    /**
     * The baseline of the read rows: a Javalin server in this JVM answering a fixed small JSON object,
     * through the same client and loop, so the rows below can be read as a share of what this machine's
     * HTTP stack and load generator allow.
     */
    private void measurePlainGet() throws Exception {
        io.javalin.Javalin plain = io.javalin.Javalin.create(cfg -> {
                    cfg.startup.showJavalinBanner = false;
                    cfg.routes.get("/plain", ctx -> ctx.json(Map.of("hotelId", "plain", "available", 3)));
                })
                .start("127.0.0.1", 0);
        try {
            String uri = "http://127.0.0.1:" + plain.port() + "/plain";
            ClosedLoad.Call call = (client, seq) -> readClient.get(uri).status();
            for (int clients : new int[] {1, 64}) {
                readRow(
                        0,
                        "plain Javalin JSON GET (baseline)",
                        clients,
                        ClosedLoad.run(clients, warmup(), seconds, call));
            }
        } finally {
            plain.stop();
        }
    }

    private void measureReads(int size, boolean largest) throws Exception {
        List<String> searches = searchQueries();
        List<String> hotels = DemoCatalog.hotelIds(size);
        LocalDate first = settings.demoFirstNight();
        // A 200 that says "partial": a partition could not be read; counted apart (206) so it shows.
        ClosedLoad.Call search = (client, seq) -> {
            BlockingHttp.Answer r = readClient.get(url + searches.get((int) (seq % searches.size())));
            return r.status() == 200 && r.body().contains("\"partial\":true") ? 206 : r.status();
        };
        ClosedLoad.Call availability = (client, seq) -> {
            String hotel = hotels.get((int) ((seq * 7919) % hotels.size()));
            LocalDate from = first.plusDays(10 + seq % 300);
            return readClient
                    .get(url + "/v1/hotels/" + hotel + "/availability?from=" + from + "&to=" + from.plusDays(7))
                    .status();
        };
        for (int clients : new int[] {1, 64}) {
            readRow(size, "search", clients, ClosedLoad.run(clients, warmup(), seconds, search));
        }
        for (int clients : new int[] {1, 64}) {
            readRow(size, "availability", clients, ClosedLoad.run(clients, warmup(), seconds, availability));
        }
        if (jfr && largest) {
            // A second search run, recorded: where the time of a search goes at this size.
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("scale-search-" + size);
            recording.start();
            ClosedLoad.Run r = ClosedLoad.run(64, 0, seconds, search);
            recording.stop();
            Path file = out.resolve("scale-search-" + size + ".jfr");
            recording.dump(file);
            recording.close();
            readRow(size, "search (JFR recording: " + file.getFileName() + ")", 64, r);
        }
        JsonNode sample = JSON.readTree(get(searches.get(0)).body());
        line(
                reads,
                "| " + String.format(Locale.ROOT, "%,d", size) + " | (search for " + CITIES.get(0)
                        + ", first query: total " + sample.path("total").asInt() + " hotels, partial "
                        + sample.path("partial").asBoolean() + ") | | | | | | | | | | |");
    }

    private List<String> searchQueries() {
        LocalDate first = settings.demoFirstNight();
        List<String> queries = new ArrayList<>();
        for (String city : CITIES) {
            for (int days : new int[] {14, 45, 100, 200}) {
                for (int nights : new int[] {1, 3}) {
                    LocalDate in = first.plusDays(days);
                    queries.add("/v1/search?city=" + city.replace(" ", "%20") + "&checkIn=" + in + "&checkOut="
                            + in.plusDays(nights) + "&guests=2");
                }
            }
        }
        return queries;
    }

    /** One row of the reads table; {@code size} 0: a row that reads no catalog (the baseline). */
    private void readRow(int size, String read, int clients, ClosedLoad.Run r) {
        line(
                reads,
                String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %,.0f | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %s |",
                        size == 0 ? "-" : String.format(Locale.ROOT, "%,d", size),
                        read,
                        clients,
                        r.throughput(),
                        r.total() - r.count(200),
                        r.percentile(0.50),
                        r.percentile(0.95),
                        r.percentile(0.99),
                        r.percentile(1.0),
                        r.cpu().total() * 1000,
                        r.cpu().groups().getOrDefault("HTTP", 0.0) * 1000,
                        loadAverage()));
        LOG.info("CPU ms per answer, {} {} clients: {}", read, clients, r.cpu().groups());
    }

    // ---- bookings, then restarts

    private void measureRestore(int size) throws Exception {
        List<String> hotels = DemoCatalog.hotelIds(size);
        LocalDate first = settings.demoFirstNight();
        int window = NIGHTS - 30;
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < bookingClients; c++) {
            tokens.add(DemoTokens.sign(
                    stack.nodeConfig().auth(), "scale-guest-" + c, "guest", Optional.empty(), Duration.ofDays(1)));
        }
        ClosedLoad.Call book = (client, seq) -> {
            String hotel = hotels.get((int) (seq % hotels.size()));
            LocalDate in = first.plusDays(2 + (seq / hotels.size()) % window);
            String body = "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                    + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Scale Guest\","
                    + "\"email\":\"guest@example.com\",\"adults\":1}}";
            return http.send(
                            HttpRequest.newBuilder(URI.create(url + "/v1/hotels/" + hotel + "/bookings"))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + tokens.get(client))
                                    .header("Idempotency-Key", UUID.randomUUID().toString())
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        };
        restore.add("### Restart and restore at " + String.format(Locale.ROOT, "%,d", size) + " hotels");
        restore.add("");
        Map<String, Long> empty = soldFingerprint(hotels);
        if (bookOverHttp) {
            ClosedLoad.Run made = ClosedLoad.count(bookingClients, bookings, book);
            restore.add("| direct bookings sent (HTTP) | clients | 201 | other answers | seconds | bookings/s | p50 ms"
                    + " | p99 ms | load average |");
            restore.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            line(
                    restore,
                    String.format(
                            Locale.ROOT,
                            "| %,d | %d | %,d | %s | %.0f | %,.0f | %.1f | %.1f | %s |",
                            made.total(),
                            bookingClients,
                            made.count(201),
                            others(made),
                            made.seconds(),
                            made.total() / made.seconds(),
                            made.percentile(0.5),
                            made.percentile(0.99),
                            loadAverage()));
        } else {
            bookThroughKafka(hotels, empty);
        }
        restore.add("");
        // What every hotel sells on the booked nights: must be the same after each restart.
        Map<String, Long> before = soldFingerprint(hotels);
        changelogSizes();

        restore.add("| start | stop took | ready after | serving every hotel after | availability as before"
                + " the stop | state directory | load average |");
        restore.add("| --- | --- | --- | --- | --- | --- | --- |");
        restart("clean stop, start on its state directory", false, hotels, before);
        restart("state directory deleted, restore from the changelogs", true, hotels, before);
    }

    /**
     * {@code bookings} direct bookings of one room for one night, written as commands straight to
     * {@code reservation-commands} (spread over every hotel and the year), then waits until the
     * hotels' availability shows them all.
     */
    private void bookThroughKafka(List<String> hotels, Map<String, Long> empty) throws Exception {
        LocalDate first = settings.demoFirstNight();
        int window = NIGHTS - 30;
        Topics topics =
                Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.ACKS_CONFIG,
                "all");
        long start = System.nanoTime();
        try (KafkaProducer<String, ReservationCommand> producer = new KafkaProducer<>(
                config,
                topics.commands().keySerde().serializer(),
                topics.commands().valueSerde().serializer())) {
            PaymentAuthorization paid = new PaymentAuthorization("auth_scale_bench", true);
            GuestDetails guest = new GuestDetails("Scale Guest", "guest@example.com", null, 1, 0, null);
            for (long seq = 0; seq < bookings; seq++) {
                String hotel = hotels.get((int) (seq % hotels.size()));
                LocalDate in = first.plusDays(2 + (seq / hotels.size()) % window);
                ReservationCommand command = ReservationCommand.newBuilder()
                        .setRequestId(UUID.randomUUID().toString())
                        .setFingerprint("scale-bench-" + seq)
                        .setReplyTo("scale-bench")
                        .setHotelId(hotel)
                        .setPrincipal("scale-guest-" + (seq % 64))
                        .setIssuedAt(Instant.now())
                        .setCommand(new BookDirect("std", in, in.plusDays(1), 1, null, paid, guest))
                        .build();
                producer.send(new ProducerRecord<>(topics.commands().name(), hotel, command));
            }
            producer.flush();
        }
        long sent = System.nanoTime();
        // First a cheap wait on every 50th hotel, so that the check does not take the cores the
        // topology needs; then the whole catalog.
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < hotels.size(); i += 50) {
            sample.add(hotels.get(i));
        }
        await().atMost(Duration.ofMinutes(120))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    Map<String, Long> now = soldFingerprint(sample);
                    return sample.stream().allMatch(h -> {
                        int index = hotels.indexOf(h);
                        long expected = index < bookings ? (bookings - 1L - index) / hotels.size() + 1 : 0;
                        return empty.get(h) - now.get(h) >= expected;
                    });
                });
        long[] booked = new long[1];
        await().atMost(Duration.ofMinutes(120))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    Map<String, Long> now = soldFingerprint(hotels);
                    booked[0] = empty.entrySet().stream()
                            .mapToLong(e -> e.getValue() - now.get(e.getKey()))
                            .sum();
                    return booked[0] >= bookings;
                });
        long done = System.nanoTime();
        restore.add("| direct bookings (`BookDirect` commands written to Kafka) | written in | all applied after"
                + " | bookings/s | rooms booked according to availability | load average |");
        restore.add("| --- | --- | --- | --- | --- | --- |");
        line(
                restore,
                String.format(
                        Locale.ROOT,
                        "| %,d | %.1f s | %.1f s | %,.0f | %,d | %s |",
                        bookings,
                        (sent - start) / 1e9,
                        (done - start) / 1e9,
                        bookings / ((done - start) / 1e9),
                        booked[0],
                        loadAverage()));
        assertThat(booked[0]).as("rooms booked vs commands written").isEqualTo(bookings);
    }

    private static String others(ClosedLoad.Run r) {
        return r.statuses().entrySet().stream()
                .filter(e -> e.getKey() != 201)
                .map(e -> e.getKey() + ": " + e.getValue().get())
                .collect(Collectors.joining(", "))
                .transform(s -> s.isEmpty() ? "0" : s);
    }

    private void restart(String what, boolean deleteState, List<String> hotels, Map<String, Long> before)
            throws Exception {
        long stopping = System.nanoTime();
        node.close();
        long stopped = System.nanoTime();
        node = null;
        if (deleteState) {
            deleteTree(stateDir);
        }
        long start = System.nanoTime();
        node = startNode();
        awaitReady(node);
        long ready = System.nanoTime();
        Set<String> pending = new LinkedHashSet<>(hotels);
        LocalDate night = settings.demoFirstNight().plusDays(40);
        await().atMost(Duration.ofMinutes(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    pending.removeIf(h -> {
                        try {
                            return nightsShown(h, night, night.plusDays(1)) > 0;
                        } catch (Exception e) {
                            return false;
                        }
                    });
                    return pending.isEmpty();
                });
        long serving = System.nanoTime();
        Map<String, Long> after = soldFingerprint(hotels);
        long differing = before.entrySet().stream()
                .filter(e -> !e.getValue().equals(after.get(e.getKey())))
                .count();
        line(
                restore,
                String.format(
                        Locale.ROOT,
                        "| %s | %.1f s | %.1f s | %.1f s | %s | %s | %s |",
                        what,
                        (stopped - stopping) / 1e9,
                        (ready - start) / 1e9,
                        (serving - start) / 1e9,
                        differing == 0 ? "yes, every hotel" : differing + " hotels differ",
                        megabytes(treeSize(stateDir)),
                        loadAverage()));
        assertThat(differing)
                .as("hotels whose availability changed across the restart")
                .isZero();
    }

    /** Per hotel, the rooms still free on the standard room type over the booked nights, summed. */
    private Map<String, Long> soldFingerprint(List<String> hotels) throws Exception {
        LocalDate first = settings.demoFirstNight();
        Map<String, Long> sums = new TreeMap<>();
        for (String hotel : hotels) {
            HttpResponse<String> r = get("/v1/hotels/" + hotel + "/availability?from=" + first.plusDays(2) + "&to="
                    + first.plusDays(NIGHTS - 28) + "&roomType=std");
            assertThat(r.statusCode()).as("availability of %s", hotel).isEqualTo(200);
            long sum = 0;
            for (JsonNode rt : JSON.readTree(r.body()).path("roomTypes")) {
                for (JsonNode n : rt.path("nights")) {
                    sum += n.path("available").asLong();
                }
            }
            sums.put(hotel, sum);
        }
        return sums;
    }

    private void changelogSizes() throws Exception {
        String prefix = stack.nodeConfig().node().applicationId() + "-";
        try (Admin admin = admin()) {
            List<String> changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix) && t.endsWith("-changelog"))
                    .sorted()
                    .toList();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(changelogs)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .forEach(d ->
                            d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
            Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
            Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
            Map<String, Long> bytes = new HashMap<>();
            Set<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream()
                    .map(n -> n.id())
                    .collect(Collectors.toSet());
            admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(dirs -> dirs.values().stream())
                    .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                    .forEach(e -> bytes.merge(e.getKey().topic(), e.getValue().size(), Long::sum));
            restore.add("Changelogs before the restarts (records = offsets from the earliest to the latest kept,"
                    + " which includes transaction markers; bytes on the broker's disk):");
            restore.add("");
            restore.add("| changelog | partitions | records | bytes |");
            restore.add("| --- | --- | --- | --- |");
            long totalRecords = 0;
            long totalBytes = 0;
            for (String topic : changelogs) {
                long records = partitions.stream()
                        .filter(p -> p.topic().equals(topic))
                        .mapToLong(p -> latest.get(p) - earliest.get(p))
                        .sum();
                long size = bytes.getOrDefault(topic, 0L);
                totalRecords += records;
                totalBytes += size;
                line(
                        restore,
                        String.format(
                                Locale.ROOT,
                                "| `%s` | %d | %,d | %s |",
                                topic.substring(prefix.length()),
                                partitions.stream()
                                        .filter(p -> p.topic().equals(topic))
                                        .count(),
                                records,
                                megabytes(size)));
            }
            line(
                    restore,
                    String.format(
                            Locale.ROOT,
                            "| **all %d** | | **%,d** | **%s** |",
                            changelogs.size(),
                            totalRecords,
                            megabytes(totalBytes)));
            restore.add("");
        }
    }

    // ---- helpers

    private Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)))
                .all()
                .get(30, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, e -> ((ListOffsetsResult.ListOffsetsResultInfo) e.getValue()).offset()));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1];
        } catch (IOException e) {
            return "?";
        }
    }

    private static long treeSize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            return 0;
                        }
                    })
                    .sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private void line(List<String> table, String text) {
        System.out.println("BENCH " + text);
        table.add(text);
        writeReport();
    }
}
