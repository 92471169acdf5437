package io.innflow.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.innflow.api.node.InnflowNode;
import io.innflow.connectors.CatalogMigrations;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.connectors.ConnectorConfigs;
import io.innflow.connectors.catalog.CatalogRows;
import io.innflow.connectors.catalog.DemoCatalog;
import io.innflow.connectors.catalog.NodeRole;
import io.innflow.notifier.Notifier;
import io.innflow.notifier.NotifierRole;
import io.innflow.notifier.NotifierSettings;
import io.innflow.notifier.SmtpMailSender;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.AuthSettings;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.TopicSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because it starts and stops every part of the one-command run in order; each part lives in its own class.
 *
 * The whole system on one machine, with real parts: a Kafka broker in KRaft mode, PostgreSQL, the
 * Apicurio schema registry, a Kafka Connect worker running {@code connectors/catalog-source.json}
 * (Debezium), one innflow node, a mail server (GreenMail's SMTP) and the notifier sending to it. Used by {@code ./mvnw -Prun} and by the end-to-end tests.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
    private static final String CATALOG_CONNECTOR = "catalog-source";

    private final StackSettings settings;
    private final String externalKafka;
    private final Map<String, String> nodeOverrides;
    private final boolean runNode;
    private String bootstrap;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private RegistryServer registry;
    private ConnectWorker connect;
    private InnflowNode node;
    private InnflowConfig nodeConfig;
    private AvroSerdeFactory serdes;
    private MailServer mail;
    private NotifierSettings notifierSettings;
    private Notifier notifier;

    private EmbeddedStack(
            StackSettings settings, String externalKafka, Map<String, String> nodeOverrides, boolean runNode) {
        this.settings = settings;
        this.externalKafka = externalKafka;
        this.nodeOverrides = Map.copyOf(nodeOverrides);
        this.runNode = runNode;
    }

    /** Starts every part in order and waits until the node is ready; stops what started on failure. */
    public static EmbeddedStack start(StackSettings settings) {
        return start(new EmbeddedStack(settings, null, Map.of(), true));
    }

    /**
     * Like {@link #start(StackSettings)}, on an existing Kafka cluster instead of its own broker, with
     * node settings on top of the stack's (cluster mode's replication, say): for multi-broker tests.
     */
    public static EmbeddedStack onKafka(StackSettings settings, String bootstrap, Map<String, String> nodeOverrides) {
        return start(new EmbeddedStack(settings, bootstrap, nodeOverrides, true));
    }

    /**
     * Every part but the node, on its own broker ({@code bootstrap} null) or an existing cluster: for
     * tests that run nodes as processes of their own. {@link #nodeConfig()} is what the stack's node
     * would have run with (addresses, credentials, token secret); {@link #node()} is null.
     */
    public static EmbeddedStack withoutNode(
            StackSettings settings, String bootstrap, Map<String, String> nodeOverrides) {
        return start(new EmbeddedStack(settings, bootstrap, nodeOverrides, false));
    }

    private static EmbeddedStack start(EmbeddedStack stack) {
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        DataLayout layout = settings.layout();
        if (externalKafka == null) {
            kafka = track(KafkaBroker.builder(layout.kafka())
                    .port(settings.kafkaPort())
                    .controllerPort(settings.controllerPort())
                    .build()
                    .start());
            bootstrap = kafka.bootstrapServers();
        } else {
            bootstrap = externalKafka;
        }
        postgres = track(settings.externalPostgres()
                .map(pg -> PostgresServer.external(pg.jdbcUrl(), pg.user(), pg.password()))
                .orElseGet(() -> PostgresServer.embedded(layout.postgres(), settings.postgresPort()))
                .start());
        CatalogMigrations.migrate(postgres.dataSource());
        // The node connects as its own least-privileged role, with a password new at every start.
        String nodePassword = randomSecret();
        NodeRole.setPassword(postgres.dataSource(), nodePassword);
        if (settings.demoHotels() > 0) {
            DemoCatalog.Summary demo = DemoCatalog.seedHotels(
                    postgres.dataSource(), settings.demoFirstNight(), settings.demoHotels(), settings.demoNights());
            if (demo.seeded()) {
                log.info(
                        "Demo catalog: {} hotels, {} room types, {} nights",
                        demo.hotels(),
                        demo.roomTypes(),
                        demo.roomNights());
            }
        }
        registry = track(new RegistryServer(
                        RegistryServer.runJar(settings.repositoryRoot()),
                        layout.registry(),
                        settings.registryPort(),
                        Duration.ofSeconds(90))
                .start());

        Map<String, String> nodeValues = new HashMap<>(Map.of(
                "innflow.kafka.bootstrap", bootstrap,
                "innflow.registry.url", registry.url(),
                "innflow.state.dir", layout.streams().toString(),
                "innflow.http.port", Integer.toString(settings.httpPort()),
                "innflow.http.host", settings.httpHost(),
                "innflow.postgres.jdbc-url", postgres.jdbcUrl(),
                "innflow.postgres.user", NodeRole.NAME,
                "innflow.postgres.password", nodePassword));
        if (settings.httpPort() == 0) {
            // Tests run side by side: the management port is picked freely like the HTTP port.
            nodeValues.put("innflow.ops.port", "0");
        }
        nodeValues.putAll(nodeOverrides);
        AuthSettings configured = InnflowConfig.load(nodeValues).auth();
        if (configured.hmac() && configured.hmacSecret().isEmpty()) {
            // Development: a secret of this data directory, so the demo tokens survive restarts.
            nodeValues.put("innflow.auth.hmac-secret", DemoTokens.developmentSecret(settings.dataDir()));
        }
        nodeConfig = InnflowConfig.load(nodeValues);
        serdes = AvroSerdeFactory.forRegistry(registry.url());
        Topics topics = Topics.create(serdes);
        // The application's topics, the catalog's included, exist with their configs before Connect writes.
        TopicSetup.ensureTopics(
                bootstrap,
                topics,
                nodeConfig.topology().partitions(),
                nodeConfig.node().replicationFactor());

        connect = track(startConnect());
        // A larger demo catalog (innflow.demo.hotels) takes longer to snapshot and to load: about a
        // second per 1,000 rows at most on a loaded 2-core machine, on top of the fixed allowance.
        long catalogSeconds = catalogRows() / 1_000;
        awaitCatalogSnapshot(topics, Duration.ofSeconds(180 + catalogSeconds));

        if (runNode) {
            node = track(InnflowNode.start(nodeConfig, serdes));
            awaitReady(Duration.ofSeconds(120 + catalogSeconds));
        }

        mail = track(MailServer.start(settings.smtpPort(), settings.mailPort()));
        // The notifier, a downstream service, connects as its own role like the node does.
        String notifierPassword = randomSecret();
        NotifierRole.setPassword(postgres.dataSource(), notifierPassword);
        notifierSettings = NotifierSettings.load(Map.of(
                "innflow.kafka.bootstrap",
                bootstrap,
                "innflow.registry.url",
                registry.url(),
                NotifierSettings.POSTGRES_JDBC_URL.key(),
                postgres.jdbcUrl(),
                NotifierSettings.POSTGRES_USER.key(),
                NotifierRole.NAME,
                NotifierSettings.POSTGRES_PASSWORD.key(),
                notifierPassword,
                NotifierSettings.SMTP_HOST.key(),
                "127.0.0.1",
                NotifierSettings.SMTP_PORT.key(),
                Integer.toString(mail.smtpPort())));
        notifier = track(startNotifier());
        log.info("Embedded stack ready in {} ms", (System.nanoTime() - begin) / 1_000_000);
    }

    /** A Connect worker on the stack's offsets running {@code connectors/catalog-source.json}. */
    private ConnectWorker startConnect() {
        Map<String, String> values = new HashMap<>(postgres.connectorValues());
        values.put("registry.api", AvroSerdeFactory.registryApi(registry.url()));
        // Connectors name the password through the worker's file config provider, as in a cluster they
        // name it through its environment: Connect's config topic and REST API never hold it.
        Path secrets = ConnectSecrets.write(
                settings.layout().connect(), Map.of("postgres.password", values.get("postgres.password")));
        values.put("postgres.password", ConnectSecrets.reference(secrets, "postgres.password"));
        ConnectorConfig catalogSource = ConnectorConfigs.load(CATALOG_CONNECTOR, values);
        return ConnectWorker.builder(settings.layout().connect(), bootstrap)
                .restPort(settings.connectPort())
                .workerProperty("plugin.path", connectPluginPath().toString())
                .workerProperty("config.providers", "file")
                .workerProperty("config.providers.file.class", ConnectSecrets.FILE_PROVIDER)
                .connector(catalogSource)
                .connectors(ConnectWorker.analyticsSinks(values))
                .build()
                .start();
    }

    /**
     * Stops the Connect worker if it runs and starts a new one on the same offsets, as after a crash
     * or an upgrade of the worker: Debezium resumes from its stored offset and replication slot.
     * Returns once the connector runs again.
     */
    public synchronized ConnectWorker restartConnect() {
        stopConnect();
        connect = track(startConnect());
        return connect;
    }

    private Notifier startNotifier() {
        return Notifier.start(notifierSettings, serdes, new SmtpMailSender(notifierSettings));
    }

    /**
     * Stops the notifier and starts a new instance on the same consumer group and database, as after a
     * crash or a deployment: it resumes from the offsets stored with its outbox.
     */
    public synchronized Notifier restartNotifier() {
        started.remove(notifier);
        notifier.close();
        notifier = track(startNotifier());
        return notifier;
    }

    /** Stops the Connect worker cleanly (its offsets committed), as an outage of the worker would begin. */
    public synchronized void stopConnect() {
        connect.close();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The addresses a user or a tool needs, as written to {@code var/endpoints.json}. */
    public Map<String, String> endpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("node", nodeUrl());
        endpoints.put("kafkaBootstrap", bootstrap);
        endpoints.put("postgresJdbcUrl", postgres.jdbcUrl());
        endpoints.put("postgresUser", postgres.user());
        endpoints.put("postgresPassword", postgres.password());
        endpoints.put("registryUrl", registry.url());
        endpoints.put("connectUrl", stripSlash(connect.restUrl()));
        endpoints.put("smtp", "127.0.0.1:" + mail.smtpPort());
        endpoints.put("mailUrl", mail.url());
        return endpoints;
    }

    public Path writeEndpoints() {
        Path file = settings.dataDir().resolve("endpoints.json");
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), endpoints());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Long-lived tokens of the demo identities, as written to {@code var/demo-tokens.json}: a guest, a
     * second guest, a partner owning the demo hotels ({@code partnerHotels}) and an admin. Empty when
     * the node verifies tokens with public keys: only their issuer can sign them.
     */
    public Optional<Map<String, Object>> demoTokens() {
        AuthSettings auth = nodeConfig.auth();
        if (!auth.hmac() || auth.hmacSecret().isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("guest", DemoTokens.sign(auth, "demo-guest", "guest", Optional.empty(), DemoTokens.VALIDITY));
        tokens.put("guest2", DemoTokens.sign(auth, "demo-guest-2", "guest", Optional.empty(), DemoTokens.VALIDITY));
        tokens.put(
                "partner",
                DemoTokens.sign(
                        auth, "demo-partner-staff", "partner", Optional.of(DemoCatalog.PARTNER), DemoTokens.VALIDITY));
        tokens.put("admin", DemoTokens.sign(auth, "demo-admin", "admin", Optional.empty(), DemoTokens.VALIDITY));
        tokens.put("partnerHotels", hotelsOf(DemoCatalog.PARTNER));
        return Optional.of(tokens);
    }

    /** Writes {@link #demoTokens()} to {@code var/demo-tokens.json}; empty when there are none. */
    public Optional<Path> writeDemoTokens() {
        return demoTokens().map(tokens -> {
            Path file = settings.dataDir().resolve("demo-tokens.json");
            try {
                Files.createDirectories(file.getParent());
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), tokens);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        });
    }

    private List<String> hotelsOf(String partnerId) {
        List<String> hotels = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT hotel_id FROM hotels WHERE partner_id = ? ORDER BY hotel_id")) {
            ps.setString(1, partnerId);
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    hotels.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the hotels of partner " + partnerId, e);
        }
        return hotels;
    }

    public String nodeUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    /** The stack's own broker; null when it runs on an existing cluster ({@link #onKafka}). */
    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public RegistryServer registry() {
        return registry;
    }

    public ConnectWorker connect() {
        return connect;
    }

    public InnflowNode node() {
        return node;
    }

    /** The mail server the notifier sends to, with every email it received. */
    public MailServer mail() {
        return mail;
    }

    public Notifier notifier() {
        return notifier;
    }

    public NotifierSettings notifierSettings() {
        return notifierSettings;
    }

    public InnflowConfig nodeConfig() {
        return nodeConfig;
    }

    private Path connectPluginPath() {
        Path plugins = settings.repositoryRoot().resolve("infra/connect-plugins/target/plugins");
        if (!Files.isDirectory(plugins)) {
            throw new IllegalStateException("The Connect plugins are not built: " + plugins
                    + " is missing. Build them with ./mvnw -pl infra/connect-plugins package");
        }
        return plugins;
    }

    /**
     * Waits until the catalog topics hold at least as many records as the catalog tables have rows:
     * on a first run that is when Debezium's initial snapshot has been written, later runs pass at
     * once. The node then starts with the whole catalog in its topics, and its readiness covers it.
     */
    private void awaitCatalogSnapshot(Topics topics, Duration timeout) {
        long rows = catalogRows();
        List<String> names = Arrays.stream(CatalogTable.values())
                .map(table -> topics.catalog(table).name())
                .toList();
        try (TopicRecords catalog = new TopicRecords(bootstrap, names)) {
            long deadline = System.nanoTime() + timeout.toNanos();
            long records = 0;
            while (System.nanoTime() < deadline) {
                records = catalog.count();
                if (records >= rows) {
                    log.info("Catalog topics hold {} records for {} catalog rows", records, rows);
                    return;
                }
                pause();
            }
            throw new IllegalStateException("Debezium wrote " + records + " of the catalog's " + rows + " rows within "
                    + timeout + "; see the status at " + connect.restUrl() + "connectors");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the catalog snapshot", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the catalog topics' offsets: " + e.getMessage(), e);
        }
    }

    private long catalogRows() {
        return CatalogRows.count(postgres.dataSource());
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!node.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "The node was not ready within " + timeout + " (Kafka Streams: " + node.state() + ")");
            }
            pause();
        }
    }

    // Start-up only: polling between checks.
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the stack", e);
        }
    }

    private <T extends AutoCloseable> T track(T part) {
        started.push(part);
        return part;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Stops every started part, newest first. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Failed to stop {}", part.getClass().getSimpleName(), e);
            }
        }
    }
}
