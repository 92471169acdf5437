package io.innflow.schemas.serde;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Serdes over an in-memory registry, and catalog rows encoded the way the Connect worker's Avro
 * converter writes them (flat row records, optional columns as unions with null, dates as int days),
 * for unit tests.
 */
public final class TestSerdes {

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final AvroSerdeFactory factory = AvroSerdeFactory.withClient(registry);
    private final Map<CatalogTable, AvroKafkaSerializer<GenericRecord>> rowSerializers = new HashMap<>();
    private final Map<CatalogTable, AvroKafkaSerializer<GenericRecord>> keySerializers = new HashMap<>();

    public AvroSerdeFactory factory() {
        return factory;
    }

    /** Encodes one catalog row (column name → value; include {@code __deleted} for deletes). */
    public byte[] catalogRow(String topic, CatalogTable table, Map<String, Object> columns) {
        Schema schema = rowSchema(table, columns.keySet().stream().anyMatch(CONTENT_COLUMNS::contains));
        GenericRecord row = new GenericData.Record(schema);
        columns.forEach(row::put);
        if (!columns.containsKey("__deleted")) {
            row.put("__deleted", "false");
        }
        AvroKafkaSerializer<GenericRecord> serializer = rowSerializers.computeIfAbsent(table, t -> serializer(false));
        return serializer.serialize(topic, row);
    }

    /**
     * Encodes a catalog row's key as Debezium writes it: a record of the table's primary key columns
     * ({@code hotel_id}, then {@code room_type_id}, then {@code night} as int days).
     */
    public byte[] catalogKey(String topic, CatalogTable table, Map<String, Object> columns) {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("Key")
                .namespace("catalog.public." + table.tableName())
                .fields()
                .requiredString("hotel_id");
        if (table != CatalogTable.HOTELS) {
            f = f.requiredString("room_type_id");
        }
        if (table == CatalogTable.ROOM_NIGHTS) {
            f = f.requiredInt("night");
        }
        GenericRecord key = new GenericData.Record(f.endRecord());
        for (Schema.Field field : key.getSchema().getFields()) {
            key.put(field.name(), columns.get(field.name()));
        }
        AvroKafkaSerializer<GenericRecord> serializer = keySerializers.computeIfAbsent(table, t -> serializer(true));
        return serializer.serialize(topic, key);
    }

    /**
     * Encodes a catalog row whose schema lacks the {@code dropped} columns: a valid record of a table
     * that does not have them (an older or misconfigured source).
     */
    public byte[] catalogRowWithout(String topic, CatalogTable table, Map<String, Object> columns, String... dropped) {
        java.util.Set<String> gone = java.util.Set.of(dropped);
        Schema full = rowSchema(table, false);
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record(table.tableName())
                .namespace("catalog.public." + table.tableName())
                .fields();
        for (Schema.Field field : full.getFields()) {
            if (!gone.contains(field.name())) {
                f = f.name(field.name()).type(field.schema()).noDefault();
            }
        }
        GenericRecord row = new GenericData.Record(f.endRecord());
        columns.forEach((column, value) -> {
            if (!gone.contains(column)) {
                row.put(column, value);
            }
        });
        row.put("__deleted", "false");
        return serializer(false).serialize(topic, row);
    }

    /** Encodes any record in the wire format, registering its schema under {@code <topic>-value}. */
    public byte[] record(String topic, GenericRecord record) {
        return serializer(false).serialize(topic, record);
    }

    /** A generic serializer in the wire format over the in-memory registry, for keys or for values. */
    private AvroKafkaSerializer<GenericRecord> serializer(boolean key) {
        AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>(registry);
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
        config.put("apicurio.registry.use-id", "contentId");
        config.put("apicurio.registry.auto-register", "true");
        serializer.configure(config, key);
        return serializer;
    }

    /** The columns of migration V40; a row naming any of them is encoded with all of them, as Debezium would. */
    private static final java.util.Set<String> CONTENT_COLUMNS =
            java.util.Set.of("description", "star_rating", "amenities", "photos", "bed_type", "free_cancellation");

    private static Schema rowSchema(CatalogTable table, boolean content) {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record(table.tableName())
                .namespace("catalog.public." + table.tableName())
                .fields();
        f = f.requiredString("hotel_id");
        switch (table) {
            case HOTELS -> {
                f = f.requiredString("name")
                        .requiredString("city")
                        .requiredString("currency")
                        .requiredString("time_zone")
                        .requiredString("status");
                if (content) {
                    f = f.optionalString("description")
                            .optionalInt("star_rating")
                            .optionalString("address")
                            .optionalDouble("latitude")
                            .optionalDouble("longitude")
                            .name("amenities")
                            .type()
                            .array()
                            .items()
                            .nullable()
                            .stringType()
                            .noDefault()
                            .requiredString("photos")
                            .optionalString("check_in_time")
                            .optionalString("check_out_time")
                            .optionalString("cancellation_policy")
                            .requiredBoolean("free_cancellation");
                }
            }
            case ROOM_TYPES -> {
                f = f.requiredString("room_type_id")
                        .optionalString("code")
                        .requiredString("name")
                        .requiredInt("capacity")
                        .requiredInt("total_rooms")
                        .requiredLong("base_price_minor")
                        .requiredInt("overbooking_allowance")
                        .requiredBoolean("active");
                if (content) {
                    f = f.optionalString("description")
                            .optionalString("bed_type")
                            .optionalInt("size_m2")
                            .name("amenities")
                            .type()
                            .array()
                            .items()
                            .nullable()
                            .stringType()
                            .noDefault()
                            .requiredString("photos");
                }
            }
            case ROOM_NIGHTS ->
                f = f.requiredString("room_type_id")
                        .requiredInt("night")
                        .requiredInt("allotment")
                        .requiredLong("price_minor")
                        .requiredBoolean("stop_sell")
                        .optionalInt("min_los")
                        .optionalInt("max_los")
                        .requiredBoolean("closed_to_arrival")
                        .requiredBoolean("closed_to_departure");
        }
        // The fields the connector adds (transforms.unwrap.add.fields=op,source.ts_ms)
        return f.optionalString("__deleted")
                .optionalString("__op")
                .optionalLong("__source_ts_ms")
                .endRecord();
    }
}
