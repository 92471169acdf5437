package io.innflow.notifier;

import io.innflow.streams.config.ConfigSources;
import io.innflow.streams.config.NodeSettings;
import io.innflow.streams.config.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the notifier needs: the Kafka cluster and registry it reads {@code reservation-events} from
 * (the node's own keys), its consumer group, its PostgreSQL database (outbox and stored offsets), the
 * SMTP server and the reminder lead. Resolved like a node's configuration: defaults, an optional
 * properties file ({@code INNFLOW_CONFIG_FILE}), environment variables, system properties.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code innflow.kafka.bootstrap})
 * @param registryUrl schema registry base URL ({@code innflow.registry.url})
 * @param groupId the notifier's consumer group
 * @param startAt where a partition without a stored offset starts: {@code earliest} or {@code latest}
 * @param postgresJdbcUrl the database holding the notifier schema and the catalog
 * @param postgresUser its user (the notifier's own role)
 * @param postgresPassword its password
 * @param smtpHost the SMTP server
 * @param smtpPort its port
 * @param smtpUser the SMTP user (empty: no authentication)
 * @param smtpPassword its password
 * @param smtpStartTls whether to require STARTTLS
 * @param from the sender address of every email
 * @param reminderLead how long before a hold expires its reminder is sent
 * @param sendInterval how often the outbox is scanned for emails that are due
 * @param outboxRetention how long a sent or given-up email stays in the outbox before it is deleted
 */
public record NotifierSettings(
        String bootstrapServers,
        String registryUrl,
        String groupId,
        String startAt,
        String postgresJdbcUrl,
        String postgresUser,
        String postgresPassword,
        String smtpHost,
        int smtpPort,
        String smtpUser,
        String smtpPassword,
        boolean smtpStartTls,
        String from,
        Duration reminderLead,
        Duration sendInterval,
        Duration outboxRetention) {

    public static final Setting<String> GROUP_ID = Setting.of(
            "innflow.notifier.group-id",
            "innflow-notifier",
            Setting::nonBlank,
            "the notifier's consumer group; its offsets live in PostgreSQL with the outbox (Kafka gets a copy"
                    + " for the lag view)");
    public static final Setting<String> START_AT = Setting.of(
            "innflow.notifier.start-at",
            "earliest",
            NotifierSettings::startAt,
            "where a partition with no stored offset starts: `earliest` (no event missed on a first start) or"
                    + " `latest`");
    public static final Setting<String> POSTGRES_JDBC_URL = Setting.of(
            "innflow.notifier.postgres.jdbc-url",
            "jdbc:postgresql://127.0.0.1:15432/postgres",
            Setting::nonBlank,
            "the database with the `notifier` schema (outbox, stored offsets) and the catalog's hotel names");
    public static final Setting<String> POSTGRES_USER = Setting.of(
            "innflow.notifier.postgres.user",
            "innflow_notifier",
            Setting::nonBlank,
            "its user: the notifier's own role, created by the migrations");
    public static final Setting<String> POSTGRES_PASSWORD =
            Setting.of("innflow.notifier.postgres.password", "", Setting::text, "its password (never printed)");
    public static final Setting<String> SMTP_HOST =
            Setting.of("innflow.notifier.smtp.host", "127.0.0.1", Setting::nonBlank, "SMTP server host");
    public static final Setting<Integer> SMTP_PORT =
            Setting.of("innflow.notifier.smtp.port", "2525", Setting.between(1, 65535), "SMTP server port");
    public static final Setting<String> SMTP_USER =
            Setting.of("innflow.notifier.smtp.user", "", Setting::text, "SMTP user (empty: no authentication)");
    public static final Setting<String> SMTP_PASSWORD =
            Setting.of("innflow.notifier.smtp.password", "", Setting::text, "SMTP password (never printed)");
    public static final Setting<Boolean> SMTP_STARTTLS = Setting.of(
            "innflow.notifier.smtp.starttls", "false", Setting::bool, "require STARTTLS on the SMTP connection");
    public static final Setting<String> FROM = Setting.of(
            "innflow.notifier.from",
            "innflow <bookings@innflow.local>",
            Setting::nonBlank,
            "the sender of every email; its domain ends each Message-ID");
    public static final Setting<Duration> REMINDER_LEAD = Setting.of(
            "innflow.notifier.reminder-lead",
            "PT60S",
            Setting::positiveDuration,
            "how long before a hold expires its reminder is sent (at once when the hold is shorter)");
    public static final Setting<Duration> SEND_INTERVAL = Setting.of(
            "innflow.notifier.send-interval",
            "PT1S",
            Setting::positiveDuration,
            "how often the outbox is scanned for emails that are due");

    public static final Setting<Duration> OUTBOX_RETENTION = Setting.of(
            "innflow.notifier.outbox-retention",
            "P35D",
            Setting::positiveDuration,
            "how long a sent or given-up email (the guest's address and the rendered text) stays in the outbox;"
                    + " longer than `reservation-events`' 30 days, so an event read again after an offset reset"
                    + " still finds its row and is not emailed twice");

    /** The notifier's own keys, in the order docs/configuration.md lists them. */
    public static final List<Setting<?>> SETTINGS = List.of(
            GROUP_ID,
            START_AT,
            POSTGRES_JDBC_URL,
            POSTGRES_USER,
            POSTGRES_PASSWORD,
            SMTP_HOST,
            SMTP_PORT,
            SMTP_USER,
            SMTP_PASSWORD,
            SMTP_STARTTLS,
            FROM,
            REMINDER_LEAD,
            SEND_INTERVAL,
            OUTBOX_RETENTION);

    /** Every key the notifier reads: the node's Kafka and registry keys, then its own. */
    public static List<Setting<?>> allSettings() {
        return Stream.concat(Stream.of(NodeSettings.KAFKA_BOOTSTRAP, NodeSettings.REGISTRY_URL), SETTINGS.stream())
                .toList();
    }

    /** The settings in {@code values}; absent keys take their defaults, a bad value fails naming its key. */
    public static NotifierSettings from(Map<String, String> values) {
        return new NotifierSettings(
                NodeSettings.KAFKA_BOOTSTRAP.read(values),
                NodeSettings.REGISTRY_URL.read(values),
                GROUP_ID.read(values),
                START_AT.read(values),
                POSTGRES_JDBC_URL.read(values),
                POSTGRES_USER.read(values),
                POSTGRES_PASSWORD.read(values),
                SMTP_HOST.read(values),
                SMTP_PORT.read(values),
                SMTP_USER.read(values),
                SMTP_PASSWORD.read(values),
                SMTP_STARTTLS.read(values),
                FROM.read(values),
                REMINDER_LEAD.read(values),
                SEND_INTERVAL.read(values),
                OUTBOX_RETENTION.read(values));
    }

    /** Defaults, then the optional file, then the environment, then system properties, then {@code overrides}. */
    public static NotifierSettings load(Map<String, String> overrides) {
        return resolve(ConfigSources.current(), overrides);
    }

    /**
     * The resolution order of {@link #load(Map)} over given sources. A node's file may hold the node's
     * keys too: only an unknown {@code innflow.notifier.*} key is an error.
     */
    public static NotifierSettings resolve(
            Path file, Map<String, String> env, Map<String, String> properties, Map<String, String> overrides) {
        return resolve(ConfigSources.of(file, env, properties), overrides);
    }

    private static NotifierSettings resolve(ConfigSources sources, Map<String, String> overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        allSettings().forEach(s -> values.put(s.key(), s.defaultValue()));
        sources.file().forEach((key, value) -> putKnown(values, key, value, sources.fileName()));
        sources.applyEnvironmentAndProperties(allSettings(), values);
        overrides.forEach((key, value) -> putKnown(values, key, value, "the overrides"));
        return from(values);
    }

    private static void putKnown(Map<String, String> values, String key, String value, String source) {
        if (key.startsWith("innflow.notifier.") && !values.containsKey(key)) {
            throw new IllegalArgumentException("Unknown configuration key " + key + " in " + source);
        }
        if (values.containsKey(key)) {
            values.put(key, value);
        }
    }

    private static String startAt(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (!v.equals("earliest") && !v.equals("latest")) {
            throw new IllegalArgumentException("must be earliest or latest");
        }
        return v;
    }

    /** The domain of {@link #from()}, for Message-IDs. */
    public String fromDomain() {
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
        int at = address.lastIndexOf('@');
        return at < 0 ? "innflow.local" : address.substring(at + 1).trim();
    }

    /** Never prints the passwords. */
    @Override
    public String toString() {
        return "NotifierSettings[bootstrap=" + bootstrapServers + ", registry=" + registryUrl + ", group=" + groupId
                + ", postgres=" + postgresJdbcUrl + " as " + postgresUser + ", smtp=" + smtpHost + ":" + smtpPort
                + ", reminderLead=" + reminderLead + "]";
    }
}
