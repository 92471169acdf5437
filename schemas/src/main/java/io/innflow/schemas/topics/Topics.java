package io.innflow.schemas.topics;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogChangeDeserializer;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.SerdeFactory;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The typed registry of every topic innflow reads or writes. Code never spells a topic name
 * anywhere else.
 */
public final class Topics {

    private static final String DAY_MS = Long.toString(24L * 60 * 60 * 1000);

    private final Topic<String, ReservationCommand> commands;
    private final Topic<String, ReservationResult> results;
    private final Topic<String, ReservationEvent> events;
    private final Topic<byte[], byte[]> commandsDeadLetters;
    private final Topic<byte[], byte[]> catalogDeadLetters;
    private final Topic<String, AvailabilityUpdate> availabilityUpdates;
    private final Map<CatalogTable, Topic<byte[], CatalogChange>> catalog;
    private final SerdeFactory serdes;

    private Topics(SerdeFactory serdes) {
        this.serdes = serdes;
        Serde<String> keys = Serdes.String();
        commands = new Topic<>(
                "reservation-commands",
                keys,
                serdes.value(ReservationCommand.class),
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(7 * 24L * 60 * 60 * 1000)));
        results = new Topic<>(
                "reservation-results",
                keys,
                serdes.value(ReservationResult.class),
                Map.of("cleanup.policy", "delete", "retention.ms", DAY_MS));
        events = new Topic<>(
                "reservation-events",
                keys,
                serdes.value(ReservationEvent.class),
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(30 * 24L * 60 * 60 * 1000)));
        commandsDeadLetters = new Topic<>(
                "reservation-commands-dlq",
                Serdes.ByteArray(),
                Serdes.ByteArray(),
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(14 * 24L * 60 * 60 * 1000)));
        catalogDeadLetters = new Topic<>(
                "catalog-dlq",
                Serdes.ByteArray(),
                Serdes.ByteArray(),
                Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(14 * 24L * 60 * 60 * 1000)));
        availabilityUpdates = new Topic<>(
                "availability-updates",
                keys,
                serdes.value(AvailabilityUpdate.class),
                Map.of("cleanup.policy", "compact"));
        catalog = new java.util.EnumMap<>(CatalogTable.class);
        for (CatalogTable table : CatalogTable.values()) {
            catalog.put(
                    table,
                    new Topic<>(
                            "catalog.public." + table.tableName(),
                            Serdes.ByteArray(),
                            Serdes.serdeFrom(
                                    (topic, change) -> {
                                        throw new UnsupportedOperationException(
                                                "Only the Debezium connector writes " + topic);
                                    },
                                    new CatalogChangeDeserializer(table, serdes.catalogRows())),
                            Map.of("cleanup.policy", "compact")));
        }
    }

    /** Builds the registry with serdes from {@code serdes}. */
    public static Topics create(SerdeFactory serdes) {
        return new Topics(serdes);
    }

    /** The factory the topics' serdes came from; stores and repartition topics use it too. */
    public SerdeFactory serdes() {
        return serdes;
    }

    /** Commands keyed by hotelId. */
    public Topic<String, ReservationCommand> commands() {
        return commands;
    }

    /** Results keyed by the reply address of the node that took the request. */
    public Topic<String, ReservationResult> results() {
        return results;
    }

    /** Events keyed by hotelId. */
    public Topic<String, ReservationEvent> events() {
        return events;
    }

    /** Each changed night's availability and price, keyed {@code hotelId|roomTypeId|night}; compacted. */
    public Topic<String, AvailabilityUpdate> availabilityUpdates() {
        return availabilityUpdates;
    }

    /** Records that could not be read or processed, with the error in headers. */
    public Topic<byte[], byte[]> commandsDeadLetters() {
        return commandsDeadLetters;
    }

    /**
     * Catalog changes that could not be read, as they were (key and value bytes), with the error and
     * the source topic, partition and offset in headers. Never replayed: the fix is a new change of the
     * row in PostgreSQL.
     */
    public Topic<byte[], byte[]> catalogDeadLetters() {
        return catalogDeadLetters;
    }

    /** The Debezium change topic of one catalog table, decoded into catalog changes. */
    public Topic<byte[], CatalogChange> catalog(CatalogTable table) {
        return catalog.get(table);
    }

    /** Every topic the application creates at start (catalog topics included, compacted). */
    public List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new java.util.ArrayList<>(
                List.of(commands, results, events, availabilityUpdates, commandsDeadLetters, catalogDeadLetters));
        all.addAll(catalog.values());
        return List.copyOf(all);
    }
}
