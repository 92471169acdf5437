package io.innflow.api.ops;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record of the dead-letter topic, by its coordinates and the error Kafka Streams put in its headers;
 * never its value (a command carries guests' personal data).
 *
 * @param partition the dead-letter topic's partition
 * @param offset its offset there
 * @param timestamp when it was written (epoch milliseconds)
 * @param errors the {@code __streams.errors.*} headers: source topic, partition, offset, exception, message
 */
public record DeadLetter(int partition, long offset, long timestamp, Map<String, String> errors) {

    /** The prefix of the headers Kafka Streams' dead-letter handling writes. */
    public static final String ERROR_HEADERS = "__streams.errors.";

    /**
     * Reads a dead-letter record's error headers, without the prefix; values longer than {@code limit}
     * are cut, the stack trace is left out unless {@code withStackTrace}.
     */
    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record, int limit, boolean withStackTrace) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            String key = header.key();
            if (key.startsWith(ERROR_HEADERS)
                    && header.value() != null
                    && (withStackTrace || !key.endsWith("stacktrace"))) {
                String value = new String(header.value(), StandardCharsets.UTF_8);
                errors.put(
                        key.substring(ERROR_HEADERS.length()),
                        value.length() > limit ? value.substring(0, limit) + "…" : value);
            }
        }
        return new DeadLetter(record.partition(), record.offset(), record.timestamp(), errors);
    }

    /** The topic the record was read from when it failed; null if the headers do not say. */
    public String sourceTopic() {
        return errors.get("topic");
    }

    /** {@code topic-partition@offset} of the record where it failed, as the headers give it. */
    public String source() {
        return errors.get("topic") + "-" + errors.get("partition") + "@" + errors.get("offset");
    }
}
