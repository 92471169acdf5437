package io.innflow.streams.topology;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.RowDecoder;
import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.catalog.ApplyCatalogChangeProcessor;
import io.innflow.streams.catalog.CatalogInput;
import io.innflow.streams.catalog.CatalogRead;
import io.innflow.streams.catalog.ReadCatalogRecord;
import io.innflow.streams.config.ReliabilitySettings;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.guest.GuestView;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.lifecycle.RunningStores;
import io.innflow.streams.metrics.CountCatalogChanges;
import io.innflow.streams.metrics.CountOutputs;
import io.innflow.streams.metrics.DomainCounters;
import io.innflow.streams.reservation.ApplyReservationCommandProcessor;
import io.innflow.streams.reservation.ReservationStores;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Builds innflow's topology. Used by the node, by TopologyTestDriver tests and by integration tests. */
public final class InnflowTopology {

    /** Name of the repartition topic that carries catalog changes keyed by hotel. */
    public static final String CATALOG_BY_HOTEL = "catalog-by-hotel";

    private InnflowTopology() {}

    public static Topology build(Topics topics, TopologySettings config) {
        return build(topics, config, ReliabilitySettings.defaults(), DomainCounters.NONE);
    }

    /** The topology, reporting what it applies and emits to {@code counters} (operators' metrics). */
    public static Topology build(Topics topics, TopologySettings config, DomainCounters counters) {
        return build(topics, config, ReliabilitySettings.defaults(), counters);
    }

    /**
     * The topology with its punctuations and replay guard bounded by {@code reliability}, reporting
     * what it applies and emits to {@code counters}.
     */
    public static Topology build(
            Topics topics, TopologySettings config, ReliabilitySettings reliability, DomainCounters counters) {
        return build(topics, config, reliability, counters, new RunningStores());
    }

    /**
     * The topology as a node runs it: as {@link #build(Topics, TopologySettings, ReliabilitySettings,
     * DomainCounters)}, with the stores its active tasks run registered in {@code running} for the
     * node's reads.
     */
    public static Topology build(
            Topics topics,
            TopologySettings config,
            ReliabilitySettings reliability,
            DomainCounters counters,
            RunningStores running) {
        StreamsBuilder builder = new StreamsBuilder();
        // One instance per store: both processors declare the inventory stores, Kafka Streams adds them once.
        InventoryStores inventory = InventoryStores.create(topics.serdes());
        KStream<String, SpecificRecord> catalogOut = wireCatalog(builder, topics, config, inventory, counters);
        KStream<String, SpecificRecord> commandsOut = wireCommands(
                builder,
                topics,
                config,
                reliability,
                counters,
                inventory,
                ReservationStores.create(topics.serdes()),
                running);
        wireOutputs(
                catalogOut
                        .merge(commandsOut, Named.as("merge-outputs"))
                        .processValues(() -> new CountOutputs(counters), Named.as("count-outputs")),
                topics);
        GuestView.wire(builder, topics, config, running);
        return builder.build();
    }

