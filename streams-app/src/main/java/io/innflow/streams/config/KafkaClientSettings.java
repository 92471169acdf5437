package io.innflow.streams.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kafka client settings passed through as they are to every client of a node (Kafka Streams, the
 * facade's producer and consumer, the admin clients): security ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}) and any other client key a cluster needs. A key {@code
 * innflow.kafka.client.sasl.mechanism} sets {@code sasl.mechanism}; in the environment it is {@code
 * INNFLOW_KAFKA_CLIENT_SASL_MECHANISM} (after the prefix, {@code _} stands for {@code .}).
 *
 * @param properties the client keys and their values, without the prefix
 */
public record KafkaClientSettings(Map<String, String> properties) {

    /** The prefix of a pass-through key. */
    public static final String PREFIX = "innflow.kafka.client.";

    private static final String ENV_PREFIX = "INNFLOW_KAFKA_CLIENT_";

    public KafkaClientSettings {
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** The pass-through keys in {@code values} (a map of {@code innflow.*} key to raw value). */
    public static KafkaClientSettings from(Map<String, String> values) {
        Map<String, String> client = new HashMap<>();
        values.forEach((key, value) -> {
            if (isClientKey(key) && value != null && !value.isBlank()) {
                client.put(key.substring(PREFIX.length()), value.trim());
            }
        });
        return new KafkaClientSettings(client);
    }

    public static KafkaClientSettings none() {
        return new KafkaClientSettings(Map.of());
    }

    /** True when {@code key} is a pass-through key ({@value #PREFIX}...). */
    public static boolean isClientKey(String key) {
        return key.startsWith(PREFIX) && key.length() > PREFIX.length();
    }

    /** The pass-through keys set in the environment, as {@code innflow.kafka.client.*} keys. */
    public static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> keys = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String clientKey = name.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                keys.put(PREFIX + clientKey, value);
            }
        });
        return keys;
    }

    /** A client config: these settings, then {@code bootstrapServers}. */
    public Map<String, Object> clientConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>(properties);
        config.put("bootstrap.servers", bootstrapServers);
        return config;
    }

    /** Names every key; shows no value that may be a credential. */
    @Override
    public String toString() {
        return "KafkaClientSettings"
                + properties.entrySet().stream()
                        .map(e -> e.getKey() + "=" + (secret(e.getKey()) ? "***" : e.getValue()))
                        .collect(Collectors.joining(", ", "[", "]"));
    }

    /** Keys whose values are credentials: JAAS configs, passwords, keys and secrets. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("jaas")
                || k.contains("password")
                || k.contains("secret")
                || k.endsWith(".key")
                || k.contains("credential");
    }
}
