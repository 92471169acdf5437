package io.innflow.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store values of a flat record type (ints, longs, booleans and {@code ["null", "int"]}):
 * written in the Confluent wire format by the Avro serde it wraps, like every value innflow writes,
 * and read by hand when they carry the schema id this serde has itself written the record's schema
 * under. Used for the store read by the thousand per request: the offers index search iterates
 * ({@code NightOffer}).
 *
 * <p>Why by hand: decoding the offers index's entries through the registry's deserializer and Avro's
 * datum reader was 28% of the HTTP threads' CPU in a 64-client search over 1,000 hotels
 * (docs/benchmarks.md, "The offers index read by hand"). A flat record's Avro binary is its fields in
 * order, each a zig-zag varint, a union's branch index then its value, or one byte for a boolean; that
 * is read here, with Avro's own encoding rules, into the generated class.
 *
 * <p>What keeps it right: the hand reader is used only for a record whose 4-byte schema id is the one
 * the wrapped serializer writes the class's schema with (learnt from this serde's own writes, or, before
 * its first write, from serializing an empty record of the class at its first read: either way the
 * registry has said that id is this schema), only when every field of that schema is of a kind the
 * reader knows (otherwise never), and only when the reader ends exactly at the record's last byte (a
 * {@link SerializationException} otherwise). Any other record (another id after the schema evolved, or
 * any record while the registry cannot be asked) goes through the wrapped deserializer, so what it
 * decodes never differs from it.
 */
public final class FlatRecordSerde {

    private static final Logger LOG = LoggerFactory.getLogger(FlatRecordSerde.class);
    private static final int HEADER = 5;
    /** How long reads go through Avro after the registry could not be asked for the own schema id. */
    private static final long RETRY_MS = 5_000;

    private FlatRecordSerde() {}

    /**
     * {@code avro}'s wire format for the records {@code empty} makes (a generated class's no-argument
     * constructor), read by hand where they are known to be of its schema; {@code avro} unchanged when
     * that schema is not flat.
     */
    public static <T extends SpecificRecord> Serde<T> wrapping(Serde<T> avro, Supplier<T> empty) {
        return wrapping(avro, empty, System::currentTimeMillis);
    }

    /** As {@link #wrapping(Serde, Supplier)}, with the clock that times asking again. */
    static <T extends SpecificRecord> Serde<T> wrapping(Serde<T> avro, Supplier<T> empty, LongSupplier clock) {
        Schema schema = empty.get().getSchema();
        Optional<List<Field>> fields = fields(schema);
        if (fields.isEmpty()) {
            return avro;
        }
        Serializer<T> writes = avro.serializer();
        Learnt<T> learnt = new Learnt<>(writes, empty, clock);
        HandReader<T> hand = new HandReader<>(schema.getFullName(), fields.get(), empty);
        return Serdes.serdeFrom(new Writer<>(writes, learnt), new Reader<>(avro.deserializer(), learnt, hand));
    }

    /** Whether records of {@code schema} can be read by hand. */
    static boolean readsByHand(Schema schema) {
        return fields(schema).isPresent();
    }

    /** The kinds of field the hand reader knows: those of the flat store values, no more. */
    private enum Field {
        INT,
        LONG,
        BOOLEAN,
        OPTIONAL_INT;

        Object read(Cursor in) {
            return switch (this) {
                case INT -> in.readInt();
                case LONG -> in.readLong();
                case BOOLEAN -> in.readBoolean();
                case OPTIONAL_INT -> in.present() ? in.readInt() : null;
            };
        }
    }

