package io.innflow.streams.metrics;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.UnreadableCatalogRow;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes catalog changes through to be applied, counting each with its delay since the connector wrote it
 * and, when the connector said, since PostgreSQL committed it.
 */
public final class CountCatalogChanges implements FixedKeyProcessor<String, CatalogChange, CatalogChange> {

    private final DomainCounters counters;
    private FixedKeyProcessorContext<String, CatalogChange> context;

    public CountCatalogChanges(DomainCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, CatalogChange> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, CatalogChange> record) {
        context.forward(record);
        if (record.value() != null && record.value().getRow() instanceof UnreadableCatalogRow) {
            return; // a block, not a change: counted as a dead letter where it was read
        }
        // After forwarding: the change has been applied to the stores (the transaction commits later).
        long now = context.currentSystemTimeMs();
        counters.catalogChangeApplied(record.timestamp(), now);
        if (record.value() != null && record.value().getCommittedAt() != null) {
            counters.catalogChangeCommittedAndApplied(
                    record.value().getCommittedAt().toEpochMilli(), now);
        }
    }
}
