package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.ops.DeadLetter;
import io.innflow.api.ops.DeadLetterTool;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dead-letter tool on the shared stack: it lists a command the node dead-lettered with where it
 * failed, and replays a dead letter whose cause was fixed back to {@code reservation-commands}, where
 * the node applies it once.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeadLetterToolIT {

    private static final LocalDate FIRST = LocalDate.now().plusDays(30);
    private static final Duration CDC = Duration.ofSeconds(60);

    private static EmbeddedStack stack;
    private static Topics topics;
    private static ApiClient api;
    private static DeadLetterTool tool;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) {
        stack = shared;
        topics = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, "dlq-tool-guest"));
        tool = new DeadLetterTool(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()), topics);
    }

    @AfterAll
    static void closeTool() {
        tool.close();
    }

    @Test
    void shouldListAndShowADeadLetteredCommandWithWhereItFailed() throws Exception {
        // Given a command the node cannot read
        String hotelId = "dlq-list-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] poison = "guest name and email in a broken record".getBytes(StandardCharsets.UTF_8);
        RecordMetadata at = send(topics.commands().name(), hotelId, poison, new RecordHeaders());

        // When it has been dead-lettered, the tool lists it
        String source = topics.commands().name() + "-" + at.partition() + "@" + at.offset();
        DeadLetter letter = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> find(source), l -> l != null);
        String listed = run("list");

        // Then the list names where it failed and why, and show gives every header but never the value
        assertThat(letter.sourceTopic()).isEqualTo(topics.commands().name());
        assertThat(listed)
                .contains(letter.partition() + ":" + letter.offset() + " ")
                .contains("from " + source);
        String shown = run("show", letter.partition() + ":" + letter.offset());
        assertThat(shown)
                .contains("key: " + hotelId)
                .contains("value: " + poison.length + " bytes")
                .contains("__streams.errors.exception: ")
                .contains("__streams.errors.stacktrace: ")
                .doesNotContain("guest name");
    }

    @Test
    void shouldReplayAFixedDeadLetterToItsTopicWhereItIsAppliedOnce() throws Exception {
        // Given a hotel with nights, and a dead letter of a hold for it whose cause has been fixed
        // (written as Kafka Streams writes dead letters, now with a value the node can read)
        String hotelId = "dlq-replay-" + UUID.randomUUID().toString().substring(0, 8);
        new TestCatalog(stack.postgres().dataSource()).hotel(hotelId, "Bangkok", 2, 5, 150_000, FIRST, 10);
        await().atMost(CDC)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> nights(hotelId).size() == 2);
        ReservationCommand hold = ReservationCommand.newBuilder()
                .setRequestId("dlq-replay-" + UUID.randomUUID())
                .setFingerprint("fp-dlq-replay")
                .setReplyTo("dlq-tool-it")
                .setHotelId(hotelId)
                .setPrincipal("dlq-tool-guest")
                .setIssuedAt(Instant.now())
                .setCommand(PlaceHold.newBuilder()
                        .setRoomTypeId("std")
                        .setCheckIn(FIRST)
                        .setCheckOut(FIRST.plusDays(1))
                        .setQuantity(1)
                        .build())
                .build();
        byte[] value = topics.commands()
                .valueSerde()
                .serializer()
                .serialize(topics.commands().name(), hold);
        RecordHeaders errors = new RecordHeaders();
        errors.add("__streams.errors.topic", topics.commands().name().getBytes(StandardCharsets.UTF_8));
        errors.add("__streams.errors.partition", "0".getBytes(StandardCharsets.UTF_8));
        errors.add("__streams.errors.offset", "0".getBytes(StandardCharsets.UTF_8));
        errors.add("__streams.errors.exception", "SerializationException".getBytes(StandardCharsets.UTF_8));
        errors.add("__streams.errors.message", "registry unreachable (fixed since)".getBytes(StandardCharsets.UTF_8));
        RecordMetadata dead = send(topics.commandsDeadLetters().name(), hotelId, value, errors);
        String position = dead.partition() + ":" + dead.offset();

        // When the operator replays it, twice by mistake
        String replayed = run("replay", position);
        run("replay", position);

        // Then it went back to reservation-commands and its hold is placed, once
        assertThat(replayed)
                .startsWith("replayed " + position + " to " + topics.commands().name() + "-");
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> nights(hotelId).get(0).path("held").asInt() == 1);
        assertThat(tool.read(dead.partition(), dead.offset())).isPresent();
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> nights(hotelId).get(0).path("held").asInt() == 1);
    }

    @Test
    void shouldListACatalogRecordThatCouldNotBeReadAndRefuseToReplayIt() throws Exception {
        // Given a record on a catalog topic that is no Debezium change (its key names no row: nothing is blocked)
        String catalogTopic = topics.catalog(CatalogTable.HOTELS).name();
        byte[] poison = "not a change".getBytes(StandardCharsets.UTF_8);
        RecordMetadata at = send(catalogTopic, "dlq-catalog-" + UUID.randomUUID(), poison, new RecordHeaders());

        // When the node has dead-lettered it, the tool lists it under --catalog
        String source = catalogTopic + "-" + at.partition() + "@" + at.offset();
        try (DeadLetterTool catalogTool =
                new DeadLetterTool(Map.of("bootstrap.servers", stack.kafka().bootstrapServers()), topics, true)) {
            DeadLetter letter = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> catalogTool.list().stream()
                                    .filter(l -> source.equals(l.source()))
                                    .findFirst()
                                    .orElse(null),
                            l -> l != null);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = catalogTool.run(
                    new String[] {"replay", letter.partition() + ":" + letter.offset()},
                    new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            // Then it names where it failed, and replaying it is refused with the fix to apply instead
            assertThat(letter.sourceTopic()).isEqualTo(catalogTopic);
            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("update its row in PostgreSQL");
        }
    }

    @Test
    void shouldRefuseAPositionWhereThereIsNoDeadLetter() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(
                new String[] {"replay", "0:999999999"},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No dead letter at");
    }

    private static DeadLetter find(String source) {
        List<DeadLetter> letters = tool.list();
        return letters.stream()
                .filter(l -> source.equals(l.source()))
                .findFirst()
                .orElse(null);
    }

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = tool.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code)
                .as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8))
                .isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static RecordMetadata send(String topic, String key, byte[] value, RecordHeaders headers) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            return producer.send(
                            new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8), value, headers))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode nights(String hotelId) {
        ApiClient.Response response = api.get(
                "/v1/hotels/" + hotelId + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(2) + "&roomType=std");
        if (response.status() != 200) {
            return ApiClient.JSON.createArrayNode();
        }
        return response.json().path("roomTypes").get(0).path("nights");
    }
}
