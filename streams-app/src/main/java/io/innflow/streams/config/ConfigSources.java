package io.innflow.streams.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The sources a process reads its configuration from, later ones winning: an optional properties file
 * (named by {@code INNFLOW_CONFIG_FILE} or the system property {@value InnflowConfig#FILE_PROPERTY}), the
 * environment, system properties. A node ({@link InnflowConfig}) and the notifier read the same sources;
 * each decides which keys it knows.
 *
 * @param fileName the file's name for error messages, or null when there is none
 * @param file the file's keys and values (empty when there is none)
 * @param env the environment
 * @param properties the system properties
 */
public record ConfigSources(
        String fileName, Map<String, String> file, Map<String, String> env, Map<String, String> properties) {

    /** This process's sources. */
    public static ConfigSources current() {
        String file = System.getProperty(
                InnflowConfig.FILE_PROPERTY, System.getenv().getOrDefault("INNFLOW_CONFIG_FILE", ""));
        Map<String, String> properties = new HashMap<>();
        System.getProperties().stringPropertyNames().forEach(k -> properties.put(k, System.getProperty(k)));
        return of(file.isBlank() ? null : Path.of(file), System.getenv(), properties);
    }

    /** The given sources; {@code file} may be null. A file that cannot be read fails naming it. */
    public static ConfigSources of(Path file, Map<String, String> env, Map<String, String> properties) {
        return new ConfigSources(file == null ? null : file.toString(), read(file), env, properties);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> m = new HashMap<>();
        if (file == null) {
            return m;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /**
     * Puts into {@code values} what the environment and the system properties say for each of
     * {@code settings} (a key {@code innflow.http.port} is {@code INNFLOW_HTTP_PORT} in the environment).
     */
    public void applyEnvironmentAndProperties(Iterable<Setting<?>> settings, Map<String, String> values) {
        for (Setting<?> setting : settings) {
            String fromEnv = env.get(setting.envName());
            if (fromEnv != null) {
                values.put(setting.key(), fromEnv);
            }
            String fromProperty = properties.get(setting.key());
            if (fromProperty != null) {
                values.put(setting.key(), fromProperty);
            }
        }
    }
}
