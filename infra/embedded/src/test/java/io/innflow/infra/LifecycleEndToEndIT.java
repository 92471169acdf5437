package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The reservation lifecycle on the real stack: expiry over wall-clock time, and the dead-letter topic. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LifecycleEndToEndIT {

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;
    private static ApiClient api;
    private static String hotelId;
    private static String roomTypeId;
    private static LocalDate checkIn;

    @BeforeAll
    static void startStack() throws Exception {
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
        api = new ApiClient(stack.nodeUrl());
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select hotel_id, room_type_id, min(night) from room_nights"
                        + " group by hotel_id, room_type_id order by hotel_id, room_type_id limit 1")) {
            r.next();
            hotelId = r.getString(1);
            roomTypeId = r.getString(2);
            checkIn = r.getDate(3).toLocalDate().plusDays(5);
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldFreeTheNightsOfAnExpiredHold() throws Exception {
        int heldBefore = held();
        ApiClient.Response created = post(
                "/v1/hotels/" + hotelId + "/holds",
                "{\"roomTypeId\":\"" + roomTypeId + "\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\""
                        + checkIn.plusDays(2) + "\",\"quantity\":1,\"holdSeconds\":2}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(held()).isEqualTo(heldBefore + 1);

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> held() == heldBefore);
    }

    @Test
    void shouldSendAPoisonCommandToTheDeadLetterTopicAndGoOn() throws Exception {
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        String commands = "reservation-commands";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(commands, hotelId, poison)).get(10, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-check-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("reservation-commands-dlq"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(dead::add);
                return !dead.isEmpty();
            });
        }

        ConsumerRecord<byte[], byte[]> record = dead.get(0);
        assertThat(record.value()).isEqualTo(poison);
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("__streams.errors.topic", commands);
        assertThat(headers)
                .containsKeys("__streams.errors.partition", "__streams.errors.offset", "__streams.errors.exception");

        ApiClient.Response next = post(
                "/v1/hotels/" + hotelId + "/holds",
                "{\"roomTypeId\":\"" + roomTypeId + "\",\"checkIn\":\"" + checkIn.plusDays(10) + "\",\"checkOut\":\""
                        + checkIn.plusDays(11) + "\",\"quantity\":1}");
        assertThat(next.status()).as("processing goes on").isEqualTo(201);
    }

    private static int held() {
        return api.get("/v1/hotels/" + hotelId + "/availability?from=" + checkIn + "&to=" + checkIn.plusDays(1)
                        + "&roomType=" + roomTypeId)
                .json()
                .path("roomTypes")
                .get(0)
                .path("nights")
                .get(0)
                .path("held")
                .asInt();
    }

    private static ApiClient.Response post(String path, String body) {
        return api.post(path, UUID.randomUUID().toString(), body);
    }
}
