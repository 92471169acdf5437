package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * For users with a Docker engine: the whole stack on an existing PostgreSQL server (the official
 * image, a newer major version than the embedded binaries) instead of the embedded one. Skipped
 * cleanly where no Docker engine runs; the same path is covered without Docker by
 * PostgresServerTest's external mode and every end-to-end test.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ContainerPostgresIT {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:16-alpine")
            .withDatabaseName("innflow")
            .withCommand(
                    "postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=4", "-c", "max_wal_senders=4");

    @TempDir
    static Path dataDir;

    @Test
    void shouldRunTheStackOnAnExistingPostgresServer() throws Exception {
        StackSettings defaults = StackSettings.forTests(dataDir);
        StackSettings settings = new StackSettings(
                defaults.repositoryRoot(),
                defaults.dataDir(),
                0,
                0,
                0,
                Optional.of(new StackSettings.ExternalPostgres(
                        POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())),
                0,
                0,
                0,
                defaults.httpHost(),
                defaults.demoHotels(),
                defaults.demoNights(),
                defaults.demoFirstNight(),
                0,
                0);
        try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
            HttpResponse<String> hotels = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(stack.nodeUrl() + "/v1/hotels?city=Phuket"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(hotels.statusCode()).isEqualTo(200);
            assertThat(hotels.body()).contains("\"city\":\"Phuket\"");
        }
    }
}
