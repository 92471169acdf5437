package io.innflow.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** The one place that builds serdes for innflow's own Avro types and for the catalog rows. */
public interface SerdeFactory {

    /** A serde for values of a generated Avro type (subject {@code <topic>-value}). */
    <T extends SpecificRecord> Serde<T> value(Class<T> type);

    /** Decodes a catalog row as the Connect worker's converter wrote it. */
    RowDecoder catalogRows();
}
