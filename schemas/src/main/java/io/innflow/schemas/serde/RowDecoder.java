package io.innflow.schemas.serde;

import java.util.Map;

/** Turns the bytes a Kafka Connect converter wrote for one table row into column values. */
@FunctionalInterface
public interface RowDecoder {

    /**
     * @param topic the topic the bytes came from
     * @param bytes the record value, never null
     * @return column name to value (numbers, booleans, strings; dates as days since the epoch)
     */
    Map<String, Object> decode(String topic, byte[] bytes);
}
