package io.innflow.api.ops;

import java.util.Map;

/**
 * A record of the dead-letter topic, by its coordinates and the error Kafka Streams put in its headers;
 * never its value (a command carries guests' personal data).
 *
 * @param partition the dead-letter topic's partition
 * @param offset its offset there
 * @param timestamp when it was written (epoch milliseconds)
 * @param errors the {@code __streams.errors.*} headers: source topic, partition, offset, exception, message
 */
public record DeadLetter(int partition, long offset, long timestamp, Map<String, String> errors) {}
