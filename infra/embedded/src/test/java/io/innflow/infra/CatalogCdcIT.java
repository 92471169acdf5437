package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.connectors.CatalogMigrations;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.connectors.catalog.DemoCatalog;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.RowDecoder;
import io.innflow.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog path end to end on real components: PostgreSQL (embedded), Debezium in a Kafka Connect
 * worker writing Avro through Apicurio's converter (an isolated plugin from {@code
 * infra/connect-plugins}), the Apicurio registry server, a KRaft broker. Records are decoded with the
 * application's own deserializer.
 *
 * <p>This class runs parts of its own instead of {@link SharedStack}: it counts the records of
 * Debezium's initial snapshot of a catalog it seeds itself, and its last test stops and restarts every
 * part. Its other tests do not depend on one another; only the restart is ordered, last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CatalogCdcIT {

    private static final Logger log = LoggerFactory.getLogger(CatalogCdcIT.class);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final LocalDate FIRST_NIGHT = LocalDate.of(2026, 12, 1);
    private static final int SEEDED_NIGHTS = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    static Path root;

    private DataLayout layout;
    private Path repositoryRoot;
    private RegistryServer registry;
    private RowDecoder rows;
    private KafkaBroker broker;
    private PostgresServer postgres;
    private ConnectWorker worker;
    private DemoCatalog.Summary seeded;
    private String roomNights;
    private List<String> catalogTopics;

    @BeforeAll
    void startStack() {
        layout = DataLayout.at(root);
        repositoryRoot = RepositoryRoot.find();
        assertThat(connectPlugins())
                .as("Connect plugins; build them with: cd infra/connect-plugins && mvn package")
                .isDirectory();
        registry = timed("Registry server, cold", this::startRegistry);
        Topics topics = Topics.create(AvroSerdeFactory.forRegistry(registry.url()));
        roomNights = topics.catalog(CatalogTable.ROOM_NIGHTS).name();
        catalogTopics = Arrays.stream(CatalogTable.values())
                .map(table -> topics.catalog(table).name())
                .toList();
        broker = timed(
                "Kafka broker, cold",
                () -> KafkaBroker.builder(layout.kafka()).build().start());
        postgres = timed("PostgreSQL, cold", () -> PostgresServer.embedded(layout.postgres(), 0)
                .start());
        CatalogMigrations.migrate(postgres.dataSource());
        seeded = DemoCatalog.seed(postgres.dataSource(), FIRST_NIGHT, 1, SEEDED_NIGHTS);
        worker = timed("Connect worker + catalog-source RUNNING, cold", this::startWorker);
    }

    @AfterAll
    void stopStack() {
        if (worker != null) worker.close();
        if (postgres != null) postgres.close();
        if (broker != null) broker.close();
        if (registry != null) registry.close();
        keepRegistryLog();
    }

    @Test
    void shouldPublishEverySnapshottedRoomNightAsAnUnwrappedRow() throws SQLException {
        // Given: the tiny catalog seeded before the connector started (other tests add nights after it)
        assertThat(seeded.seeded()).isTrue();
        Set<String> expected = roomNightsInDatabase(FIRST_NIGHT.plusDays(SEEDED_NIGHTS));
        assertThat(expected).hasSize(seeded.roomNights());

        // When / Then: every row arrives as a snapshot read ("r"), keyed by its primary key
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> assertThat(rowsWithOp("r"))
                .hasSize(seeded.roomNights()));
        Set<String> published = new HashSet<>();
        for (Change change : changes().stream()
                .filter(c -> c.value() != null && "r".equals(c.value().get("__op")))
                .toList()) {
            Map<String, Object> key = change.key();
            Map<String, Object> value = change.value();
            assertThat(value)
                    .containsKeys(
                            "hotel_id",
                            "room_type_id",
                            "night",
                            "allotment",
                            "price_minor",
                            "stop_sell",
                            "min_los",
                            "max_los",
                            "closed_to_arrival",
                            "closed_to_departure",
                            "__op",
                            "__source_ts_ms",
                            "__deleted");
            assertThat(value.get("night"))
                    .as("night is int days since epoch: %s", value)
                    .isInstanceOf(Integer.class);
            assertThat(value.get("hotel_id")).isInstanceOf(String.class);
            assertThat(value.get("stop_sell")).isEqualTo(false);
            assertThat(value.get("min_los")).isNull();
            assertThat(key.get("hotel_id")).isEqualTo(value.get("hotel_id"));
            assertThat(key.get("night")).isEqualTo(value.get("night"));
            published.add(rowId(value));
        }
        assertThat(published).isEqualTo(expected);
        assertThat(published)
                .contains(rowOf(
                        "bkk-001",
                        "std",
                        FIRST_NIGHT,
                        allotmentOf("bkk-001", "std"),
                        priceOf("bkk-001", "std", FIRST_NIGHT)));
    }

    @Test
    void shouldWriteTheConfluentWireFormatWithIdsTheRegistrysConfluentApiKnows() throws Exception {
        // Given: a snapshotted row as it is on the wire
        byte[] value = TopicReader.readAllBytes(broker.bootstrapServers(), roomNights).stream()
                .map(r -> r.value())
                .filter(Objects::nonNull)
                .findFirst()
                .orElseThrow();

        // When: read as a Confluent deserializer would: magic byte 0, then a 4-byte big-endian schema id
        ByteBuffer wire = ByteBuffer.wrap(value);
        byte magic = wire.get();
        int schemaId = wire.getInt();

        // Then: the registry's Confluent-compatible API resolves that id, and knows the topic's subject
        assertThat(magic).isZero();
        HttpResponse<String> schema = registryGet("/apis/ccompat/v7/schemas/ids/" + schemaId);
        assertThat(schema.statusCode())
                .as("schema id %d: %s", schemaId, schema.body())
                .isEqualTo(200);
        assertThat(schema.body()).contains("room_nights").contains("hotel_id");
        HttpResponse<String> subjects = registryGet("/apis/ccompat/v7/subjects");
        assertThat(subjects.body()).contains("\"" + roomNights + "-value\"").contains("\"" + roomNights + "-key\"");
    }

    @Test
    void shouldPublishRowsInsertedAfterTheSnapshot() throws SQLException {
        // Given
        LocalDate night = FIRST_NIGHT.plusDays(30);

        // When
        execute(
                "INSERT INTO room_nights (hotel_id, room_type_id, night, allotment, price_minor, min_los, closed_to_arrival)"
                        + " VALUES ('bkk-001', 'std', DATE '" + night + "', 7, 123400, 2, true)");

        // Then
        Map<String, Object> row = awaitRow("c", "bkk-001", "std", night);
        assertThat(row)
                .containsEntry("allotment", 7)
                .containsEntry("price_minor", 123_400L)
                .containsEntry("min_los", 2)
                .containsEntry("closed_to_arrival", true);
        assertThat(String.valueOf(row.get("__deleted"))).isEqualTo("false");
    }

    @Test
    void shouldPublishADeleteAsTheDeletedRowFollowedByATombstone() throws SQLException {
        // Given
        LocalDate night = FIRST_NIGHT.plusDays(31);
        execute(
                "INSERT INTO room_nights (hotel_id, room_type_id, night, allotment, price_minor) VALUES ('hkt-001', 'std', DATE '"
                        + night + "', 3, 250000)");
        awaitRow("c", "hkt-001", "std", night);

        // When
        execute("DELETE FROM room_nights WHERE hotel_id = 'hkt-001' AND room_type_id = 'std' AND night = DATE '" + night
                + "'");

        // Then: the full old row marked deleted (REPLICA IDENTITY FULL), then a tombstone with the same key
        Map<String, Object> deleted = awaitRow("d", "hkt-001", "std", night);
        assertThat(String.valueOf(deleted.get("__deleted"))).isEqualTo("true");
        assertThat(deleted).containsEntry("allotment", 3);
        await().atMost(WAIT).pollInterval(POLL).untilAsserted(() -> {
            Change last = changes().stream()
                    .filter(c -> "hkt-001".equals(c.key().get("hotel_id"))
                            && Integer.valueOf((int) night.toEpochDay())
                                    .equals(c.key().get("night")))
                    .reduce((a, b) -> b.offset() > a.offset() ? b : a)
                    .orElseThrow();
            assertThat(last.value()).as("tombstone").isNull();
        });
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shouldKeepTopicsAndResumeFromStoredOffsetsAfterARestart() throws Exception {
        // Given: the stack stopped cleanly
        int recordsBefore =
                TopicReader.readAllBytes(broker.bootstrapServers(), roomNights).size();
        worker.close();
        postgres.close();
        broker.close();
        registry.close();
        assertThat(worker.offsetsFile()).exists();

        // When: the registry restarts on its directory (on another port)
        registry = timed("Registry server, second run", this::startRegistry);

        // When: the broker restarts on the same directory
        broker = timed(
                "Kafka broker, second run",
                () -> KafkaBroker.builder(layout.kafka()).build().start());

        // Then: the topics, their settings and their records are still there
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(catalogTopics);
            TopicDescription description = admin.describeTopics(List.of(roomNights))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(roomNights);
            assertThat(description.partitions()).hasSize(6);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, roomNights);
            assertThat(admin.describeConfigs(List.of(resource))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .get(resource)
                            .get("cleanup.policy")
                            .value())
                    .isEqualTo("compact");
        }
        assertThat(TopicReader.readAllBytes(broker.bootstrapServers(), roomNights))
                .hasSize(recordsBefore);

        // When: PostgreSQL and the worker restart on their directories and a row is added
        postgres = timed("PostgreSQL, second run", () -> PostgresServer.embedded(layout.postgres(), 0)
                .start());
        assertThat(CatalogMigrations.migrate(postgres.dataSource())).isZero();
        assertThat(DemoCatalog.seed(postgres.dataSource(), FIRST_NIGHT, 1, SEEDED_NIGHTS)
                        .seeded())
                .isFalse();
        worker = timed("Connect worker + catalog-source RUNNING, second run", this::startWorker);
        LocalDate night = FIRST_NIGHT.plusDays(40);
        execute(
                "INSERT INTO room_nights (hotel_id, room_type_id, night, allotment, price_minor) VALUES ('cnx-001', 'dlx', DATE '"
                        + night + "', 4, 180000)");

        // Then: streaming resumed from the stored offsets: the new row arrives and nothing was snapshotted
        // again; the old records still decode, so their schema ids survived the registry's restart
        awaitRow("c", "cnx-001", "dlx", night);
        assertThat(rowsWithOp("r")).hasSize(seeded.roomNights());
    }

    /** The temporary folder goes away: keep the registry's log with the test reports. */
    private void keepRegistryLog() {
        Path log = layout == null ? null : layout.registry().resolve("registry.log");
        if (log != null && Files.exists(log)) {
            try {
                Files.createDirectories(Path.of("target/surefire-reports"));
                Files.copy(
                        log,
                        Path.of("target/surefire-reports/CatalogCdcIT-registry.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                CatalogCdcIT.log.warn("cannot keep {}", log, e);
            }
        }
    }

    private RegistryServer startRegistry() {
        RegistryServer server = new RegistryServer(
                        RegistryServer.runJar(repositoryRoot), layout.registry(), 0, Duration.ofSeconds(60))
                .start();
        // A new decoder per registry: the old one would keep talking to the previous port.
        rows = AvroSerdeFactory.forRegistry(server.url()).catalogRows();
        return server;
    }

    private ConnectWorker startWorker() {
        Map<String, String> values = new HashMap<>(postgres.connectorValues());
        values.put("registry.api", AvroSerdeFactory.registryApi(registry.url()));
        ConnectorConfig configured = ConnectorConfigs.load("catalog-source", values);
        // The shared stack's worker may run the same connector in this JVM: a tag of its own keeps
        // Debezium's metrics MBean name unique, else streaming waits a minute for the name to free up.
        Map<String, String> config = new HashMap<>(configured.config());
        config.put("custom.metric.tags", "stack=catalog-cdc-it");
        ConnectorConfig catalogSource = new ConnectorConfig(configured.name(), config);
        return ConnectWorker.builder(layout.connect(), broker.bootstrapServers())
                .workerProperty("plugin.path", connectPlugins().toString())
                .connector(catalogSource)
                .build()
                .start();
    }

    private Path connectPlugins() {
        return repositoryRoot.resolve("infra/connect-plugins/target/plugins");
    }

    private HttpResponse<String> registryGet(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(registry.url() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** One record of the room-nights topic, key and value decoded; {@code value} is null for a tombstone. */
    private record Change(long offset, Map<String, Object> key, Map<String, Object> value) {}

    private List<Change> changes() {
        return TopicReader.readAllBytes(broker.bootstrapServers(), roomNights).stream()
                .map(r -> new Change(
                        r.offset(),
                        rows.decode(roomNights, r.key()),
                        r.value() == null ? null : rows.decode(roomNights, r.value())))
                .toList();
    }

    private List<Map<String, Object>> rowsWithOp(String op) {
        return changes().stream()
                .map(Change::value)
                .filter(v -> v != null && op.equals(v.get("__op")))
                .toList();
    }

    private Map<String, Object> awaitRow(String op, String hotelId, String roomTypeId, LocalDate night) {
        return await().atMost(WAIT)
                .pollInterval(POLL)
                .until(
                        () -> rowsWithOp(op).stream()
                                .filter(v -> hotelId.equals(v.get("hotel_id"))
                                        && roomTypeId.equals(v.get("room_type_id"))
                                        && Integer.valueOf((int) night.toEpochDay())
                                                .equals(v.get("night")))
                                .findFirst()
                                .orElse(null),
                        row -> row != null);
    }

    /** The room nights before {@code until}, as {@link #rowOf} writes them. */
    private Set<String> roomNightsInDatabase(LocalDate until) throws SQLException {
        Set<String> rows = new HashSet<>();
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT hotel_id, room_type_id, night, allotment, price_minor FROM room_nights WHERE night < DATE '"
                                + until + "'")) {
            while (rs.next()) {
                rows.add(rowOf(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, LocalDate.class),
                        rs.getInt(4),
                        rs.getLong(5)));
            }
        }
        return rows;
    }

    private int allotmentOf(String hotelId, String roomTypeId) throws SQLException {
        return (int) queryLong("SELECT total_rooms FROM room_types WHERE hotel_id = '" + hotelId
                + "' AND room_type_id = '" + roomTypeId + "'");
    }

    private long priceOf(String hotelId, String roomTypeId, LocalDate night) throws SQLException {
        return queryLong("SELECT price_minor FROM room_nights WHERE hotel_id = '" + hotelId + "' AND room_type_id = '"
                + roomTypeId + "' AND night = DATE '" + night + "'");
    }

    private long queryLong(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = postgres.dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String rowId(Map<String, Object> v) {
        return rowOf(
                (String) v.get("hotel_id"),
                (String) v.get("room_type_id"),
                LocalDate.ofEpochDay((Integer) v.get("night")),
                (Integer) v.get("allotment"),
                (Long) v.get("price_minor"));
    }

    private static String rowOf(String hotelId, String roomTypeId, LocalDate night, int allotment, long price) {
        return hotelId + "|" + roomTypeId + "|" + night + "|" + allotment + "|" + price;
    }

    private static <T> T timed(String what, Supplier<T> start) {
        long begin = System.nanoTime();
        T result = start.get();
        log.info("TIMING {}: {} ms", what, (System.nanoTime() - begin) / 1_000_000);
        return result;
    }
}
