package io.innflow.schemas.serde;

import io.innflow.schemas.inventory.NightOffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The values of the offers index ({@code city-nights-store}): written in the Confluent wire format by
 * the Avro serde it wraps, like every value innflow writes, and read by hand when they carry the schema
 * id this serde has itself written {@link NightOffer}'s schema under.
 *
 * <p>Why by hand: a search over 1,000 hotels reads thousands of these entries (every room type of the
 * city on every night of the stay), and decoding them through the registry's deserializer and Avro's
 * datum reader was 28% of the HTTP threads' CPU in a 64-client search (docs/benchmarks.md, "The offers
 * index read by hand"). The record is seven fixed fields; its Avro binary is read here with Avro's own
 * encoding rules (zig-zag varints, a union's branch index, one byte per boolean) into the generated
 * class.
 *
 * <p>What keeps it right: the hand reader is used only for a record whose 4-byte schema id is the one
 * the wrapped serializer wrote with {@link NightOffer#SCHEMA$} (learnt from this serde's own writes, so
 * the registry says that id is this schema), only while that schema has the fields the reader knows
 * ({@link #readsCurrentSchema}), and only when the reader ends exactly at the record's last byte. Any
 * other record (another id after the schema evolved, a restore of records written before this node's
 * first write) goes through the wrapped deserializer, so what it decodes never differs from it.
 */
public final class NightOfferSerde {

    /** The fields and types the hand reader decodes, in order, as {@link Schema#toString()} names them. */
    private static final List<String> FIELDS = List.of(
            "available:\"int\"",
            "priceMinor:\"long\"",
            "capacity:\"int\"",
            "minLos:[\"null\",\"int\"]",
            "maxLos:[\"null\",\"int\"]",
            "closedToArrival:\"boolean\"",
            "closedToDeparture:\"boolean\"");

    private static final boolean READS_CURRENT_SCHEMA = FIELDS.equals(fields(NightOffer.getClassSchema()));

    private static final int HEADER = 5;

    private NightOfferSerde() {}

    /** {@code avro}'s wire format, read by hand where it is known to be {@link NightOffer}'s own schema. */
    public static Serde<NightOffer> wrapping(Serde<NightOffer> avro) {
        Learnt learnt = new Learnt();
        return Serdes.serdeFrom(new Writer(avro.serializer(), learnt), new Reader(avro.deserializer(), learnt));
    }

    /** The schema id this serde's writes carry, once it has written. */
    private static final class Learnt {
        volatile int id = -1;
    }

    private record Writer(Serializer<NightOffer> avro, Learnt learnt) implements Serializer<NightOffer> {
        @Override
        public byte[] serialize(String topic, NightOffer offer) {
            byte[] bytes = avro.serialize(topic, offer);
            if (bytes != null && bytes.length >= HEADER && bytes[0] == 0) {
                learnt.id = schemaId(bytes);
            }
            return bytes;
        }

        @Override
        public void close() {
            avro.close();
        }
    }

    private record Reader(Deserializer<NightOffer> avro, Learnt learnt) implements Deserializer<NightOffer> {
        @Override
        public NightOffer deserialize(String topic, byte[] bytes) {
            int own = learnt.id;
            if (READS_CURRENT_SCHEMA
                    && own >= 0
                    && bytes != null
                    && bytes.length > HEADER
                    && bytes[0] == 0
                    && schemaId(bytes) == own) {
                return read(bytes);
            }
            return avro.deserialize(topic, bytes);
        }

        @Override
        public void close() {
            avro.close();
        }
    }

    /** Whether {@link NightOffer}'s schema is the one the hand reader decodes (a test holds it to true). */
    static boolean readsCurrentSchema() {
        return READS_CURRENT_SCHEMA;
    }

    private static int schemaId(byte[] bytes) {
        return ((bytes[1] & 0xff) << 24) | ((bytes[2] & 0xff) << 16) | ((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff);
    }

    /** One record's Avro binary after the header, field by field in the schema's order. */
    static NightOffer read(byte[] bytes) {
        Cursor in = new Cursor(bytes, HEADER);
        NightOffer offer = new NightOffer(
                in.readInt(),
                in.readLong(),
                in.readInt(),
                in.readOptionalInt(),
                in.readOptionalInt(),
                in.readBoolean(),
                in.readBoolean());
        if (in.position != bytes.length) {
            throw new SerializationException("A NightOffer record of " + bytes.length + " bytes ended at byte "
                    + in.position + ": not the schema its id names");
        }
        return offer;
    }

    /** Avro's binary encoding, read from a byte array. */
    private static final class Cursor {
        private final byte[] bytes;
        private int position;

        Cursor(byte[] bytes, int position) {
            this.bytes = bytes;
            this.position = position;
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

        /** A {@code ["null", "int"]} union: the branch index, then the int for branch 1. */
        Integer readOptionalInt() {
            long branch = readLong();
            if (branch == 0) {
                return null;
            }
            if (branch == 1) {
                return readInt();
            }
            throw new SerializationException("A union branch " + branch + " at byte " + position);
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
                throw new SerializationException("A NightOffer record ended early, at byte " + position);
            }
            return bytes[position++] & 0xff;
        }
    }

    private static List<String> fields(Schema schema) {
        return schema.getFields().stream().map(f -> f.name() + ":" + f.schema()).toList();
    }
}
