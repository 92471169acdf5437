package io.innflow.connect.transforms;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Replaces top-level fields of a record's value (structs, arrays, maps, unions) by their JSON text,
 * so a JDBC sink can write nested data into one {@code jsonb} column.
 *
 * <p>Kafka Connect's own transforms cannot do this: {@code Flatten} leaves arrays of records as they
 * are, and {@code Cast} refuses complex types. The new field is a string schema named {@code
 * io.debezium.data.Json} with the parameter {@code __debezium.source.column.type=JSONB}, which the
 * Debezium JDBC sink binds as {@code cast(? as jsonb)}.
 *
 * <p>Encoding: a struct is an object whose null fields are left out, so an Avro union (a struct with
 * one field per branch, one of them set) becomes {@code {"Branch": {...}}}, Avro's JSON encoding of
 * a union; Connect {@code Date} is {@code "yyyy-MM-dd"}, {@code Timestamp} an ISO-8601 instant in
 * UTC, {@code Time} {@code "HH:mm:ss.SSS"}, {@code Decimal} a JSON number, bytes Base64.
 *
 * <p>Config: {@code fields}, the comma-separated names of the fields to replace; {@code omit}
 * (optional), the names of struct fields left out of the JSON at any depth, so data that must not reach
 * the sink's tables (a guest's contact details) never does.
 */
public class StructToJson<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String FIELDS_CONFIG = "fields";
    public static final String OMIT_CONFIG = "omit";
    public static final String JSON_SCHEMA_NAME = "io.debezium.data.Json";
    public static final String COLUMN_TYPE_PARAMETER = "__debezium.source.column.type";

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    FIELDS_CONFIG,
                    ConfigDef.Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "Names of the value's top-level fields to replace by their JSON text.")
            .define(
                    OMIT_CONFIG,
                    ConfigDef.Type.LIST,
                    "",
                    ConfigDef.Importance.MEDIUM,
                    "Names of struct fields left out of the JSON, at any depth (e.g. personal data).");

    private List<String> fields;
    private Set<String> omit = Set.of();
    private final Map<Schema, Schema> schemas = new IdentityHashMap<>();

    @Override
    public void configure(Map<String, ?> configs) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) CONFIG_DEF.parse(configs).get(FIELDS_CONFIG);
        if (names.isEmpty()) {
            throw new org.apache.kafka.common.config.ConfigException(FIELDS_CONFIG, names, "name at least one field");
        }
        fields = List.copyOf(names);
        @SuppressWarnings("unchecked")
        List<String> omitted = (List<String>) CONFIG_DEF.parse(configs).get(OMIT_CONFIG);
        omit = Set.copyOf(omitted);
    }

    @Override
    public R apply(R record) {
        if (record.value() == null) {
            return record;
        }
        if (!(record.value() instanceof Struct value) || record.valueSchema() == null) {
            throw new DataException("StructToJson needs a value with a struct schema, got "
                    + record.value().getClass().getName());
        }
        Schema schema = schemas.computeIfAbsent(value.schema(), this::jsonSchema);
        Struct out = new Struct(schema);
        for (Field field : schema.fields()) {
            Field original = value.schema().field(field.name());
            Object fieldValue = value.get(original);
            if (fields.contains(field.name()) && fieldValue != null) {
                StringBuilder json = new StringBuilder();
                write(json, original.schema(), fieldValue, omit);
                out.put(field, json.toString());
            } else {
                out.put(field, fieldValue);
            }
        }
        return record.newRecord(
                record.topic(),
                record.kafkaPartition(),
                record.keySchema(),
                record.key(),
                schema,
                out,
                record.timestamp(),
                record.headers());
    }

    private Schema jsonSchema(Schema original) {
        for (String name : fields) {
            if (original.field(name) == null) {
                throw new DataException("StructToJson: the value has no field '" + name + "'");
            }
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(original.name()).version(original.version());
        for (Field field : original.fields()) {
            if (fields.contains(field.name())) {
                SchemaBuilder json =
                        SchemaBuilder.string().name(JSON_SCHEMA_NAME).parameter(COLUMN_TYPE_PARAMETER, "JSONB");
                builder.field(
                        field.name(),
                        field.schema().isOptional() ? json.optional().build() : json.build());
            } else {
                builder.field(field.name(), field.schema());
            }
        }
        return builder.build();
    }

    static void write(StringBuilder out, Schema schema, Object value) {
        write(out, schema, value, Set.of());
    }

    /** Writes {@code value} as JSON, leaving out the struct fields named in {@code omit}. */
    static void write(StringBuilder out, Schema schema, Object value, Set<String> omit) {
        if (value == null) {
            out.append("null");
            return;
        }
        String logical = schema != null ? schema.name() : null;
        if (Date.LOGICAL_NAME.equals(logical)) {
            string(
                    out,
                    ((java.util.Date) value)
                            .toInstant()
                            .atOffset(ZoneOffset.UTC)
                            .toLocalDate()
                            .toString());
        } else if (Timestamp.LOGICAL_NAME.equals(logical)) {
            string(out, ((java.util.Date) value).toInstant().toString());
        } else if (Time.LOGICAL_NAME.equals(logical)) {
            long millis = ((java.util.Date) value).getTime();
            string(out, LocalTime.ofNanoOfDay(millis * 1_000_000L).toString());
        } else if (Decimal.LOGICAL_NAME.equals(logical)) {
            out.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof Struct struct) {
            out.append('{');
            boolean first = true;
            for (Field field : struct.schema().fields()) {
                Object fieldValue = struct.get(field);
                if (fieldValue == null || omit.contains(field.name())) {
                    continue;
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, field.name());
                out.append(':');
                write(out, field.schema(), fieldValue, omit);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            Schema items = schema != null ? schema.valueSchema() : null;
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(out, items, list.get(i), omit);
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            Schema values = schema != null ? schema.valueSchema() : null;
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, String.valueOf(entry.getKey()));
                out.append(':');
                write(out, values, entry.getValue(), omit);
            }
            out.append('}');
        } else if (value instanceof String s) {
            string(out, s);
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())
                || value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            // JSON has no NaN or infinity.
            string(out, value.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof byte[] bytes) {
            string(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            string(out, Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof java.util.Date date) {
            string(out, Instant.ofEpochMilli(date.getTime()).toString());
        } else {
            throw new DataException(
                    "StructToJson cannot encode a " + value.getClass().getName());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        schemas.clear();
    }
}
