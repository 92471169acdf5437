package io.innflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.inventory.NightOffer;
import io.innflow.schemas.reservation.Hold;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Flat store values: the wire format unchanged, read by hand exactly where Avro would read the same. */
class FlatRecordSerdeTest {

    private static final String TOPIC = "innflow-city-nights-store-changelog";

    private final TestSerdes serdes = new TestSerdes();
    private final Serde<NightOffer> avro = serdes.factory().value(NightOffer.class);
    private final Serde<NightOffer> serde =
            FlatRecordSerde.wrapping(serdes.factory().value(NightOffer.class), NightOffer::new);
    private final FlatRecordSerde.HandReader<NightOffer> byHand = FlatRecordSerde.HandReader.of(NightOffer::new);

    @Test
    void shouldReadTheFlatStoreValuesByHandAndLeaveOtherRecordsToAvro() {
        assertThat(FlatRecordSerde.readsByHand(NightOffer.getClassSchema())).isTrue();
        assertThat(FlatRecordSerde.readsByHand(NightInventory.getClassSchema())).isTrue();
        // Strings, dates and nested records: never by hand, the wrapped serde as it is.
        assertThat(FlatRecordSerde.readsByHand(Hold.getClassSchema())).isFalse();
        Serde<Hold> holds = serdes.factory().value(Hold.class);
        assertThat(FlatRecordSerde.wrapping(holds, Hold::new)).isSameAs(holds);
    }

