package io.innflow.streams.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** Each input's unreadable or failing record gets the answer docs/reliability.md gives it. */
class ErrorHandlersTest {

    private static final String COMMANDS = "reservation-commands";
    private static final String DLQ = "reservation-commands-dlq";
    private static final String CATALOG = "catalog.public.room_nights";

    private final DeserializationErrorHandler deserialization = new DeserializationErrorHandler();

    ErrorHandlersTest() {
        deserialization.configure(Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                DLQ,
                InputErrors.DEAD_LETTER_SOURCES_CONFIG,
                COMMANDS));
    }

    @Test
    void shouldDeadLetterABrokenCommandWithItsCoordinatesAndGoOn() {
        var response = deserialization.handleError(
                context(COMMANDS, 2, 41), record(COMMANDS, 2, 41), new SerializationException("Unknown magic byte"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> dead = response.deadLetterQueueRecords().get(0);
        assertThat(dead.topic()).isEqualTo(DLQ);
        assertThat(dead.value()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(header(dead.headers(), "__streams.errors.topic")).isEqualTo(COMMANDS);
        assertThat(header(dead.headers(), "__streams.errors.partition")).isEqualTo("2");
        assertThat(header(dead.headers(), "__streams.errors.offset")).isEqualTo("41");
    }

    @Test
    void shouldRetryACommandWhenTheRegistryCannotBeReached() {
        var response = deserialization.handleError(
                context(COMMANDS, 0, 7),
                record(COMMANDS, 0, 7),
                new SerializationException("Cannot fetch schema 12", new ConnectException("Connection refused")));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldNeverSkipACatalogChange() {
        var response = deserialization.handleError(
                context(CATALOG, 1, 99), record(CATALOG, 1, 99), new SerializationException("missing column night"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldTellBrokenRecordsFromTransientFailuresByTheirTypes() {
        assertThat(InputErrors.isTransient(new SerializationException("x", new ConnectException("refused"))))
                .isTrue();
        assertThat(InputErrors.isTransient(new SerializationException("x", new java.io.EOFException())))
                .as("a record that ends early")
                .isFalse();
        assertThat(InputErrors.isTransient(
                        new SerializationException("x", new org.apache.avro.InvalidNumberEncodingException("bad"))))
                .as("an IOException of the Avro decoder, not of the network")
                .isFalse();
        assertThat(InputErrors.isTransient(new org.apache.avro.AvroRuntimeException("Malformed data")))
                .isFalse();
        assertThat(InputErrors.isTransient(
                        new io.innflow.schemas.serde.WrongRecordTypeException(COMMANDS, String.class, Integer.class)))
                .as("a record of another schema")
                .isFalse();
    }

    @Test
    void shouldFailRatherThanCommitAHalfProcessedRecord() {
        ProcessingErrorHandler processing = new ProcessingErrorHandler();
        processing.configure(Map.of());

        var response = processing.handleError(
                context(COMMANDS, 3, 5), new Record<>("h1", "command", 0L), new IllegalStateException("bug"));

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, int partition, long offset) {
        return new ConsumerRecord<>(
                topic,
                partition,
                offset,
                "h1".getBytes(StandardCharsets.UTF_8),
                "garbage".getBytes(StandardCharsets.UTF_8));
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static ErrorHandlerContext context(String topic, int partition, long offset) {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return topic;
            }

            @Override
            public int partition() {
                return partition;
            }

            @Override
            public long offset() {
                return offset;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "apply-reservation-command";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, partition);
            }

            @Override
            public long timestamp() {
                return 0L;
            }

            @Override
            public byte[] sourceRawKey() {
                return "h1".getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public byte[] sourceRawValue() {
                return "garbage".getBytes(StandardCharsets.UTF_8);
            }
        };
    }
}
