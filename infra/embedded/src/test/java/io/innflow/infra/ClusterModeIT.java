package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.node.InnflowNode;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.NodeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode without Docker: three KRaft brokers and a controller in this JVM (Kafka's test kit) with the replication
 * settings of docker-compose.yml (replication factor 3, {@code min.insync.replicas=2}, also for the
 * offsets and transaction state logs), the registry, PostgreSQL, the Connect worker running Debezium,
 * and two nodes with one standby replica. The hold, booking, cancel and catalog-change scenario runs
 * before and after one broker is stopped. Its own stack: it needs a cluster of its own.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterModeIT {

    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(20);

    @TempDir
    static Path dir;

    private static KafkaClusterTestKit kafka;
    private static EmbeddedStack stack;
    private static InnflowNode second;
    private static ApiClient first;
    private static ApiClient other;

    @BeforeAll
    static void startCluster() throws Exception {
        kafka = ThreeBrokers.start(dir.resolve("kafka"));

        Map<String, String> clusterNode = Map.of(
                NodeSettings.REPLICATION.key(), "3",
                NodeSettings.STANDBY_REPLICAS.key(), "1",
                NodeSettings.NODE_ID.key(), "node-1");
        stack = EmbeddedStack.onKafka(
                StackSettings.forTests(dir.resolve("stack")), kafka.bootstrapServers(), clusterNode);
        second = InnflowNode.start(
                secondNodeConfig(),
                AvroSerdeFactory.forRegistry(stack.registry().url()));
        String guest = TestTokens.guest(stack, "cluster-guest");
        first = new ApiClient(stack.nodeUrl(), guest);
        other = new ApiClient("http://127.0.0.1:" + second.port(), guest);
        await().atMost(Duration.ofSeconds(120)).until(second::ready);

        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel("cm-before", "Clustertown", 2, 5, 100_000, FIRST, 10);
        catalog.hotel("cm-after", "Clustertown", 2, 5, 100_000, FIRST, 10);
        for (String hotel : List.of("cm-before", "cm-after")) {
            for (ApiClient api : List.of(first, other)) {
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> nights(api, hotel).size() == 3);
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (second != null) {
            second.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldHoldBookCancelAndApplyCatalogChangesWithThreeBrokersAndAfterLosingOne() throws Exception {
        // Given: innflow's topics carry cluster mode's durability settings
        String commandsTopic = Topics.create(
                        AvroSerdeFactory.forRegistry(stack.registry().url()))
                .commands()
                .name();
        try (Admin admin = kafka.admin()) {
            TopicDescription commands = admin.describeTopics(List.of(commandsTopic))
                    .allTopicNames()
                    .get()
                    .get(commandsTopic);
            assertThat(commands.partitions())
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, commandsTopic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("min.insync.replicas").value()).isEqualTo("2");
        }

        // When / Then: the whole scenario with every broker up
        scenario("cm-before", first, other);

        // When: one broker stops
        BrokerServer stopped = kafka.brokers().values().iterator().next();
        stopped.shutdown();
        stopped.awaitShutdown();

        // Then: two in-sync replicas are enough; the scenario passes again, through the other node first
        scenario("cm-after", other, first);
    }

    /** Hold, book, cancel through {@code writer}; each step seen through {@code reader}; then a CDC change. */
    private static void scenario(String hotel, ApiClient writer, ApiClient reader) throws Exception {
        String stay = "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST + "\",\"checkOut\":\"" + FIRST.plusDays(2)
                + "\",\"quantity\":1}";
        ApiClient.Response hold = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> writer.post("/v1/hotels/" + hotel + "/holds", hotel + "-hold", stay),
                        r -> r.status() == 201);
        String holdId = hold.json().path("holdId").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nights(reader, hotel).get(0).path("held").asInt() == 1);

        ApiClient.Response booking = answered(
                () -> writer.post(
                        "/v1/hotels/" + hotel + "/bookings",
                        hotel + "-book",
                        "{\"holdId\":\"" + holdId
                                + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"));
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
        String bookingId = booking.json().path("bookingId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode night = nights(reader, hotel).get(0);
            return night.path("sold").asInt() == 1 && night.path("held").asInt() == 0;
        });

        ApiClient.Response cancel =
                answered(() -> writer.delete("/v1/hotels/" + hotel + "/bookings/" + bookingId, hotel + "-cancel"));
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nights(reader, hotel).get(0).path("sold").asInt() == 0);

        new TestCatalog(stack.postgres().dataSource())
                .update("update room_nights set price_minor = 123400 where hotel_id = ? and night = ?", hotel, FIRST);
        for (ApiClient api : List.of(writer, reader)) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> nights(api, hotel).get(0).path("priceMinor").asLong() == 123_400);
        }
    }

    /**
     * The answer to a write, sent again with the same Idempotency-Key while it is 202 (its result did not
     * come within the node's timeout: a fresh cluster's first transactions can take that long on a busy
     * machine), as the API tells a client to; the same key never applies the command twice.
     */
    private static ApiClient.Response answered(Supplier<ApiClient.Response> write) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(write::get, r -> r.status() != 202);
    }

    private static JsonNode nights(ApiClient api, String hotel) {
        ApiClient.Response response = api.get(
                "/v1/hotels/" + hotel + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(3) + "&roomType=std");
        return response.status() == 200
                ? response.json().path("roomTypes").get(0).path("nights")
                : ApiClient.JSON.createArrayNode();
    }

    private static InnflowConfig secondNodeConfig() {
        NodeSettings one = stack.nodeConfig().node();
        Map<String, String> values = new HashMap<>();
        values.put(NodeSettings.NODE_ID.key(), "node-2");
        values.put(NodeSettings.KAFKA_BOOTSTRAP.key(), one.bootstrapServers());
        values.put(NodeSettings.REGISTRY_URL.key(), one.registryUrl());
        values.put(NodeSettings.STATE_DIR.key(), dir.resolve("node-2").toString());
        values.put(NodeSettings.HTTP_PORT.key(), "0");
        values.put("innflow.ops.port", "0");
        values.put(NodeSettings.HTTP_HOST.key(), "127.0.0.1");
        // Every node of a cluster verifies tokens with the same keys.
        values.put("innflow.auth.hmac-secret", stack.nodeConfig().auth().hmacSecret());
        values.put(NodeSettings.REPLICATION.key(), "3");
        values.put(NodeSettings.STANDBY_REPLICAS.key(), "1");
        return InnflowConfig.of(values);
    }
}
