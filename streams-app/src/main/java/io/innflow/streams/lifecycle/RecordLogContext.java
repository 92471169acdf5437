package io.innflow.streams.lifecycle;

import org.slf4j.MDC;

/**
 * The coordinates of the record a stream thread reports on, in the MDC while the report is written:
 * {@code topic}, {@code partition}, {@code offset}, and {@code hotelId} when the record's key is one
 * (commands and catalog changes are keyed by hotel). Never the record's value.
 */
final class RecordLogContext implements AutoCloseable {

    private RecordLogContext() {}

    static RecordLogContext of(String topic, int partition, long offset, Object key) {
        MDC.put("topic", String.valueOf(topic));
        MDC.put("partition", Integer.toString(partition));
        MDC.put("offset", Long.toString(offset));
        if (key instanceof String hotelId && hotelId.length() <= 100) {
            MDC.put("hotelId", hotelId);
        }
        return new RecordLogContext();
    }

    @Override
    public void close() {
        MDC.remove("topic");
        MDC.remove("partition");
        MDC.remove("offset");
        MDC.remove("hotelId");
    }
}