    /**
     * Catalog rows from Debezium, re-keyed by hotel into one topic co-partitioned with commands. A record
     * that cannot be read goes to the catalog dead-letter topic, and the block of the row its key names
     * goes on to the hotel's task (see {@link ReadCatalogRecord}).
     */
    private static KStream<String, SpecificRecord> wireCatalog(
            StreamsBuilder builder,
            Topics topics,
            TopologySettings config,
            InventoryStores inventory,
            DomainCounters counters) {
        KStream<String, CatalogChange> changes = null;
        Topic<byte[], byte[]> deadLetters = topics.catalogDeadLetters();
        for (CatalogTable table : CatalogTable.values()) {
            Topic<byte[], CatalogChange> topic = topics.catalog(table);
            String name = table.tableName().replace('_', '-');
            RowDecoder keys = topics.serdes().catalogRows();
            var read = builder.stream(
                            topic.name(),
                            Consumed.with(
                                            topic.keySerde(),
                                            CatalogInput.serde(
                                                    topic.valueSerde().deserializer()))
                                    .withName("catalog-" + name + "-source"))
                    .process(
                            () -> new ReadCatalogRecord(table, keys, counters, config.commitWhenIdle()),
                            Named.as("catalog-" + name + "-read"))
                    .split(Named.as("catalog-" + name + "-"))
                    .branch(
                            (key, value) -> value instanceof CatalogRead.DeadLetter,
                            Branched.withConsumer(
                                    dead -> dead.process(
                                                    DeadLetterRecord::new, Named.as("catalog-" + name + "-dlq-raw"))
                                            .to(
                                                    deadLetters.name(),
                                                    Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())
                                                            .withName("catalog-" + name + "-dlq-sink")),
                                    "dead-letters"))
                    .defaultBranch(Branched.as("changes"));
            KStream<String, CatalogChange> byHotel = read.get("catalog-" + name + "-changes")
                    .mapValues(value -> ((CatalogRead.Change) value).change(), Named.as("catalog-" + name + "-change"));
            changes = changes == null ? byHotel : changes.merge(byHotel, Named.as("catalog-" + name + "-merge"));
        }
        return changes.repartition(Repartitioned.<String, CatalogChange>as(CATALOG_BY_HOTEL)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serdes().value(CatalogChange.class))
                        .withNumberOfPartitions(config.partitions()))
                .processValues(() -> new CountCatalogChanges(counters), Named.as("count-catalog-changes"))
                .process(
                        new ApplyCatalogChangeProcessor.Supplier(inventory, config.commitWhenIdle()),
                        Named.as("apply-catalog-change"));
    }

    /** A dead letter as it was read: its own key and value bytes, the headers set by {@link ReadCatalogRecord}. */
    private static final class DeadLetterRecord implements Processor<String, CatalogRead, byte[], byte[]> {

        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, CatalogRead> record) {
            CatalogRead.DeadLetter dead = (CatalogRead.DeadLetter) record.value();
            context.forward(record.withKey(dead.key()).withValue(dead.value()));
        }
    }

    /** Commands keyed by hotel: check and apply. */
    private static KStream<String, SpecificRecord> wireCommands(
            StreamsBuilder builder,
            Topics topics,
            TopologySettings config,
            ReliabilitySettings reliability,
            DomainCounters counters,
            InventoryStores inventory,
            ReservationStores reservations,
            RunningStores running) {
        var commands = topics.commands();
        return builder.stream(
                        commands.name(),
                        Consumed.with(commands.keySerde(), commands.valueSerde())
                                .withName("reservation-commands-source"))
                .process(
                        new ApplyReservationCommandProcessor.Supplier(
                                config, reliability, counters, inventory, reservations, running),
                        Named.as("apply-reservation-command"));
    }

    /** Results to the caller's reply address, events by hotel, availability by night. */
    private static void wireOutputs(KStream<String, SpecificRecord> out, Topics topics) {
        out.split(Named.as("route-"))
                .branch(
                        (key, value) -> value instanceof ReservationResult,
                        Branched.withConsumer(
                                stream -> to(stream, topics.results(), "result", "results-sink"), "results"))
                .branch(
                        (key, value) -> value instanceof ReservationEvent,
                        Branched.withConsumer(stream -> to(stream, topics.events(), "event", "events-sink"), "events"))
                .branch(
                        (key, value) -> value instanceof AvailabilityUpdate,
                        Branched.withConsumer(
                                stream -> to(stream, topics.availabilityUpdates(), "availability", "availability-sink"),
                                "availability"));
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void to(
            KStream<String, SpecificRecord> stream, Topic<String, V> topic, String name, String sink) {
        stream.mapValues(value -> (V) value, Named.as("as-" + name))
                .to(
                        topic.name(),
                        Produced.with(topic.keySerde(), topic.valueSerde()).withName(sink));
    }
}
