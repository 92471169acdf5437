package io.innflow.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry server (built by {@code infra/registry-server}) as a child process. Its
 * H2 database lives in a file under the data directory, so schema ids, which every record in Kafka
 * refers to, survive restarts. A server left behind by a killed JVM is stopped on the next start.
 */
public final class RegistryServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

    private final Path runJar;
    private final Path dir;
    private final int requestedPort;
    private final Duration startupTimeout;
    private Process process;
    private int port;

    public RegistryServer(Path runJar, Path dir, int port, Duration startupTimeout) {
        this.runJar = runJar.toAbsolutePath().normalize();
        this.dir = dir.toAbsolutePath().normalize();
        this.requestedPort = port;
        this.startupTimeout = startupTimeout;
    }

    /** The runnable jar the {@code infra/registry-server} module builds, under the repository root. */
    public static Path runJar(Path repositoryRoot) {
        return repositoryRoot.resolve("infra/registry-server/target/quarkus-app/quarkus-run.jar");
    }

    public synchronized RegistryServer start() {
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("The registry server is not built: " + runJar
                    + " is missing. Build it with ./mvnw -pl infra/registry-server -am package");
        }
        long begin = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        stopLeftover();
        port = Ports.resolve(requestedPort);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        command.add(
                "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + dir.resolve("registry") + ";DB_CLOSE_ON_EXIT=FALSE");
        command.add("-Dquarkus.datasource.jdbc.min-size=1");
        command.add("-Dquarkus.datasource.jdbc.initial-size=1");
        command.add("-Dquarkus.datasource.jdbc.max-size=8");
        command.add("-Dregistry.auth.enabled=false");
        command.add("-Dquarkus.banner.enabled=false");
        command.add("-Dquarkus.log.level=WARN");
        command.add("-Dquarkus.log.category.\"io.sentry\".level=ERROR");
        command.add("-jar");
        command.add(runJar.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("registry.log").toFile()))
                    .start();
            Files.writeString(pidFile(), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the registry server", e);
        }
        awaitUp();
        log.info("Schema registry up at {} in {} ms", url(), (System.nanoTime() - begin) / 1_000_000);
        return this;
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8081}; the Confluent-compatible API is under {@code /apis/ccompat/v7}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitUp() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI probe = URI.create(url() + "/apis/ccompat/v7/subjects");
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The registry server exited with status " + process.exitValue()
                        + "; see " + dir.resolve("registry.log"));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(probe)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the registry", e);
            }
            pause();
        }
        close();
        throw new IllegalStateException("The registry server did not answer within " + startupTimeout);
    }

    private void stopLeftover() {
        Path pidFile = pidFile();
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> leftover = ProcessHandle.of(pid).filter(h -> h.info()
                    .commandLine()
                    .orElse("")
                    .contains(runJar.getFileName().toString()));
            leftover.ifPresent(h -> {
                log.warn("Stopping a registry server left running by an earlier run (pid {})", pid);
                h.destroy();
                h.onExit()
                        .orTimeout(10, TimeUnit.SECONDS)
                        .exceptionally(e -> null)
                        .join();
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            log.warn("Ignoring unreadable pid file {}", pidFile);
        }
    }

    private Path pidFile() {
        return dir.resolve("registry.pid");
    }

    // Start-up only: polling the server between attempts.
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the registry", e);
        }
    }

    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(pidFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("cannot delete {}", pidFile(), e);
        }
        process = null;
    }
}
