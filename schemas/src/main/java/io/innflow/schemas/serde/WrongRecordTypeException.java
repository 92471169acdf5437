package io.innflow.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that decoded into a registered schema other than its topic's (a valid {@code
 * AvailabilityUpdate} in the commands topic): a broken record, never a transient failure, so the
 * input's handler treats it as such without looking further.
 */
public final class WrongRecordTypeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    public WrongRecordTypeException(String topic, Class<?> found, Class<?> expected) {
        super("A record of " + topic + " is a " + found.getName() + ", not a " + expected.getName());
    }
}
