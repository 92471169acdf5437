package io.innflow.api.ops;

import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Lists, shows and replays the records of the commands' dead-letter topic ({@code
 * reservation-commands-dlq}), and lists and shows those of the catalog's ({@code catalog-dlq}, with
 * {@code --catalog} first); see docs/operations.md. Reads the node's configuration (file,
 * environment, system properties) for the Kafka address, its client settings and the registry.
 *
 * <pre>
 * [--catalog] list                     one line per dead letter: its position, when, where it failed, why
 * [--catalog] show &lt;partition&gt;:&lt;offset&gt;  every error header of one, the stack trace included
 * replay &lt;partition&gt;:&lt;offset&gt; [...]    writes each back to the topic it failed in, as it was
 * </pre>
 *
 * <p>A catalog dead letter is never replayed: Debezium owns the catalog topics, and the fix is to
 * update the row in PostgreSQL so that a readable change of it follows (which also lifts the block).
 *
 * <p>A value is never printed (a command carries guests' personal data), only its size. A replayed
 * record keeps its key, value and timestamp, and carries {@value #REPLAYED_FROM} naming the dead
 * letter, so it can be traced; it is applied like any command, once per request id within the
 * idempotency window, and refused ({@code REQUEST_EXPIRED}) after it.
 */
public final class DeadLetterTool implements AutoCloseable {

    /** Header of a replayed record: {@code <dead-letter topic>:<partition>:<offset>} it came from. */
    public static final String REPLAYED_FROM = "innflow.replayed-from";

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int LIST_MESSAGE_LIMIT = 200;

    private final String deadLetterTopic;
    private final Set<String> replayable;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * @param clientConfig Kafka client settings, {@code bootstrap.servers} included
     * @param topics where the dead letters are and which source topics a record may go back to
     */
    public DeadLetterTool(Map<String, Object> clientConfig, Topics topics) {
        this(clientConfig, topics, false);
    }

    /**
     * @param catalog true for the catalog's dead letters ({@code catalog-dlq}), which are listed and
     *     shown but never replayed
     */
    public DeadLetterTool(Map<String, Object> clientConfig, Topics topics, boolean catalog) {
        this.deadLetterTopic = catalog
                ? topics.catalogDeadLetters().name()
                : topics.commandsDeadLetters().name();
        this.replayable = catalog ? Set.of() : Set.of(topics.commands().name());
        Map<String, Object> reader = new HashMap<>(clientConfig);
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "innflow-dead-letter-tool-" + UUID.randomUUID());
        reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> writer = new HashMap<>(clientConfig);
        writer.put(ProducerConfig.ACKS_CONFIG, "all");
        writer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer = new KafkaProducer<>(writer, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Every dead letter now in the topic, by partition and offset. */
    public List<DeadLetter> list() {
        List<DeadLetter> letters = new ArrayList<>();
        readAll().forEach(r -> letters.add(DeadLetter.of(r, LIST_MESSAGE_LIMIT, false)));
        return letters;
    }

    /** One dead letter with every error header, the stack trace included; empty if there is none there. */
    public Optional<ConsumerRecord<byte[], byte[]>> read(int partition, long offset) {
        TopicPartition tp = new TopicPartition(deadLetterTopic, partition);
        consumer.assign(List.of(tp));
        long end = consumer.endOffsets(List.of(tp), TIMEOUT).get(tp);
        if (offset >= end) {
            return Optional.empty();
        }
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() == offset) {
                    return Optional.of(r);
                }
                if (r.offset() > offset) {
                    return Optional.empty(); // a transaction marker or a deleted record was there
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Writes a dead letter back to the topic it failed in, with its key, value and timestamp.
     *
     * @return where it was written
     * @throws IllegalArgumentException if there is no dead letter there, or its source is not a
     *     topic a dead letter may go back to
     */
    public RecordMetadata replay(int partition, long offset) throws Exception {
        ConsumerRecord<byte[], byte[]> record = read(partition, offset)
                .orElseThrow(() -> new IllegalArgumentException(
                        "No dead letter at " + deadLetterTopic + " " + partition + ":" + offset));
        DeadLetter letter = DeadLetter.of(record, Integer.MAX_VALUE, false);
        String source = letter.sourceTopic();
        if (replayable.isEmpty()) {
            throw new IllegalArgumentException("A catalog dead letter is not replayed: update its row in PostgreSQL"
                    + " so that Debezium sends a readable change of it (see docs/reliability.md)");
        }
        if (source == null || !replayable.contains(source)) {
            throw new IllegalArgumentException("The dead letter at " + partition + ":" + offset + " came from " + source
                    + "; only " + replayable + " can be replayed");
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(REPLAYED_FROM, (deadLetterTopic + ":" + partition + ":" + offset).getBytes(StandardCharsets.UTF_8));
        // No partition: the producer routes by the key, as the node did, so the hotel's task gets it.
        return producer.send(
                        new ProducerRecord<>(source, null, record.timestamp(), record.key(), record.value(), headers))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll() {
        List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, TIMEOUT).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline
                && partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    /**
     * Runs one command and prints its answer to {@code out}, problems to {@code err}.
     *
     * @return the process exit code: 0 done, 1 failed, 2 a usage error
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return usage(err);
        }
        try {
            switch (args[0]) {
                case "list" -> {
                    List<DeadLetter> letters = list();
                    for (DeadLetter letter : letters) {
                        out.printf(
                                "%d:%d %s from %s: %s %s%n",
                                letter.partition(),
                                letter.offset(),
                                Instant.ofEpochMilli(letter.timestamp()),
                                letter.source(),
                                letter.errors().get("exception"),
                                letter.errors().getOrDefault("message", ""));
                    }
                    out.printf("%d dead letter(s) in %s%n", letters.size(), deadLetterTopic);
                    return 0;
                }
                case "show" -> {
                    if (args.length != 2) {
                        return usage(err);
                    }
                    long[] at = position(args[1]);
                    Optional<ConsumerRecord<byte[], byte[]>> found = read((int) at[0], at[1]);
                    if (found.isEmpty()) {
                        err.println("No dead letter at " + args[1] + " in " + deadLetterTopic);
                        return 1;
                    }
                    ConsumerRecord<byte[], byte[]> r = found.get();
                    DeadLetter letter = DeadLetter.of(r, Integer.MAX_VALUE, true);
                    out.printf("position: %d:%d%n", r.partition(), r.offset());
                    out.printf("written: %s%n", Instant.ofEpochMilli(r.timestamp()));
                    out.printf("key: %s%n", r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8));
                    out.printf("value: %d bytes%n", r.value() == null ? 0 : r.value().length);
                    letter.errors().forEach((k, v) -> out.printf("%s%s: %s%n", DeadLetter.ERROR_HEADERS, k, v));
                    return 0;
                }
                case "replay" -> {
                    if (args.length < 2) {
                        return usage(err);
                    }
                    for (int i = 1; i < args.length; i++) {
                        long[] at = position(args[i]);
                        RecordMetadata written = replay((int) at[0], at[1]);
                        out.printf(
                                "replayed %d:%d to %s-%d@%d%n",
                                at[0], at[1], written.topic(), written.partition(), written.offset());
                    }
                    return 0;
                }
                default -> {
                    return usage(err);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            err.println("Failed: " + e);
            return 1;
        }
    }

    private static long[] position(String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                return new long[] {Integer.parseInt(parts[0]), Long.parseLong(parts[1])};
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("A position is <partition>:<offset>, such as 0:42; got " + text);
    }

    private static int usage(PrintStream err) {
        err.println("Usage: DeadLetterTool [--catalog] list | [--catalog] show <partition>:<offset>"
                + " | replay <partition>:<offset> [...]");
        return 2;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
    }

    /** Reads the node's configuration, runs one command, exits with its code. */
    public static void main(String[] args) {
        InnflowConfig config = InnflowConfig.load();
        Topics topics = Topics.create(AvroSerdeFactory.forRegistry(config.node().registryUrl()));
        boolean catalog = args.length > 0 && args[0].equals("--catalog");
        String[] command = catalog ? Arrays.copyOfRange(args, 1, args.length) : args;
        int code;
        try (DeadLetterTool tool = new DeadLetterTool(
                config.kafkaClients().clientConfig(config.node().bootstrapServers()), topics, catalog)) {
            code = tool.run(command, System.out, System.err);
        }
        System.exit(code);
    }
}
