package io.innflow.infra;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * Settings of the embedded stack. Each is read from a system property ({@code -Dinnflow.kafka.port=})
 * or its environment variable ({@code INNFLOW_KAFKA_PORT}); see docs/configuration.md. Port 0 picks a
 * free port.
 *
 * @param repositoryRoot where the built registry server and Connect plugins are found
 * @param dataDir root of all data (broker logs, PostgreSQL, registry, Connect offsets, state stores)
 * @param kafkaPort broker port
 * @param controllerPort KRaft controller port
 * @param postgresPort embedded PostgreSQL port
 * @param externalPostgres an existing server to use instead of the embedded binaries
 * @param registryPort schema registry port
 * @param connectPort Kafka Connect REST port
 * @param httpPort the node's HTTP port
 * @param httpHost the interface the node's HTTP server binds: loopback unless configured, so a
 *     development run with its public development secrets is not reachable from other machines
 * @param demoHotels demo hotels, spread over the demo's three cities (0: no demo catalog)
 * @param demoNights nights of the demo catalog from {@code demoFirstNight}
 * @param demoFirstNight first night of the demo catalog
 * @param smtpPort the embedded mail server's SMTP port (loopback), which the notifier sends to
 * @param mailPort the port of its read-only view of received emails ({@code GET /mail}, loopback)
 */
public record StackSettings(
        Path repositoryRoot,
        Path dataDir,
        int kafkaPort,
        int controllerPort,
        int postgresPort,
        Optional<ExternalPostgres> externalPostgres,
        int registryPort,
        int connectPort,
        int httpPort,
        String httpHost,
        int demoHotels,
        int demoNights,
        LocalDate demoFirstNight,
        int smtpPort,
        int mailPort) {

    /** Where the node's HTTP server binds unless {@code innflow.http.host} says otherwise. */
    public static final String LOOPBACK = "127.0.0.1";

    /** An existing PostgreSQL server with {@code wal_level=logical}. */
    public record ExternalPostgres(String jdbcUrl, String user, String password) {}

    /** The defaults of {@code ./mvnw -Prun}, overridden by system properties and the environment. */
    public static StackSettings fromEnvironment() {
        Path root = RepositoryRoot.find();
        Optional<ExternalPostgres> external = Optional.ofNullable(read("innflow.postgres.jdbc-url", null))
                .map(url -> new ExternalPostgres(
                        url, read("innflow.postgres.user", "postgres"), read("innflow.postgres.password", "")));
        return new StackSettings(
                root,
                Path.of(read("innflow.data.dir", root.resolve("var").toString())),
                port("innflow.kafka.port", 9092),
                port("innflow.kafka.controller-port", 9093),
                port("innflow.postgres.port", 15432),
                external,
                port("innflow.registry.port", 8081),
                port("innflow.connect.port", 8083),
                port("innflow.http.port", 8080),
                read("innflow.http.host", LOOPBACK),
                demoHotelsFromEnvironment(),
                Integer.parseInt(read("innflow.demo.nights", "365")),
                LocalDate.now(ZoneId.of("Asia/Bangkok")),
                port("innflow.mail.smtp-port", 2525),
                port("innflow.mail.port", 8025));
    }

    /** Free ports, a small demo catalog and everything under {@code dataDir}: for tests. */
    public static StackSettings forTests(Path dataDir) {
        return new StackSettings(
                RepositoryRoot.find(),
                dataDir,
                0,
                0,
                0,
                Optional.empty(),
                0,
                0,
                0,
                LOOPBACK,
                3,
                60,
                LocalDate.now(ZoneId.of("Asia/Bangkok")),
                0,
                0);
    }

    /** These settings with another demo catalog: {@code hotels} hotels (0: none), {@code nights} nights each. */
    public StackSettings withDemo(int hotels, int nights) {
        return new StackSettings(
                repositoryRoot,
                dataDir,
                kafkaPort,
                controllerPort,
                postgresPort,
                externalPostgres,
                registryPort,
                connectPort,
                httpPort,
                httpHost,
                hotels,
                nights,
                demoFirstNight,
                smtpPort,
                mailPort);
    }

    /** {@code innflow.demo.hotels}, or three times the older {@code innflow.demo.hotels-per-city}. */
    private static int demoHotelsFromEnvironment() {
        String perCity = read("innflow.demo.hotels-per-city", null);
        String hotels = read("innflow.demo.hotels", perCity == null ? "36" : null);
        int value = hotels != null ? Integer.parseInt(hotels.trim()) : 3 * Integer.parseInt(perCity.trim());
        if (value < 0) {
            throw new IllegalArgumentException("innflow.demo.hotels must not be negative: " + value);
        }
        return value;
    }

    public DataLayout layout() {
        return DataLayout.at(dataDir);
    }

    private static int port(String key, int fallback) {
        String raw = read(key, Integer.toString(fallback));
        try {
            int port = Integer.parseInt(raw.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException("out of range");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid port for " + key + " (" + env(key) + "): '" + raw + "'");
        }
    }

    private static String read(String key, String fallback) {
        String value = System.getProperty(key);
        if (value == null) {
            value = System.getenv(env(key));
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