    @Test
    void shouldReadNightsByHandAsAvroReadsThem() {
        Serde<NightInventory> avroNights = serdes.factory().value(NightInventory.class);
        Serde<NightInventory> nights =
                FlatRecordSerde.wrapping(serdes.factory().value(NightInventory.class), NightInventory::new);
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            NightInventory night = new NightInventory(
                    random.nextInt(100),
                    random.nextInt(100),
                    random.nextInt(100),
                    random.nextLong(),
                    random.nextBoolean(),
                    random.nextBoolean() ? null : random.nextInt(14),
                    random.nextBoolean() ? null : random.nextInt(30),
                    random.nextBoolean(),
                    random.nextBoolean(),
                    random.nextBoolean());

            byte[] bytes = nights.serializer().serialize(TOPIC, night);

            assertThat(bytes).isEqualTo(avroNights.serializer().serialize(TOPIC, night));
            assertThat(nights.deserializer().deserialize(TOPIC, bytes)).isEqualTo(night);
            assertThat(FlatRecordSerde.HandReader.of(NightInventory::new).read(bytes))
                    .as("by hand")
                    .isEqualTo(night);
        }
    }

    @Test
    void shouldWriteTheWireFormatAndReadBackWhatAvroReadsForAnyValues() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            NightOffer offer = new NightOffer(
                    i % 7 == 0 ? Integer.MIN_VALUE + i : random.nextInt(),
                    i % 5 == 0 ? Long.MAX_VALUE - i : random.nextLong(),
                    random.nextInt(10),
                    random.nextBoolean() ? null : random.nextInt(30),
                    random.nextBoolean() ? null : random.nextInt(),
                    random.nextBoolean(),
                    random.nextBoolean());

            byte[] bytes = serde.serializer().serialize(TOPIC, offer);

            assertThat(bytes).isEqualTo(avro.serializer().serialize(TOPIC, offer));
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(offer);
            assertThat(byHand.read(bytes)).as("by hand").isEqualTo(offer);
        }
    }

    @Test
    void shouldReadThroughAvroARecordOfAnotherSchemaIdEvenWithTheOwnIdLearnt() {
        NightOffer written = new NightOffer(3, 120_000L, 2, 2, null, false, true);
        serde.serializer().serialize(TOPIC, written);
        // A later version of the schema, one field added: another id, which the hand reader must not read.
        Schema evolved = SchemaBuilder.record("NightOffer")
                .namespace("io.innflow.schemas.inventory")
                .fields()
                .requiredInt("available")
                .requiredLong("priceMinor")
                .requiredInt("capacity")
                .optionalInt("minLos")
                .optionalInt("maxLos")
                .name("closedToArrival")
                .type()
                .booleanType()
                .booleanDefault(false)
                .name("closedToDeparture")
                .type()
                .booleanType()
                .booleanDefault(false)
                .name("breakfastIncluded")
                .type()
                .booleanType()
                .booleanDefault(false)
                .endRecord();
        GenericRecord later = new GenericData.Record(evolved);
        later.put("available", 4);
        later.put("priceMinor", 99_000L);
        later.put("capacity", 3);
        later.put("minLos", null);
        later.put("maxLos", 7);
        later.put("closedToArrival", true);
        later.put("closedToDeparture", false);
        later.put("breakfastIncluded", true);
        byte[] bytes = serdes.record(TOPIC, later);
        assertThat(schemaId(bytes)).isNotEqualTo(schemaId(serde.serializer().serialize(TOPIC, written)));

        assertThat(serde.deserializer().deserialize(TOPIC, bytes))
                .isEqualTo(new NightOffer(4, 99_000L, 3, null, 7, true, false));
        assertThatThrownBy(() -> byHand.read(bytes))
                .as("the hand reader alone would have refused it")
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRefuseARecordUnderTheOwnIdThatIsNotOneNightOffer() {
        byte[] bytes = serde.serializer().serialize(TOPIC, new NightOffer(1, 5L, 2, null, null, false, false));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, longer))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ended at byte");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, shorter))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ended early");
    }

    @Test
    void shouldReadByHandFromItsFirstReadWithoutHavingWritten() {
        NightOffer offer = new NightOffer(0, 0L, 1, null, null, false, false);
        // A restored store's record, with one byte after it: Avro reads the record and ignores the byte,
        // the hand reader refuses it, so what it decodes to says which reader read it.
        byte[] restored = avro.serializer().serialize(TOPIC, offer);
        byte[] trailing = Arrays.copyOf(restored, restored.length + 1);

        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, trailing))
                .as("by hand: a serde that never wrote asks for its schema id at its first read")
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ended at byte");
        assertThat(serde.deserializer().deserialize(TOPIC, restored)).isEqualTo(offer);
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldReadThroughAvroWhileItsSchemaIdCannotBeAskedForAndAskAgainLater() {
        NightOffer offer = new NightOffer(0, 0L, 1, null, null, false, false);
        byte[] restored = avro.serializer().serialize(TOPIC, offer);
        byte[] trailing = Arrays.copyOf(restored, restored.length + 1);
        AtomicInteger asked = new AtomicInteger();
        Serializer<NightOffer> unreachable = (topic, record) -> {
            asked.incrementAndGet();
            throw new SerializationException("registry unreachable");
        };
        AtomicLong clock = new AtomicLong(1_000_000);
        Serde<NightOffer> cut = FlatRecordSerde.wrapping(
                Serdes.serdeFrom(
                        unreachable, serdes.factory().value(NightOffer.class).deserializer()),
                NightOffer::new,
                clock::get);

        assertThat(cut.deserializer().deserialize(TOPIC, trailing))
                .as("through Avro")
                .isEqualTo(offer);
        clock.addAndGet(4_999);
        assertThat(cut.deserializer().deserialize(TOPIC, trailing)).isEqualTo(offer);
        assertThat(asked).as("asked once, not on every read").hasValue(1);
        clock.addAndGet(1);
        assertThat(cut.deserializer().deserialize(TOPIC, trailing)).isEqualTo(offer);
        assertThat(asked).as("asked again 5 s later").hasValue(2);
    }

    @Test
    void shouldLeaveOptionalLongsAndBooleansToAvro() {
        Schema optionalLong =
                SchemaBuilder.record("R").fields().optionalLong("a").endRecord();
        Schema optionalBoolean =
                SchemaBuilder.record("R").fields().optionalBoolean("a").endRecord();

        assertThat(FlatRecordSerde.readsByHand(optionalLong)).isFalse();
        assertThat(FlatRecordSerde.readsByHand(optionalBoolean)).isFalse();
    }

    private static int schemaId(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}
