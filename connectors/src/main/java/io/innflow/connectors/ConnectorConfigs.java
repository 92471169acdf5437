package io.innflow.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the connector configs shipped in this module ({@code connectors/<name>.json} in the
 * repository, {@code <name>.json} on the classpath) and resolves their placeholders.
 *
 * <p>Placeholder rules:
 *
 * <ul>
 *   <li>{@code ${key}} is replaced by {@code values.get(key)}; a key absent from {@code values} is
 *       an error naming the placeholder, the setting and the file.
 *   <li>{@code ${provider:...}} (anything with a colon) is a Kafka Connect config-provider
 *       reference such as {@code ${env:PG_PASSWORD}} or {@code ${file:/secrets:pw}}; it is left for
 *       the worker to resolve, so production can keep secrets out of the JSON.
 *   <li><code>$${</code> is a literal <code>${</code>.
 * </ul>
 *
 * Placeholders are resolved in string values only, after JSON parsing, so a value with quotes or
 * backslashes (a password) cannot break the document.
 */
public final class ConnectorConfigs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$?\\$\\{([^}]*)}");

    private ConnectorConfigs() {}

    /**
     * Reads connector {@code name} from the classpath and substitutes placeholders.
     *
     * @param name the connector file name, with or without {@code .json} (e.g. {@code
     *     "catalog-source"})
     * @param values placeholder values, keyed without {@code ${}} (e.g. {@code "postgres.host"});
     *     unused entries are ignored
     * @throws IllegalArgumentException if the file is missing or malformed, or a placeholder has no
     *     value
     */
    public static ConnectorConfig load(String name, Map<String, String> values) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        String resource = name.endsWith(".json") ? name : name + ".json";
        ClassLoader loader = ConnectorConfigs.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("connector config '" + resource + "' not found on the classpath");
            }
            return parse(resource, in.readAllBytes(), values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector config '" + resource + "'", e);
        }
    }

    /** Parses a connector document given as JSON text; {@code origin} names it in error messages. */
    public static ConnectorConfig parse(String origin, String json, Map<String, String> values) {
        return parse(origin, json.getBytes(StandardCharsets.UTF_8), values);
    }

    private static ConnectorConfig parse(String origin, byte[] json, Map<String, String> values) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "connector config '" + origin + "' is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read connector config '" + origin + "'", e);
        }
        if (root == null
                || !root.isObject()
                || !root.path("name").isTextual()
                || !root.path("config").isObject()) {
            throw new IllegalArgumentException(
                    "connector config '" + origin + "' must be {\"name\": \"...\", \"config\": {...}}");
        }
        TreeSet<String> missing = new TreeSet<>();
        String name = substitute("name", root.get("name").asText(), values, missing);
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException("connector config '" + origin + "': setting '" + field.getKey()
                        + "' must be a string, number or boolean");
            }
            config.put(field.getKey(), substitute(field.getKey(), value.asText(), values, missing));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("connector config '" + origin + "': no value for placeholder(s) "
                    + missing + "; known: " + new TreeSet<>(values.keySet()));
        }
        return new ConnectorConfig(name, config);
    }

    private static String substitute(String setting, String text, Map<String, String> values, TreeSet<String> missing) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String token = m.group();
            String key = m.group(1);
            String replacement;
            if (token.startsWith("$$")) {
                replacement = token.substring(1);
            } else if (key.contains(":")) {
                replacement = token;
            } else if (values.containsKey(key) && values.get(key) != null) {
                replacement = values.get(key);
            } else {
                missing.add("${" + key + "} (in '" + setting + "')");
                replacement = token;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
