package io.innflow.streams.catalog;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.streams.lifecycle.InputErrors;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The value of a record of a Debezium catalog topic as the topology reads it: a change, or a record
 * that cannot be read. Reading never throws for a broken record (the deserialization handler could
 * only stop the thread or skip it); the topology dead-letters it and blocks what it could have changed.
 * A transient failure (the registry unreachable) still throws, so the record is read again.
 */
public sealed interface CatalogInput {

    /** A change that was read. */
    record Readable(CatalogChange change) implements CatalogInput {}

    /** A record whose value could not be read: its bytes, and why. */
    record Unreadable(byte[] value, Exception error) implements CatalogInput {}

    /** Values of one catalog topic, read by {@code changes} (the topic's own deserializer). */
    static Serde<CatalogInput> serde(Deserializer<CatalogChange> changes) {
        Deserializer<CatalogInput> reader = new Deserializer<>() {
            @Override
            public CatalogInput deserialize(String topic, byte[] data) {
                return read(changes, topic, null, data);
            }

            @Override
            public CatalogInput deserialize(String topic, Headers headers, byte[] data) {
                return read(changes, topic, headers, data);
            }
        };
        return Serdes.serdeFrom(
                (topic, input) -> {
                    throw new UnsupportedOperationException("Only the Debezium connector writes " + topic);
                },
                reader);
    }

    private static CatalogInput read(Deserializer<CatalogChange> changes, String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            CatalogChange change =
                    headers == null ? changes.deserialize(topic, data) : changes.deserialize(topic, headers, data);
            return change == null ? null : new Readable(change);
        } catch (RuntimeException e) {
            if (InputErrors.isTransient(e)) {
                throw e;
            }
            return new Unreadable(data, e);
        }
    }
}
