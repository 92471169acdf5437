package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reservation lifecycle on the real stack: expiry over wall-clock time, and the dead-letter topic.
 * Each test uses a hotel of its own.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LifecycleEndToEndIT {

    private static final String ROOM_TYPE = "std";
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(10);

    /** The guest every request of this class is made as. */
    private static final String GUEST = "lifecycle-e2e-guest";

    private static EmbeddedStack stack;
    private static ApiClient api;
    private static Topics topics;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) throws Exception {
        stack = shared;
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, GUEST));
        topics = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel("life-expiry", "Lifeville", 2, 5, 100_000, FIRST, 20);
        catalog.hotel("life-dlq", "Lifeville", 2, 5, 100_000, FIRST, 20);
        // Every night, not only the first: CDC carries the nights one by one, and the expiry test reads the sixth.
        for (String hotel : List.of("life-expiry", "life-dlq")) {
            api.awaitNightsOffered(hotel, FIRST, 20);
        }
    }

    @Test
    void shouldFreeTheNightsOfAnExpiredHold() throws Exception {
        String hotelId = "life-expiry";
        LocalDate checkIn = FIRST.plusDays(5);
        int heldBefore = held(hotelId, checkIn);
        ApiClient.Response created = post(
                "/v1/hotels/" + hotelId + "/holds",
                "{\"roomTypeId\":\"" + ROOM_TYPE + "\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\""
                        + checkIn.plusDays(2) + "\",\"quantity\":1,\"holdSeconds\":2}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(held(hotelId, checkIn)).isEqualTo(heldBefore + 1);

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> held(hotelId, checkIn) == heldBefore);
    }

    @Test
    void shouldSendAPoisonCommandToTheDeadLetterTopicAndGoOn() throws Exception {
        String hotelId = "life-dlq";
        byte[] poison = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        String commands = topics.commands().name();
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
            consumer.subscribe(List.of(topics.commandsDeadLetters().name()));
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                            if (r.key() != null && hotelId.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                                dead.add(r);
                            }
                        });
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
                "{\"roomTypeId\":\"" + ROOM_TYPE + "\",\"checkIn\":\"" + FIRST.plusDays(10) + "\",\"checkOut\":\""
                        + FIRST.plusDays(11) + "\",\"quantity\":1}");
        assertThat(next.status()).as("processing goes on").isEqualTo(201);
    }

    private static String availabilityPath(String hotelId, LocalDate night) {
        return "/v1/hotels/" + hotelId + "/availability?from=" + night + "&to=" + night.plusDays(1) + "&roomType="
                + ROOM_TYPE;
    }

    private static int held(String hotelId, LocalDate night) {
        return api.get(availabilityPath(hotelId, night))
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
