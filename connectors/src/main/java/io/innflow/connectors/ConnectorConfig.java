package io.innflow.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Kafka Connect connector, as a distributed worker's REST API takes it: a name and a flat
 * string-to-string config. Produced by {@link ConnectorConfigs#load(String, Map)} with every
 * {@code ${...}} placeholder resolved.
 *
 * @param name the connector name ({@code "name"} in the JSON document)
 * @param config the connector settings in file order, unmodifiable
 */
public record ConnectorConfig(String name, Map<String, String> config) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConnectorConfig {
        Objects.requireNonNull(name, "name");
        config = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
    }

    /** The body of {@code POST /connectors}: {@code {"name": ..., "config": {...}}}. */
    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        document.put("config", config);
        return write(document);
    }

    /** The body of {@code PUT /connectors/{name}/config}: the config object alone. */
    public String configJson() {
        return write(config);
    }

    /** Secrets stay out of logs and exception messages. */
    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        config.forEach((k, v) -> masked.put(k, k.toLowerCase().contains("password") ? "********" : v));
        return "ConnectorConfig[name=" + name + ", config=" + masked + "]";
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise connector config", e);
        }
    }
}
