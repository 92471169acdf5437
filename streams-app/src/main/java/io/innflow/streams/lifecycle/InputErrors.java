package io.innflow.streams.lifecycle;

import io.innflow.schemas.serde.WrongRecordTypeException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidNumberEncodingException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * What the exception handlers need to decide per input: which source topics may dead-letter a record
 * (commands), where the dead letters go, and whether a failure is transient (worth reading the record
 * again) rather than a broken record.
 */
public final class InputErrors {

    /** Streams config key (innflow's own): the source topics whose broken records may go to the dead-letter topic. */
    static final String DEAD_LETTER_SOURCES_CONFIG = "innflow.errors.dead-letter-sources";

    private InputErrors() {}

    static Set<String> deadLetterSources(Map<String, ?> configs) {
        Object value = configs.get(DEAD_LETTER_SOURCES_CONFIG);
        if (value == null || value.toString().isBlank()) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(value.toString().split(",")));
    }

    /**
     * True when the failure says nothing about the record: the schema registry or the network did not
     * answer ({@link IOException}, {@link RetriableException}). Reading the record again later can
     * succeed, so it is never dead-lettered. Decided on types: a record that ends too early ({@link
     * EOFException}), a number the Avro decoder cannot read ({@link InvalidNumberEncodingException}, an
     * {@code IOException} too), anything else Avro refuses ({@link AvroRuntimeException}) and a record of
     * another schema ({@link WrongRecordTypeException}) are broken: reading them again fails the same way.
     */
    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (broken(t)) {
                return false;
            }
            if (t instanceof IOException || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    private static boolean broken(Throwable t) {
        return t instanceof EOFException
                || t instanceof InvalidNumberEncodingException
                || t instanceof AvroRuntimeException
                || t instanceof WrongRecordTypeException;
    }
}
