package io.innflow.streams.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * The catalog reader asks for a commit once the stream thread idles: the hotel's task reads a re-keyed
 * change only after the transaction that wrote it committed, so without this a change waited for
 * {@code commit.interval.ms}.
 */
class ReadCatalogRecordCommitTest {

    private final MockProcessorContext<String, CatalogRead> context = new MockProcessorContext<>();

    @Test
    void asksForACommitOnceChangesStopArriving() {
        ReadCatalogRecord reader =
                new ReadCatalogRecord(CatalogTable.HOTELS, null, DomainCounters.NONE, Duration.ofNanos(1));
        reader.init(context);
        assertThat(context.scheduledPunctuators())
                .as("nothing read: no check, so Kafka Streams has nothing to commit")
                .isEmpty();

        reader.process(new Record<>(new byte[] {1}, new CatalogInput.Readable(hotelChange()), 0L));
        punctuate();

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("bkk-001");
        assertThat(context.committed()).isTrue();
    }

    @Test
    void leavesCommitsToTheIntervalWhenTheIdleCommitIsOff() {
        ReadCatalogRecord reader = new ReadCatalogRecord(CatalogTable.HOTELS, null, DomainCounters.NONE, Duration.ZERO);
        reader.init(context);

        reader.process(new Record<>(new byte[] {1}, new CatalogInput.Readable(hotelChange()), 0L));

        assertThat(context.scheduledPunctuators()).isEmpty();
        assertThat(context.committed()).isFalse();
    }

    private void punctuate() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(0);
    }

    private static CatalogChange hotelChange() {
        return CatalogChange.newBuilder()
                .setRow(new HotelInfo("bkk-001", "Hotel", "Bangkok", "THB", "Asia/Bangkok", "APPROVED", null))
                .build();
    }
}