    /** The fields of a flat record schema in order, or empty when one is of a kind not read by hand. */
    private static Optional<List<Field>> fields(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        List<Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            Schema type = f.schema();
            boolean optional = false;
            if (type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
                    return Optional.empty();
                }
                type = branches.get(1);
                optional = true;
            }
            if (type.getLogicalType() != null) {
                return Optional.empty(); // the generated class holds another Java type (a date, an instant)
            }
            Field field =
                    switch (type.getType()) {
                        case INT -> optional ? Field.OPTIONAL_INT : Field.INT;
                        case LONG -> optional ? null : Field.LONG;
                        case BOOLEAN -> optional ? null : Field.BOOLEAN;
                        default -> null;
                    };
            if (field == null) {
                return Optional.empty();
            }
            fields.add(field);
        }
        return Optional.of(List.copyOf(fields));
    }

    /**
     * The schema id this serde's writes carry: learnt from its first write, or, when it is read before it
     * has written (a store restored after a restart: restoring copies bytes and serializes nothing), by
     * serializing an empty record at the first read, which asks the registry once.
     */
    private static final class Learnt<T> {
        private final Serializer<T> avro;
        private final Supplier<T> empty;
        private final LongSupplier clock;
        private volatile int id = -1;
        private volatile long askAgainAt = Long.MIN_VALUE;

        Learnt(Serializer<T> avro, Supplier<T> empty, LongSupplier clock) {
            this.avro = avro;
            this.empty = empty;
            this.clock = clock;
        }

        void wrote(byte[] bytes) {
            if (bytes != null && bytes.length >= HEADER && bytes[0] == 0) {
                id = schemaId(bytes);
            }
        }

        /** The own id, asking for it when nothing was written yet; -1 while it cannot be known. */
        int id(String topic) {
            int known = id;
            if (known >= 0 || clock.getAsLong() < askAgainAt) {
                return known;
            }
            try {
                wrote(avro.serialize(topic, empty.get()));
            } catch (RuntimeException e) {
                // Reads go on through the wrapped deserializer, which reports what is really wrong.
                askAgainAt = clock.getAsLong() + RETRY_MS;
                LOG.debug("The schema id of {} could not be learnt yet; reads go through Avro", topic, e);
            }
            return id;
        }
    }

    private record Writer<T>(Serializer<T> avro, Learnt<T> learnt) implements Serializer<T> {
        @Override
        public byte[] serialize(String topic, T record) {
            byte[] bytes = avro.serialize(topic, record);
            learnt.wrote(bytes);
            return bytes;
        }

        @Override
        public void close() {
            avro.close();
        }
    }

    private record Reader<T extends SpecificRecord>(Deserializer<T> avro, Learnt<T> learnt, HandReader<T> hand)
            implements Deserializer<T> {
        @Override
        public T deserialize(String topic, byte[] bytes) {
            if (bytes != null && bytes.length > HEADER && bytes[0] == 0 && schemaId(bytes) == learnt.id(topic)) {
                return hand.read(bytes);
            }
            return avro.deserialize(topic, bytes);
        }

        @Override
        public void close() {
            avro.close();
        }
    }

    private static int schemaId(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    /** One record's Avro binary after the header, field by field in the schema's order. */
    static final class HandReader<T extends SpecificRecord> {
        private final String name;
        private final Field[] fields;
        private final Supplier<T> empty;

        private HandReader(String name, List<Field> fields, Supplier<T> empty) {
            this.name = name;
            this.fields = fields.toArray(Field[]::new);
            this.empty = empty;
        }

        /** A reader for the records {@code empty} makes, for tests; fails when their schema is not flat. */
        static <T extends SpecificRecord> HandReader<T> of(Supplier<T> empty) {
            Schema schema = empty.get().getSchema();
            return new HandReader<>(schema.getFullName(), fields(schema).orElseThrow(), empty);
        }

        T read(byte[] bytes) {
            Cursor in = new Cursor(bytes, HEADER, name);
            T record = empty.get();
            for (int i = 0; i < fields.length; i++) {
                record.put(i, fields[i].read(in));
            }
            if (in.position != bytes.length) {
                throw new SerializationException("A " + name + " record of " + bytes.length + " bytes ended at byte "
                        + in.position + ": not the schema its id names");
            }
            return record;
        }
    }

    /** Avro's binary encoding, read from a byte array. */
    private static final class Cursor {
        private final byte[] bytes;
        private final String name;
        private int position;

        Cursor(byte[] bytes, int position, String name) {
            this.bytes = bytes;
            this.position = position;
            this.name = name;
        }

        int readInt() {
            long value = readLong();
            if (value != (int) value) {
                throw new SerializationException("An Avro int out of range at byte " + position);
            }
            return (int) value;
        }

        /** A zig-zag varint of at most ten bytes. */
        long readLong() {
            long raw = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = next();
                raw |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return (raw >>> 1) ^ -(raw & 1);
                }
            }
            throw new SerializationException("An Avro varint longer than ten bytes at byte " + position);
        }

        /** A {@code ["null", x]} union's branch index: false for null. */
        boolean present() {
            long branch = readLong();
            if (branch > 1 || branch < 0) {
                throw new SerializationException("A union branch " + branch + " at byte " + position);
            }
            return branch == 1;
        }

        boolean readBoolean() {
            int b = next();
            if (b > 1) {
                throw new SerializationException("An Avro boolean of " + b + " at byte " + position);
            }
            return b == 1;
        }

        private int next() {
            if (position >= bytes.length) {
                throw new SerializationException("A " + name + " record ended early, at byte " + position);
            }
            return bytes[position++] & 0xff;
        }
    }
}
