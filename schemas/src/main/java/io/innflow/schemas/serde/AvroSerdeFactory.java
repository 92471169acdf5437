package io.innflow.schemas.serde;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro serdes in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary; subjects
 * {@code <topic>-value}; no headers), through Apicurio Registry's Kafka serde. Any
 * Confluent-compatible consumer can read what these write.
 *
 * <p>Each call builds new serializer instances: Apicurio's serializer caches by schema content, so
 * one instance shared by two topics would never register the second topic's subject.
 */
public final class AvroSerdeFactory implements SerdeFactory {

    /** Avro refuses to deserialise generated classes outside the packages this property names. */
    public static final String SERIALIZABLE_PACKAGES = "org.apache.avro.SERIALIZABLE_PACKAGES";

    static {
        if (System.getProperty(SERIALIZABLE_PACKAGES) == null) {
            System.setProperty(SERIALIZABLE_PACKAGES, "io.innflow");
        }
    }

    private final Map<String, Object> config;
    private final RegistryClientFacade client;

    private AvroSerdeFactory(Map<String, Object> config, RegistryClientFacade client) {
        this.config = Map.copyOf(config);
        this.client = client;
    }

    /**
     * Serdes that talk to a registry server.
     *
     * @param registryUrl the server's base URL, e.g. {@code http://127.0.0.1:8081}
     */
    public static AvroSerdeFactory forRegistry(String registryUrl) {
        Map<String, Object> config = wireFormat();
        config.put("apicurio.registry.url", registryApi(registryUrl));
        return new AvroSerdeFactory(config, null);
    }

    /** Serdes over a given registry client; unit tests pass an in-memory one. */
    public static AvroSerdeFactory withClient(RegistryClientFacade client) {
        return new AvroSerdeFactory(wireFormat(), client);
    }

    /**
     * The registry API the Apicurio 3 client must use against an Apicurio 2.x server: it picks its
     * v2 client only when the URL names {@code /apis/registry/v2}.
     */
    public static String registryApi(String registryUrl) {
        String base = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
        return base.endsWith("/apis/registry/v2") ? base : base + "/apis/registry/v2";
    }

    private static Map<String, Object> wireFormat() {
        Map<String, Object> config = new HashMap<>();
        config.put("apicurio.registry.headers.enabled", "false");
        config.put("apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler");
        config.put("apicurio.registry.use-id", "contentId");
        config.put(
                "apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.strategy.TopicIdStrategy");
        config.put("apicurio.registry.dereference-schema", "true");
        config.put("apicurio.registry.auto-register", "true");
        config.put("apicurio.registry.avro-datum-provider", CachingAvroDatumProvider.class.getName());
        return config;
    }

    @Override
    public <T extends SpecificRecord> Serde<T> value(Class<T> type) {
        Map<String, Object> specific = new HashMap<>(config);
        specific.put("apicurio.registry.use-specific-avro-reader", "true");
        AvroKafkaSerializer<T> serializer =
                client == null ? new AvroKafkaSerializer<>() : new AvroKafkaSerializer<>(client);
        AvroKafkaDeserializer<T> deserializer =
                client == null ? new AvroKafkaDeserializer<>() : new AvroKafkaDeserializer<>(client);
        serializer.configure(specific, false);
        deserializer.configure(specific, false);
        return Serdes.serdeFrom(serializer, typed(type, deserializer));
    }

    /**
     * A record of another registered schema in a topic (a valid {@code AvailabilityUpdate} written to
     * the commands topic) decodes without complaint into the wrong class; refusing it here makes it a
     * broken record for the input's deserialization handler (the dead-letter topic for commands) instead
     * of a ClassCastException in a processor, which would stop the partition.
     */
    static <T extends SpecificRecord> Deserializer<T> typed(Class<T> type, Deserializer<T> decoder) {
        return (topic, bytes) -> {
            Object value = decoder.deserialize(topic, bytes);
            if (value != null && !type.isInstance(value)) {
                throw new WrongRecordTypeException(topic, value.getClass(), type);
            }
            return type.cast(value);
        };
    }

    @Override
    public RowDecoder catalogRows() {
        Map<String, Object> generic = new HashMap<>(config);
        generic.put("apicurio.registry.use-specific-avro-reader", "false");
        AvroKafkaDeserializer<GenericRecord> deserializer =
                client == null ? new AvroKafkaDeserializer<>() : new AvroKafkaDeserializer<>(client);
        deserializer.configure(generic, false);
        return (topic, bytes) -> columns(deserializer.deserialize(topic, bytes));
    }

    /** Reads one flat row record; strings become {@link String}, numbers and booleans stay as they are. */
    static Map<String, Object> columns(GenericRecord row) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (Schema.Field field : row.getSchema().getFields()) {
            Object value = row.get(field.pos());
            columns.put(field.name(), value instanceof CharSequence text ? text.toString() : value);
        }
        return columns;
    }
}
