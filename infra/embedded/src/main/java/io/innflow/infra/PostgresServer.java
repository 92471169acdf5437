package io.innflow.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because it covers both the embedded binaries and an existing server behind one lifecycle.
 *
 * The PostgreSQL server holding the catalog, ready for logical decoding ({@code wal_level=logical}).
 *
 * <ul>
 *   <li>{@link #embedded(Path, int)}: PostgreSQL 14 binaries from the zonky jar, run as a child
 *       process with its cluster in {@code <dir>/data}, kept across restarts. Works as root: the
 *       zonky binaries skip PostgreSQL's usual refusal to run as root. The database {@value
 *       #DATABASE} is created if missing; superuser {@code postgres}, trust authentication on
 *       127.0.0.1 only.
 *   <li>{@link #external(String, String, String)}: a server someone else runs. Nothing is started;
 *       {@link #start()} checks the connection and {@code wal_level=logical} and fails with a clear
 *       message otherwise.
 * </ul>
 */
public final class PostgresServer implements AutoCloseable {

    /** The database the embedded server creates and serves. */
    public static final String DATABASE = "innflow";

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    private static final String EMBEDDED_USER = "postgres";
    private static final String EMBEDDED_PASSWORD = "postgres";

    private final Path dir;
    private final int requestedPort;
    private final String externalUrl;
    private final String user;
    private final String password;

    private EmbeddedPostgres embedded;
    private String host;
    private int port;
    private String database;
    private String jdbcUrl;
    private boolean started;

    private PostgresServer(Path dir, int port, String externalUrl, String user, String password) {
        this.dir = dir;
        this.requestedPort = port;
        this.externalUrl = externalUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * An embedded server keeping its cluster in {@code dir/data} (the stack uses {@link
     * DataLayout#postgres()}).
     *
     * @param port the port to listen on, 0 for a free port on each start
     */
    public static PostgresServer embedded(Path dir, int port) {
        Objects.requireNonNull(dir, "dir");
        Ports.check(port);
        return new PostgresServer(dir.toAbsolutePath().normalize(), port, null, EMBEDDED_USER, EMBEDDED_PASSWORD);
    }

    /** An existing server, e.g. {@code jdbc:postgresql://db:5432/innflow}; the URL names the database. */
    public static PostgresServer external(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (Driver.parseURL(jdbcUrl, null) == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return new PostgresServer(null, 0, jdbcUrl, Objects.requireNonNull(user, "user"), password);
    }

    /** Starts the embedded server (or checks the external one) and ensures the database exists. */
    public synchronized PostgresServer start() {
        if (started) {
            throw new IllegalStateException("PostgreSQL already started");
        }
        long begin = System.nanoTime();
        if (externalUrl != null) {
            connectExternal();
        } else {
            startEmbedded();
        }
        started = true;
        log.info(
                "PostgreSQL ready at {} ({}) in {} ms",
                jdbcUrl,
                isEmbedded() ? "embedded, data in " + dataDirectory() : "external",
                (System.nanoTime() - begin) / 1_000_000);
        return this;
    }

    public boolean isEmbedded() {
        return externalUrl == null;
    }

    /** JDBC URL of the catalog database, without credentials. */
    public String jdbcUrl() {
        requireStarted();
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String host() {
        requireStarted();
        return host;
    }

    public int port() {
        requireStarted();
        return port;
    }

    public String database() {
        requireStarted();
        return database;
    }

    /** A plain data source for the catalog database (new connection per call; no pool). */
    public DataSource dataSource() {
        requireStarted();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    /** The {@code postgres.*} placeholder values of the connector configs in {@code connectors/}. */
    public Map<String, String> connectorValues() {
        requireStarted();
        return Map.of(
                "postgres.host", host,
                "postgres.port", String.valueOf(port),
                "postgres.user", user,
                "postgres.password", password == null ? "" : password,
                "postgres.database", database);
    }

    /** Stops the embedded server (fast shutdown; data kept). Does nothing for an external server. */
    @Override
    public synchronized void close() {
        if (embedded != null) {
            try {
                embedded.close();
                log.info("PostgreSQL stopped ({})", dataDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("stopping PostgreSQL failed", e);
            } finally {
                embedded = null;
            }
        }
        started = false;
    }

    private Path dataDirectory() {
        return dir.resolve("data");
    }

    private void startEmbedded() {
        Path data = dataDirectory();
        try {
            Files.createDirectories(data);
            stopOrphanedPostmaster(data);
            port = Ports.resolve(requestedPort);
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky defaults to fsync and synchronous_commit off, fine for throwaway test clusters; this
                    // database is the source of truth for catalogs and the audit log, so it must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_wal_senders", "10")
                    .setServerConfig("max_replication_slots", "10")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting embedded PostgreSQL in " + data + " failed", e);
        }
        host = "127.0.0.1";
        database = DATABASE;
        jdbcUrl = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        try (Connection c =
                DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user, password)) {
            createDatabaseIfMissing(c);
        } catch (SQLException e) {
            close();
            throw new IllegalStateException(
                    "cannot prepare database " + DATABASE + " on embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static void createDatabaseIfMissing(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + DATABASE);
            log.info("created database {}", DATABASE);
        }
    }

    /**
     * A JVM killed without its shutdown hooks leaves the postmaster running on our data directory, and
     * the next start would fail. Stop such a leftover, but only if it is a postgres process.
     */
    private static void stopOrphanedPostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII)
                    .get(0)
                    .trim());
        } catch (RuntimeException e) {
            return; // unreadable: leave it to PostgreSQL to judge
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        boolean isPostgres = process.flatMap(p -> p.info().command())
                .map(cmd -> cmd.endsWith("/postgres"))
                .orElse(false);
        if (!isPostgres) {
            return;
        }
        log.warn("stopping PostgreSQL left running by an earlier run (pid {}, data {})", pid, data);
        ProcessHandle p = process.get();
        p.destroy(); // SIGTERM: smart shutdown; the old clients are gone with the old JVM
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL pid " + pid, e);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException(
                    "PostgreSQL pid " + pid + " left by an earlier run did not stop; stop it and retry", e);
        }
    }

    private void connectExternal() {
        Properties parsed = Driver.parseURL(externalUrl, null);
        host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        database = parsed.getProperty("PGDBNAME");
        jdbcUrl = externalUrl;
        try (Connection c = DriverManager.getConnection(externalUrl, user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SHOW wal_level")) {
            rs.next();
            String walLevel = rs.getString(1);
            if (!"logical".equals(walLevel)) {
                throw new IllegalStateException(
                        "PostgreSQL at " + externalUrl + " has wal_level=" + walLevel
                                + "; Debezium needs wal_level=logical. Run ALTER SYSTEM SET wal_level = logical; and restart the server.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to PostgreSQL at " + externalUrl + " as " + user + ": " + e.getMessage(), e);
        }
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("PostgreSQL not started");
        }
    }
}
