package io.innflow.streams.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.internals.ExceptionHandlerUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that cannot be read, decided per input (see docs/reliability.md):
 *
 * <ul>
 *   <li>a transient failure (registry or network unreachable) fails the thread, which is replaced and
 *       reads the record again from the last commit: nothing is skipped, nothing dead-lettered;
 *   <li>a broken command goes to the dead-letter topic with its coordinates, and processing goes on; so
 *       does a broken record in {@code reservation-events} (which the guest view reads): only the
 *       topology writes that topic, so such a record is no event of ours, and the view must not stop;
 *   <li>anything else (a catalog change) is never skipped: a lost stop-sell or allotment cut could
 *       oversell, so the thread stops with an error naming topic, partition and offset.
 * </ul>
 */
public final class DeserializationErrorHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeserializationErrorHandler.class);

    private Set<String> deadLetterSources = Set.of();
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterSources = InputErrors.deadLetterSources(configs);
        Object dlq = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = dlq == null ? null : dlq.toString();
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error) {
        String at = record.topic() + "-" + record.partition() + "@" + record.offset();
        // The key is bytes here (it could not be read either): the coordinates say where to look.
        try (RecordLogContext log = RecordLogContext.of(record.topic(), record.partition(), record.offset(), null)) {
            return handle(context, record, error, at);
        }
    }

    private Response handle(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error, String at) {
        if (InputErrors.isTransient(error)) {
            LOG.warn(
                    "Cannot read {} for now ({}); failing the thread so the record is read again",
                    at,
                    error.toString());
            return Response.fail();
        }
        if (deadLetterSources.contains(record.topic()) && deadLetterTopic != null) {
            LOG.warn("Dead-lettering unreadable record {} to {}: {}", at, deadLetterTopic, error.toString());
            return Response.resume(List.of(ExceptionHandlerUtils.buildDeadLetterQueueRecord(
                    deadLetterTopic, record.key(), record.value(), context, error)));
        }
        LOG.error(
                "Cannot read catalog change {}: it is never skipped, so processing of this thread stops until the"
                        + " record is readable or replaced (see docs/reliability.md)",
                at,
                error);
        return Response.fail();
    }
}
