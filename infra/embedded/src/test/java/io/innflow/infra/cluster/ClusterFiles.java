package io.innflow.infra.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.innflow.infra.RepositoryRoot;
import io.innflow.streams.config.InnflowConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Reads the cluster-mode files of the repository the way their tools do, for tests. */
final class ClusterFiles {

    static final Path ROOT = RepositoryRoot.find();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern COMPOSE_VARIABLE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?}");

    private ClusterFiles() {}

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> yamlDocuments(String text) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readerFor(JsonNode.class).readValues(text).forEachRemaining(doc -> {
                if (doc != null && !((JsonNode) doc).isNull() && !((JsonNode) doc).isEmpty()) {
                    docs.add((JsonNode) doc);
                }
            });
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code .env.example}, the values a user starts from. */
    static Map<String, String> envExample() {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(ROOT.resolve(".env.example"))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** Compose's interpolation: {@code ${VAR}}, {@code ${VAR:?message}}, {@code ${VAR:-default}}, {@code $$}. */
    static String interpolate(String value, Map<String, String> env) {
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (env.containsKey(m.group(1))) {
                replacement = env.get(m.group(1));
            } else if (m.group().contains(":-")) {
                replacement = m.group()
                        .substring(m.group().indexOf(":-") + 2, m.group().length() - 1);
            } else {
                throw new AssertionError("compose variable " + m.group(1) + " is not set in .env.example");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Variables a compose value names (not {@code $$} escapes). */
    static List<String> composeVariables(String value) {
        List<String> names = new ArrayList<>();
        Matcher m = COMPOSE_VARIABLE.matcher(value);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Environment variable name → configuration key, for every key the node reads. */
    static Map<String, String> configKeysByEnv() {
        Map<String, String> keys = new LinkedHashMap<>();
        InnflowConfig.defaults().keySet().forEach(key -> keys.put(InnflowConfig.envName(key), key));
        return keys;
    }

    /**
     * Feeds every {@code INNFLOW_*} variable to the node's own parser, as the node would read it.
     *
     * @throws AssertionError naming a variable that is no configuration key
     */
    static InnflowConfig nodeConfig(Map<String, String> env) {
        Map<String, String> byEnv = configKeysByEnv();
        Map<String, String> values = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("INNFLOW_")) {
                String key = byEnv.get(name);
                if (key == null) {
                    throw new AssertionError(name + " is not a setting the node reads");
                }
                values.put(key, value);
            }
        });
        return InnflowConfig.of(values);
    }

    /** The least-privilege role the catalog migrations create for nodes (V20), which cluster mode must use. */
    static String nodeRole() {
        String migration = read(ROOT.resolve("connectors/src/main/resources/db/migration/V20__node_role.sql"));
        Matcher role = Pattern.compile("CREATE ROLE (\\w+) LOGIN NOSUPERUSER").matcher(migration);
        if (!role.find()) {
            throw new AssertionError("V20__node_role.sql creates no login role");
        }
        return role.group(1);
    }

    /** A property of the root pom ({@code <properties>}). */
    static String pomProperty(String name) {
        try {
            var doc = DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(ROOT.resolve("pom.xml").toFile());
            NodeList properties = doc.getElementsByTagName("properties");
            NodeList children = properties.item(0).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                Node n = children.item(i);
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    return e.getTextContent().trim();
                }
            }
            throw new AssertionError("no property " + name + " in the root pom");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code connectors/*.json}. */
    static List<Path> connectorFiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve("connectors"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code ${key}} placeholders (not provider references) of a connector file. */
    static List<String> connectorPlaceholders(Path file) {
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([^}:]*)}").matcher(read(file));
        while (m.find()) {
            if (!keys.contains(m.group(1))) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    /** What register-connectors.sh reads a placeholder from: {@code postgres.host} → {@code CONNECTOR_POSTGRES_HOST}. */
    static String connectorEnvName(String placeholder) {
        return "CONNECTOR_"
                + placeholder
                        .toUpperCase(java.util.Locale.ROOT)
                        .replace('.', '_')
                        .replace('-', '_');
    }

    static Map<String, String> fields(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
