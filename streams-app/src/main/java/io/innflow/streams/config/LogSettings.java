package io.innflow.streams.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a node logs. The logging backend reads these at start-up, before any configuration file is
 * read, so they take effect from the environment or a system property only; they are declared here so
 * that a node validates them like every other key and the docs list them.
 *
 * @param format {@code text} (one human-readable line per event) or {@code json} (one JSON object per line)
 * @param level the level of innflow's own loggers
 */
public record LogSettings(String format, String level) {

    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    public static final Setting<String> FORMAT = Setting.of(
            "innflow.log.format",
            "text",
            LogSettings::format,
            "`text`: human-readable lines; `json`: one JSON object per line, with the MDC (`requestId`, `hotelId`,"
                    + " `topic`, `partition`, `offset` where known). Read by the logging backend at start-up:"
                    + " set it in the environment or as a system property");
    public static final Setting<String> LEVEL = Setting.of(
            "innflow.log.level",
            "INFO",
            LogSettings::level,
            "level of innflow's own loggers (`TRACE` … `ERROR`, `OFF`); libraries log warnings and errors only."
                    + " Read at start-up like `innflow.log.format`");

    /** Every key, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(FORMAT, LEVEL);

    /** The settings in {@code values}, a map of key to raw value; absent keys take their defaults. */
    public static LogSettings from(Map<String, String> values) {
        return new LogSettings(FORMAT.read(values), LEVEL.read(values));
    }

    private static String format(String s) {
        String f = s.trim().toLowerCase(Locale.ROOT);
        if (!f.equals("text") && !f.equals("json")) {
            throw new IllegalArgumentException("must be text or json");
        }
        return f;
    }

    private static String level(String s) {
        String l = s.trim().toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(l)) {
            throw new IllegalArgumentException("must be one of " + LEVELS);
        }
        return l;
    }
}
