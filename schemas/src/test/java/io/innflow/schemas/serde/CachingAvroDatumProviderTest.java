package io.innflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

    private static final Schema NIGHT = SchemaBuilder.record("Night")
            .fields()
            .requiredString("hotelId")
            .requiredInt("available")
            .endRecord();

    @Test
    void shouldReuseOneWriterAndOneReaderPerSchemaAndStillRoundTrip() throws IOException {
        CachingAvroDatumProvider<GenericRecord> provider = new CachingAvroDatumProvider<>();
        GenericRecord night = new GenericData.Record(NIGHT);
        night.put("hotelId", "bkk-001");
        night.put("available", 7);

        var writer = provider.createDatumWriter(night, NIGHT);
        assertThat(provider.createDatumWriter(night, NIGHT)).isSameAs(writer);
        var reader = provider.createDatumReader(NIGHT);
        assertThat(provider.createDatumReader(NIGHT)).isSameAs(reader);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        writer.write(night, encoder);
        encoder.flush();
        GenericRecord back = reader.read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        assertThat(back.get("hotelId")).hasToString("bkk-001");
        assertThat(back.get("available")).isEqualTo(7);
    }

    @Test
    void shouldKeepWritersOfAnotherSchemaApart() {
        CachingAvroDatumProvider<GenericRecord> provider = new CachingAvroDatumProvider<>();
        Schema other = SchemaBuilder.record("Other").fields().requiredLong("id").endRecord();
        GenericRecord night = new GenericData.Record(NIGHT);
        GenericRecord record = new GenericData.Record(other);

        assertThat(provider.createDatumWriter(night, NIGHT)).isNotSameAs(provider.createDatumWriter(record, other));
    }
}
