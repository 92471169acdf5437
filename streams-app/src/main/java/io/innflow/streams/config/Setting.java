package io.innflow.streams.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One configuration key, declared once: its name, its default (as written in a properties file), how
 * its value is parsed and checked, and the line that documents it in docs/configuration.md.
 *
 * @param key the key, {@code innflow.<area>.<name>}
 * @param defaultValue the value when no source sets it; empty for "no value"
 * @param parser turns the trimmed text into the typed value; throws on a bad value
 * @param doc what it means, as the documentation's table says it
 */
public record Setting<T>(String key, String defaultValue, Function<String, T> parser, String doc) {

    public static <T> Setting<T> of(String key, String defaultValue, Function<String, T> parser, String doc) {
        return new Setting<>(key, defaultValue, parser, doc);
    }

    /** The environment variable that sets this key: {@code innflow.http.port} → {@code INNFLOW_HTTP_PORT}. */
    public String envName() {
        return envName(key);
    }

    /** The environment variable of {@code key}: upper case, {@code .} and {@code -} become {@code _}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The typed value in {@code values} (the default when absent); a bad one fails naming the key. */
    public T read(Map<String, String> values) {
        String raw = values.getOrDefault(key, defaultValue);
        try {
            return parser.apply(raw == null ? "" : raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Invalid value for " + key + " (" + envName() + "): '" + raw + "': " + e.getMessage(), e);
        }
    }

    // ---- parsers

    /** Any text, trimmed; may be empty. */
    public static String text(String s) {
        return s;
    }

    public static String nonBlank(String s) {
        if (s.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return s;
    }

    public static Path path(String s) {
        return Path.of(nonBlank(s));
    }

    /** An integer within {@code [min, max]}. */
    public static Function<String, Integer> between(int min, int max) {
        return s -> {
            int n = Integer.parseInt(s);
            if (n < min || n > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return n;
        };
    }

    /** {@code true} or {@code false}, nothing else. */
    public static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    public static Duration positiveDuration(String s) {
        Duration d = Duration.parse(s);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be a positive ISO-8601 duration such as PT10M");
        }
        return d;
    }

    public static Duration nonNegativeDuration(String s) {
        Duration d = Duration.parse(s);
        if (d.isNegative()) {
            throw new IllegalArgumentException("must be an ISO-8601 duration of zero or more, such as PT0.001S");
        }
        return d;
    }
}
